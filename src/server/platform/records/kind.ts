/**
 * A kind of record, declared once in TypeScript beside its module (`companies/companies.kind.ts`): its name and labels,
 * table, owner/team columns, fields, field map, export columns and how its timeline and events read. The declaration is
 * plain data: the access policy, custom fields, saved views, search, context cards, the event catalogue and
 * `/meta/objects` read it from the registry (`modules/kinds.ts`); the module's behaviour (its read query, validation,
 * search document) is given to the kernel as hooks (`kernel.ts`). Tables and migrations stay hand-written.
 */
import type { FieldType } from '../lists.ts';
import type { HiddenTerms } from '../search/search-index.ts';

export interface KindField {
  /** The API and list key (`firstName`); field rules, filters, sorts and saved views use it. */
  key: string;
  label: string;
  type: FieldType;
  /** The column on the kind's table the field filters and sorts on; absent when it has none (filter given by a hook). */
  column?: string;
  /** Default true. */
  filterable?: boolean;
  /** Default true. */
  sortable?: boolean;
  /** Records without a value sort last ascending (a task without a due date); default first. Date fields only. */
  missingLast?: boolean;
  /** The column never holds NULL (sorts use it as is, so an index serves the ORDER BY). */
  notNull?: boolean;
  options?: readonly string[];
  /** The kind (or `users`, `teams`) a reference field points to. */
  reference?: string;
  /** Personal data (GDPR): exported on a subject access request, erased on erasure. */
  personal?: boolean;
  /** What an erasure writes into a personal field's column (default null; a NOT NULL column needs one). */
  erasedValue?: string;
  /** Whether a role's field rules may hide it or make it read-only. Default true. */
  hideable?: boolean;
}

/**
 * How a kind is found by the global search (`/search`, the command palette): which fields make the result's title and
 * subtitle (read from the reader's redacted record, so a hidden field never shows) and which fields' values are indexed
 * besides the title's. Reference fields show the name of the record they point to and are never indexed.
 */
export interface KindSearch {
  /** Fields whose values, joined by a space, are the result's title (`['reference', 'subject']`). */
  title: readonly string[];
  /** Fields shown under the title, joined by ` · ` (`['amount', 'stageId']`). */
  subtitle: readonly string[];
  /** Other fields whose values are indexed (text, numbers: an order's number, a deal's source). */
  terms: readonly string[];
  /**
   * Which indexed words a reader's field rules hide. Default: the title's words when a title field is hidden, every
   * other word when a `terms` field is hidden (a hidden value never matches).
   */
  hidden?: (readable: (field: string) => boolean) => HiddenTerms;
}

/** A column of the kind's export: `field` is the field whose read rule gates it (null: always exportable). */
export interface ExportColumn {
  key: string;
  field?: string | null;
}

export interface RecordKind {
  /** The kind's name: the access object, URL segment and custom-field object (`companies`). */
  name: string;
  label: string;
  singularLabel: string;
  /** Prefix of its events: `company` gives `company.created|updated|deleted|restored`. */
  eventPrefix: string;
  table: string;
  /** Whether the table has an owner column and `team_id` (record visibility own / team / all applies). */
  owned: boolean;
  /**
   * The column naming the user a record belongs to (default `owner_id`; a task's is its assignee, `assignee_id`):
   * visibility `own` and placement read it.
   */
  ownerColumn?: string;
  /** Further columns whose user also sees the record under visibility `own` (a task's creator, `created_by`). */
  alsoVisibleTo?: readonly string[];
  /**
   * Whether the table has a bin (`deleted_at`; default true). Without one a delete removes the row for good, there is
   * nothing to restore and lists have no `includeDeleted`.
   */
  bin?: boolean;
  /** Whether a role's field rules (hidden, read-only) may name its fields (default true). */
  fieldRules?: boolean;
  /** A touchpoint with a customer (a task, a promise): `/meta/objects` marks it so. */
  touchpoint?: boolean;
  /** The lifecycle events it publishes (default all four; its module may publish more of its own). */
  lifecycle?: readonly LifecycleVerb[];
  /** Whether admins may add custom fields to it. */
  customFields: boolean;
  /** Whether it has a global search document (then `search` says how it is found and shown). */
  searchable: boolean;
  /** Its global search declaration; required when `searchable`. */
  search?: KindSearch;
  /**
   * Whether a context card can be asked for it (`/context-card/{kind}/{id}`; every searchable kind has one, the cards
   * of search results). Kinds without a hand-written card get one built from the record and `search`.
   */
  cards: boolean;
  /** The workspace module it belongs to (`sales`): while the module is off, the global search leaves it out. */
  module?: string;
  /** The list catalogue in display order (custom fields follow). */
  fields: readonly KindField[];
  /** Where each field shows up in a DTO besides its own key (see `FIELD_PATHS` in the access policy). */
  fieldPaths: Readonly<Record<string, readonly string[]>>;
  /** The body keys a field rule can make read-only (create/update inputs). */
  writable: readonly string[];
  /** DTO keys left out of the audit snapshot (ids, names of links, derived values, timestamps). */
  auditOmit: readonly string[];
  /** The default sort key of its list. */
  defaultSort: string;
  /** The columns of its export, in order (custom fields follow). */
  exportColumns: readonly ExportColumn[];
  /** Column values inserted when a create leaves them out. */
  insertDefaults: Readonly<Record<string, unknown>>;
  /** Fields its timeline summaries may quote ("Owner: …"): a reader who cannot read one sees a neutral summary. */
  summaryFields: readonly string[];
  /** Count the matches on every page (default: on the first page only). */
  countEveryPage?: boolean;
  /**
   * Columns holding personal data that are not list fields (address lines, postal code, custom fields), with the value
   * an erasure writes into each. With the `personal` fields, this is what a privacy erasure anonymises on the row.
   */
  personalColumns?: Readonly<Record<string, string | null>>;
  /** Timeline anchors of a record: which person and/or company its lifecycle entries are written for. */
  anchors: (row: Record<string, unknown>) => { personId?: string | null; companyId?: string | null };
}

/** The columns whose user owns a record of the kind for visibility `own`: its owner column, then the others. */
export function ownerColumns(kind: Pick<RecordKind, 'ownerColumn' | 'alsoVisibleTo'>): string[] {
  return [kind.ownerColumn ?? 'owner_id', ...(kind.alsoVisibleTo ?? [])];
}

/** The lifecycle events a kind publishes (`<eventPrefix>.<verb>`). */
export function lifecycleVerbs(kind: Pick<RecordKind, 'lifecycle' | 'bin'>): readonly LifecycleVerb[] {
  return kind.lifecycle ?? LIFECYCLE_VERBS.filter((v) => kind.bin !== false || v !== 'restored');
}

/** Declares a kind of record (identity function: the declaration is checked against `RecordKind`). */
export function defineRecordKind<const K extends RecordKind>(kind: K): K {
  return kind;
}

/** The verbs every kind publishes: `<eventPrefix>.<verb>`. */
export const LIFECYCLE_VERBS = ['created', 'updated', 'deleted', 'restored'] as const;
export type LifecycleVerb = (typeof LIFECYCLE_VERBS)[number];

/** A registry of kinds: the one list of record kinds (`modules/kinds.ts`), handed to platform code. */
export interface KindRegistry {
  readonly kinds: readonly RecordKind[];
  get(name: string): RecordKind | undefined;
  names(): string[];
}

export function kindRegistry(kinds: readonly RecordKind[]): KindRegistry {
  const byName = new Map(kinds.map((k) => [k.name, k]));
  if (byName.size !== kinds.length) throw new Error('Two record kinds share a name');
  for (const k of kinds) {
    if (k.searchable && (!k.search || !k.cards))
      throw new Error(`Kind ${k.name} is searchable: declare search and cards`);
    for (const key of k.search ? [...k.search.title, ...k.search.subtitle, ...k.search.terms] : []) {
      if (!k.fields.some((f) => f.key === key)) throw new Error(`Kind ${k.name} searches an unknown field "${key}"`);
    }
  }
  return { kinds, get: (name) => byName.get(name), names: () => kinds.map((k) => k.name) };
}

/** The column → value an erasure writes on a record of the kind: its personal fields and its other personal columns. */
export function erasureColumns(kind: RecordKind): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const f of kind.fields) {
    if (!f.personal || !f.column) continue;
    if (f.notNull && f.erasedValue === undefined)
      throw new Error(`${kind.name}.${f.key}: a NOT NULL personal field needs an erasedValue`);
    out[f.column] = f.erasedValue ?? null;
  }
  return { ...out, ...(kind.personalColumns ?? {}) };
}
