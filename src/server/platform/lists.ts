/**
 * Shared list mechanics: field catalogues, `filter=field:op:value` parsing (rejecting hidden and unknown fields the same
 * way, so a hidden value cannot leak through a filter, count or order), allow-listed sorts, keyset cursors, capped counts.
 */
import { type Expression, type RawBuilder, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import type { Dialect, Executor } from '../db/database.ts';
import { type Actor, canReadField, type RecordObject } from './access/policy.ts';
import { AppError, type FieldError } from './errors.ts';
import { jsonArrayContains } from './sql-json.ts';

export const FIELD_TYPES = [
  'text',
  'longText',
  'number',
  'currency',
  'date',
  'datetime',
  'boolean',
  'select',
  'multiSelect',
  'url',
  'email',
  'phone',
  'reference',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const FILTER_OPS = [
  'eq',
  'ne',
  'contains',
  'startsWith',
  'gt',
  'gte',
  'lt',
  'lte',
  'in',
  'empty',
  'notEmpty',
] as const;
export type FilterOp = (typeof FILTER_OPS)[number];

export interface FieldSpec {
  key: string;
  label: string;
  type: FieldType;
  filterable: boolean;
  sortable: boolean;
  custom: boolean;
  /** The column never holds NULL: sorts use it as is, so an index on it can serve the ORDER BY. */
  notNull?: boolean;
  /** A date or date-time field whose missing values sort last ascending (after every date), not first. */
  missingLast?: boolean;
  options?: string[];
  /** SQL value of the field on the list's main table (for filters and sorts). */
  expr?: RawBuilder<unknown>;
  /** Custom filter (multi-valued fields such as emails or tags). */
  filter?: (op: FilterOp, value: string) => Expression<SqlBool>;
  /** Turns the filter value into the stored form (e.g. a phone into E.164); throws a message on bad input. */
  normalise?: (value: string) => string;
}

/**
 * The fields every owned record (people, companies, and the modules that follow) lists alike: owner, team, and tags
 * (a JSON array of strings, filtered by "has tag"), on the columns `owner_id`, `team_id` and `tags` of `table`.
 */
export function ownershipFields(table: string, dialect: Dialect): FieldSpec[] {
  const col = (c: string) => sql.ref(`${table}.${c}`);
  const reference = (key: string, label: string, column: string): FieldSpec => ({
    key,
    label,
    type: 'reference',
    filterable: true,
    sortable: false,
    custom: false,
    expr: col(column),
  });
  return [
    reference('ownerId', 'Owner', 'owner_id'),
    reference('teamId', 'Team', 'team_id'),
    {
      key: 'tags',
      label: 'Tags',
      type: 'multiSelect',
      filterable: true,
      sortable: false,
      custom: false,
      expr: col('tags'),
      filter: (op, value) => {
        if (op !== 'eq' && op !== 'contains') {
          throw new AppError('list.invalid_query', 400, 'Invalid list query', 'tags supports eq (has tag)', [
            { pointer: '/filter', detail: 'tags supports eq (has tag)', in: 'query' },
          ]);
        }
        return jsonArrayContains(dialect, `${table}.tags`, null, value);
      },
    },
  ];
}

export interface ListParams {
  q?: string;
  filter?: string[] | string;
  sort?: string;
  limit?: number;
  cursor?: string;
  includeDeleted?: boolean;
}

export interface ListPage<T> {
  data: T[];
  nextCursor: string | null;
  total: number;
  totalCapped: boolean;
}

export const COUNT_CAP = 10_000;

/**
 * The number of rows a list query matches, reading at most `cap` of them (COUNT_CAP + 1 by default), so a huge table
 * never costs a full scan for a number. Every repository's list count goes through this.
 */
export async function countCapped(
  db: Executor,
  // biome-ignore lint/suspicious/noExplicitAny: any table's list query
  rows: SelectQueryBuilder<any, any, any>,
  cap = COUNT_CAP + 1,
): Promise<number> {
  const r = await sql<{
    n: number | string;
  }>`select count(*) as n from (${rows.select(sql`1`.as('one')).limit(cap)}) as c`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

export const badQuery = (pointer: string, detail: string): AppError =>
  new AppError('list.invalid_query', 400, 'Invalid list query', `${pointer}: ${detail}`, [
    { pointer, detail, in: 'query' },
  ]);

/** Only fields the actor may read are offered; others are indistinguishable from unknown fields. */
export function visibleFields(actor: Actor, object: RecordObject, fields: FieldSpec[]): FieldSpec[] {
  return fields.filter((f) => canReadField(actor, object, f.key));
}

const isNumeric = (f: FieldSpec) => f.type === 'number' || f.type === 'currency';
/** Fields read as text, which `contains` and `startsWith` can match (not numbers or booleans). */
const isText = (f: FieldSpec) => !isNumeric(f) && f.type !== 'boolean';

/** The field's SQL value; a numeric field's expression is numeric already (custom ones through `jsonNumber`). */
function comparable(f: FieldSpec, _dialect: Dialect): RawBuilder<unknown> {
  if (!f.expr) throw new Error(`Field ${f.key} has no SQL expression`);
  return f.expr;
}

/**
 * A number compared with a numeric field stays within ±MAX_SAFE_INTEGER (exact as a double, inside a bigint); money
 * (`currency`) is a whole number of minor units. Undefined when fine, else what the value must be.
 */
function numberProblem(f: FieldSpec, n: number): string | undefined {
  if (!Number.isFinite(n) || Math.abs(n) > Number.MAX_SAFE_INTEGER) {
    return `${f.key} takes a number between -${Number.MAX_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}`;
  }
  if (f.type === 'currency' && !Number.isInteger(n)) return `${f.key} takes a whole number of minor units`;
  return undefined;
}

function escapeLike(v: string): string {
  return v.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function coerce(f: FieldSpec, value: string, pointer: string): string | number {
  let v = value;
  if (f.normalise) {
    try {
      v = f.normalise(value);
    } catch (err) {
      throw badQuery(pointer, err instanceof Error ? err.message : String(err));
    }
  }
  if (f.type === 'number' || f.type === 'currency') {
    const n = Number(v);
    if (v.trim() === '' || Number.isNaN(n)) throw badQuery(pointer, `${f.key} takes a number`);
    const problem = numberProblem(f, n);
    if (problem) throw badQuery(pointer, problem);
    return n;
  }
  if (f.type === 'boolean') {
    if (v !== 'true' && v !== 'false') throw badQuery(pointer, `${f.key} takes true or false`);
    return f.custom ? v : v === 'true' ? 1 : 0;
  }
  if ((f.type === 'date' || f.type === 'datetime') && Number.isNaN(Date.parse(v))) {
    throw badQuery(pointer, `${f.key} takes a date (YYYY-MM-DD)`);
  }
  if (f.type === 'select' && f.options && !f.options.includes(v)) {
    throw badQuery(pointer, `${f.key} is one of ${f.options.join(', ')}`);
  }
  return v;
}

export function standardFilter(
  f: FieldSpec,
  op: FilterOp,
  value: string,
  dialect: Dialect,
  pointer: string,
): Expression<SqlBool> {
  const col = comparable(f, dialect);
  switch (op) {
    case 'empty':
      return isNumeric(f) ? sql<SqlBool>`${col} is null` : sql<SqlBool>`(${col} is null or ${col} = '')`;
    case 'notEmpty':
      return isNumeric(f) ? sql<SqlBool>`${col} is not null` : sql<SqlBool>`(${col} is not null and ${col} <> '')`;
    case 'contains':
      if (!isText(f)) throw badQuery(pointer, `${f.key} does not support ${op}`);
      return sql<SqlBool>`lower(${col}) like ${`%${escapeLike(value.toLowerCase())}%`} escape '\\'`;
    case 'startsWith':
      if (!isText(f)) throw badQuery(pointer, `${f.key} does not support ${op}`);
      return sql<SqlBool>`lower(${col}) like ${`${escapeLike(value.toLowerCase())}%`} escape '\\'`;
    case 'in': {
      const values = value.split('|').map((v, i) => coerce(f, v, `${pointer}/${i}`));
      return sql<SqlBool>`${col} in (${sql.join(values)})`;
    }
    default: {
      const v = coerce(f, value, pointer);
      const operator = { eq: '=', ne: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=' }[op];
      if (op === 'ne') return sql<SqlBool>`(${col} is null or ${col} <> ${v})`;
      return sql<SqlBool>`${col} ${sql.raw(operator)} ${v}`;
    }
  }
}

/** Parses `filter` params into SQL conditions. Unknown and hidden fields get the same 400 naming the parameter. */
export function parseFilters(raw: ListParams['filter'], fields: FieldSpec[], dialect: Dialect): Expression<SqlBool>[] {
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  if (list.length > 20) throw badQuery('/filter', 'at most 20 filters');
  const byKey = new Map(fields.map((f) => [f.key, f]));
  return list.map((item, i) => {
    const pointer = `/filter/${i}`;
    const first = item.indexOf(':');
    const second = first < 0 ? -1 : item.indexOf(':', first + 1);
    const key = first < 0 ? item : item.slice(0, first);
    const op = (second < 0 ? item.slice(first + 1) : item.slice(first + 1, second)) as FilterOp;
    const value = second < 0 ? '' : item.slice(second + 1);
    const f = byKey.get(key);
    if (!f?.filterable) throw badQuery(pointer, `unknown or unfilterable field "${key}"`);
    if (first < 0 || !FILTER_OPS.includes(op))
      throw badQuery(pointer, `use field:op:value with op one of ${FILTER_OPS.join(', ')}`);
    if (op !== 'empty' && op !== 'notEmpty' && value === '') throw badQuery(pointer, `a value is needed for ${op}`);
    if (value.length > 500) throw badQuery(pointer, 'the value is too long');
    if ((op === 'contains' || op === 'startsWith') && !isText(f))
      throw badQuery(pointer, `${f.key} does not support ${op}`);
    if (f.filter) {
      if (op === 'in') {
        for (const [j, v] of value.split('|').entries()) coerce(f, v, `${pointer}/${j}`);
      }
      const v = op === 'empty' || op === 'notEmpty' || op === 'in' ? value : String(coerce(f, value, pointer));
      return f.filter(op, v);
    }
    return standardFilter(f, op, value, dialect, pointer);
  });
}

export interface Sort {
  field: FieldSpec;
  expr: RawBuilder<unknown>;
  desc: boolean;
}

/**
 * The list's sort from `?sort=` (`-` for descending), among the fields the reader may see. Without one, `fallback`; when
 * the reader's role hides that field, the record id (`byId`), so a hidden field never orders a list by default.
 */
export function parseSort(
  raw: string | undefined,
  fields: FieldSpec[],
  fallback: string,
  dialect: Dialect,
  byId?: RawBuilder<unknown>,
): Sort {
  if (!(raw && raw.length > 0) && byId && !fields.some((x) => x.key === fallback)) {
    const id: FieldSpec = { key: 'id', label: 'Id', type: 'text', filterable: false, sortable: true, custom: false };
    return { field: { ...id, expr: byId, notNull: true }, expr: byId, desc: false };
  }
  const s = raw && raw.length > 0 ? raw : fallback;
  const desc = s.startsWith('-');
  const key = desc ? s.slice(1) : s;
  const f = fields.find((x) => x.key === key);
  if (!f?.sortable || !f.expr) throw badQuery('/sort', `cannot sort by "${key}"`);
  // Missing values sort first ascending: '' for text, the lowest number for numbers (typed, so PostgreSQL accepts it).
  if (f.notNull) return { field: f, expr: comparable(f, dialect), desc };
  // Dates are stored as ISO-8601 text: a missing one sorts after every date when the field asks for it.
  const missing = isNumeric(f)
    ? sql`${-Number.MAX_SAFE_INTEGER}`
    : f.missingLast && (f.type === 'date' || f.type === 'datetime')
      ? sql.lit('9999-12-31T23:59:59.999Z')
      : sql`''`;
  return { field: f, expr: sql`coalesce(${comparable(f, dialect)}, ${missing})`, desc };
}

export function encodeCursor(value: unknown, id: string): string {
  return Buffer.from(JSON.stringify([value, id])).toString('base64url');
}

export function decodeCursor(cursor: string): [string | number, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(v) &&
      v.length === 2 &&
      typeof v[1] === 'string' &&
      (typeof v[0] === 'string' || typeof v[0] === 'number')
    ) {
      return [v[0], v[1]];
    }
  } catch {
    // fall through
  }
  throw badQuery('/cursor', 'is not a cursor this server issued');
}

/** The position a cursor names in a list sorted by a text value (a timestamp) then id; undefined without one. */
export function textCursor(cursor: string | undefined): [string, string] | undefined {
  if (!cursor) return undefined;
  const [value, id] = decodeCursor(cursor);
  if (typeof value !== 'string') throw badQuery('/cursor', 'is not a cursor this server issued');
  return [value, id];
}

/**
 * A keyset page and its capped count, read side by side (on PostgreSQL on two pooled connections). `rows` holds up to
 * `limit + 1` rows, the extra one telling that a next page exists; the next cursor is the last shown row's sort value
 * and id.
 */
export async function keysetPage<R extends { id: string }, T>(
  rows: Promise<R[]>,
  count: Promise<number>,
  limit: number,
  sortValue: (row: R) => unknown,
  toDtos: (rows: R[]) => Promise<T[]>,
): Promise<ListPage<T>> {
  const [all, total] = await Promise.all([rows, count]);
  const page = all.slice(0, limit);
  const last = page[page.length - 1];
  return {
    data: await toDtos(page),
    nextCursor: all.length > limit && last ? encodeCursor(sortValue(last), last.id) : null,
    total: Math.min(total, COUNT_CAP),
    totalCapped: total > COUNT_CAP,
  };
}

/** The keyset condition for the page after `cursor` under `sort` (ties broken by id in the same direction). */
export function afterCursor(sort: Sort, cursor: string | undefined, idColumn: string): Expression<SqlBool> | undefined {
  if (!cursor) return undefined;
  const [raw, id] = decodeCursor(cursor);
  // A hand-made cursor whose value does not fit the sort (text for a number, a number past any bound) is refused here,
  // not by the database. A numeric sort's value may come back from PostgreSQL as text (numeric): read it as a number.
  let value: string | number = raw;
  if (isNumeric(sort.field)) {
    value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
    if (typeof value !== 'number' || numberProblem(sort.field, value) !== undefined) {
      throw badQuery('/cursor', 'is not a cursor this server issued for this sort');
    }
  } else if (typeof value !== 'string') throw badQuery('/cursor', 'is not a cursor this server issued for this sort');
  const cmp = sql.raw(sort.desc ? '<' : '>');
  return sql<SqlBool>`(${sort.expr}, ${sql.ref(idColumn)}) ${cmp} (${value}, ${id})`;
}

export function orderBy(sort: Sort, idColumn: string): RawBuilder<unknown> {
  const dir = sql.raw(sort.desc ? 'desc' : 'asc');
  return sql`${sort.expr} ${dir}, ${sql.ref(idColumn)} ${dir}`;
}

export function clampLimit(limit: number | undefined): number {
  return Math.min(Math.max(limit ?? 50, 1), 200);
}

export function validateFieldErrors(errors: FieldError[]): void {
  if (errors.length > 0)
    throw new AppError(
      'validation.failed',
      422,
      'Invalid input',
      errors.map((e) => `${e.pointer}: ${e.detail}`).join('; '),
      errors,
    );
}
