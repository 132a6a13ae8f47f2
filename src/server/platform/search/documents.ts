/**
 * Search documents: one row per searchable record (of every kind that declares `search`) with the
 * visibility columns, kept in step by the owning module inside its write transaction. Writing is portable; the
 * index behind it is dialect-specific (FTS5 triggers on SQLite, a generated tsvector + pg_trgm on PostgreSQL) and is
 * queried through `search-index.ts`.
 */
import type { Insertable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { SearchDocumentsTable } from '../../db/schema.ts';
import { now } from '../ids.ts';

export interface SearchDocument {
  kind: string;
  recordId: string;
  ownerId: string | null;
  teamId: string | null;
  title: string;
  subtitle: string | null;
  /** Everything a person might type to find the record: names, emails, phone digits, domain… */
  terms: (string | null | undefined)[];
}

/** Lower-cased, accent-free, whitespace-collapsed text for the index. */
export function searchText(parts: (string | null | undefined)[]): string {
  return parts
    .filter((p): p is string => typeof p === 'string' && p.trim() !== '')
    .join(' ')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** The forms a phone is searched by: E.164 digits and the national significant number. */
export function phoneTerms(e164: string): string[] {
  const digits = e164.replace(/\D/g, '');
  const out = [digits];
  // Without country code (1 to 3 digits) so "4155550100" finds "+14155550100".
  for (const cc of [1, 2, 3]) if (digits.length - cc >= 6) out.push(digits.slice(cc));
  return out;
}

/** A document as its `search_documents` row. */
export function documentRow(doc: SearchDocument, updatedAt: string): Insertable<SearchDocumentsTable> {
  return {
    kind: doc.kind,
    record_id: doc.recordId,
    owner_id: doc.ownerId,
    team_id: doc.teamId,
    title: doc.title,
    subtitle: doc.subtitle,
    terms: searchText(doc.terms),
    updated_at: updatedAt,
  };
}

export async function upsertSearchDocument(db: Executor, doc: SearchDocument): Promise<void> {
  const row = documentRow(doc, now());
  await db
    .insertInto('search_documents')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['kind', 'record_id']).doUpdateSet({
        owner_id: row.owner_id,
        team_id: row.team_id,
        title: row.title,
        subtitle: row.subtitle,
        terms: row.terms,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}

/** 8 columns a row: 250 rows a statement stay far below SQLite's bound-parameter limit. */
const ROWS_PER_STATEMENT = 250;

/** Writes (or rewrites) many documents set-based, in the caller's transaction. */
export async function writeSearchDocuments(db: Executor, docs: readonly SearchDocument[]): Promise<void> {
  const at = now();
  for (let i = 0; i < docs.length; i += ROWS_PER_STATEMENT) {
    const rows = docs.slice(i, i + ROWS_PER_STATEMENT).map((d) => documentRow(d, at));
    await db
      .insertInto('search_documents')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['kind', 'record_id']).doUpdateSet((eb) => ({
          owner_id: eb.ref('excluded.owner_id'),
          team_id: eb.ref('excluded.team_id'),
          title: eb.ref('excluded.title'),
          subtitle: eb.ref('excluded.subtitle'),
          terms: eb.ref('excluded.terms'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
}

export async function removeSearchDocuments(db: Executor, kind: string, ids: readonly string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) {
    await db
      .deleteFrom('search_documents')
      .where('kind', '=', kind)
      .where('record_id', 'in', ids.slice(i, i + 500))
      .execute();
  }
}

export async function removeSearchDocument(db: Executor, kind: string, recordId: string): Promise<void> {
  await db.deleteFrom('search_documents').where('kind', '=', kind).where('record_id', '=', recordId).execute();
}
