/**
 * A kind's place in the global search, from its declaration (`search` in `kind.ts`): the search document a kind
 * without a hand-written one gets from its table row, the title and subtitle a result shows (read from the reader's
 * redacted record, so a field the role hides never shows), and which indexed words a reader's field rules hide.
 */
import { formatMoney } from '../../../shared/money.ts';
import type { Executor } from '../../db/database.ts';
import type { SearchDocument } from '../search/documents.ts';
import { removeSearchDocuments, writeSearchDocuments } from '../search/documents.ts';
import type { HiddenTerms } from '../search/search-index.ts';
import type { KindField, RecordKind } from './kind.ts';

const fieldOf = (kind: RecordKind, key: string): KindField | undefined => kind.fields.find((f) => f.key === key);

const text = (v: unknown): string | undefined =>
  v === null || v === undefined || v === '' ? undefined : Array.isArray(v) ? v.join(' ') : String(v);

/**
 * The forms a value is found by: as written, its words ("SO-10023" → "so", "10023") and, for an identifier mixing
 * digits with separators, its digits alone ("2026-0042" typed as a number).
 */
function termForms(value: string | undefined): string[] {
  if (value === undefined) return [];
  const out = [value];
  // Its words apart as well: PostgreSQL's parser reads "INV-2026-0042" as "inv", "-2026", "-0042" (signed numbers).
  const words = value.replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  if (words !== value && words !== '') out.push(words);
  const digits = value.replace(/\D/g, '');
  if (digits.length >= 4 && digits !== value) out.push(digits);
  return out;
}

/** A row's column value for a field (undefined for references and fields without a column). */
function columnValue(kind: RecordKind, row: Record<string, unknown>, key: string): string | undefined {
  const f = fieldOf(kind, key);
  if (!f?.column || f.type === 'reference' || f.type === 'currency') return undefined;
  return text(row[f.column]);
}

/**
 * The search document of a record of a kind that declares `search` but writes no document of its own: the title's
 * and the terms' column values, with the owner and team for visibility. Undefined when the kind is not searchable.
 */
export function kindSearchDocument(kind: RecordKind, row: Record<string, unknown>): SearchDocument | undefined {
  const s = kind.search;
  if (!kind.searchable || !s) return undefined;
  const title = s.title.flatMap((k) => columnValue(kind, row, k) ?? []).join(' ');
  const subtitle = s.subtitle.flatMap((k) => columnValue(kind, row, k) ?? []).join(' · ');
  return {
    kind: kind.name,
    recordId: String(row.id),
    ownerId: kind.owned ? ((row.owner_id as string | null) ?? null) : null,
    teamId: kind.owned ? ((row.team_id as string | null) ?? null) : null,
    title,
    subtitle: subtitle === '' ? null : subtitle,
    terms: [...s.title, ...s.terms].flatMap((k) => termForms(columnValue(kind, row, k))),
  };
}

/**
 * Keeps the search documents of rows written set-based (an ERP sync) in step, in the caller's transaction: live rows
 * get their document, rows in the bin lose theirs. Rows carry the kind's columns (`id`, `deleted_at`, …).
 */
export async function syncKindSearchDocuments(
  db: Executor,
  kind: RecordKind,
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  if (!kind.searchable || rows.length === 0) return;
  const live = rows.filter((r) => r.deleted_at === null || r.deleted_at === undefined);
  await writeSearchDocuments(
    db,
    live.flatMap((r) => kindSearchDocument(kind, r) ?? []),
  );
  await removeSearchDocuments(
    db,
    kind.name,
    rows.filter((r) => !live.includes(r)).map((r) => String(r.id)),
  );
}

const humanise = (v: string) => {
  const s = v.replaceAll('_', ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
};

/** A field's value as a reader sees it on a (redacted) DTO: a link's name, money in its currency, a select's words. */
export function displayValue(kind: RecordKind, dto: Record<string, unknown>, key: string): string | undefined {
  const f = fieldOf(kind, key);
  const v = dto[key];
  if (f?.type === 'reference') {
    // The link's name is at its other path (`companyId` → `company`), hidden with it by the field rules.
    const path = kind.fieldPaths[key]?.find((p) => p !== key);
    const ref = path ? dto[path] : undefined;
    return text((ref as { name?: unknown } | null | undefined)?.name);
  }
  if (f?.type === 'currency' && v && typeof v === 'object') {
    const m = v as { amountMinor?: number; currency?: string };
    return typeof m.amountMinor === 'number' && m.currency ? formatMoney(m.amountMinor, m.currency) : undefined;
  }
  if (f?.type === 'select' && typeof v === 'string') return humanise(v);
  if (f?.type === 'datetime' && typeof v === 'string') return v.slice(0, 10);
  return text(v);
}

/** The title a search result or context card shows for a record (its kind's singular label when nothing is shown). */
export function searchTitle(kind: RecordKind, dto: Record<string, unknown>): string {
  const title = (kind.search?.title ?? [])
    .flatMap((k) => displayValue(kind, dto, k) ?? [])
    .join(' ')
    .trim();
  return title === '' ? kind.singularLabel : title;
}

export function searchSubtitle(kind: RecordKind, dto: Record<string, unknown>): string | null {
  const parts = (kind.search?.subtitle ?? []).flatMap((k) => displayValue(kind, dto, k) ?? []);
  return parts.length > 0 ? parts.join(' · ') : null;
}

/** The indexed words a reader may not match on, from the kind's declaration and the reader's field rules. */
export function hiddenTerms(kind: RecordKind, readable: (field: string) => boolean): HiddenTerms {
  const s = kind.search;
  if (!s) return {};
  if (s.hidden) return s.hidden(readable);
  return {
    names: !s.title.every(readable),
    others: !s.terms.filter((k) => !s.title.includes(k)).every(readable),
  };
}
