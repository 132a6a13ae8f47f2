/** JSON-in-text helpers, one per dialect: SQLite's json1 functions, PostgreSQL's jsonb operators. */
import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Dialect } from '../db/database.ts';

/** The text value at `key` of a JSON object column. */
export function jsonText(dialect: Dialect, column: string, key: string): RawBuilder<unknown> {
  return dialect === 'postgres'
    ? sql`(${sql.ref(column)}::jsonb ->> ${key})`
    : sql`json_extract(${sql.ref(column)}, ${`$."${key}"`})`;
}

/**
 * The number at `key` of a JSON object column, NULL when the value there is not a JSON number (a custom field deleted
 * and re-created with another type leaves values of the old type behind: they must not break a cast).
 */
export function jsonNumber(dialect: Dialect, column: string, key: string): RawBuilder<unknown> {
  return dialect === 'postgres'
    ? sql`(case when jsonb_typeof(${sql.ref(column)}::jsonb -> ${key}) = 'number' then (${sql.ref(column)}::jsonb ->> ${key})::numeric end)`
    : sql`(case when json_type(${sql.ref(column)}, ${`$."${key}"`}) in ('integer', 'real') then json_extract(${sql.ref(column)}, ${`$."${key}"`}) end)`;
}

/** Whether the JSON array at `key` (or the column itself when key is null) contains `value`. */
export function jsonArrayContains(
  dialect: Dialect,
  column: string,
  key: string | null,
  value: string,
): Expression<SqlBool> {
  if (dialect === 'postgres') {
    const arr = key === null ? sql`${sql.ref(column)}::jsonb` : sql`(${sql.ref(column)}::jsonb -> ${key})`;
    return sql<SqlBool>`coalesce(${arr} @> ${JSON.stringify([value])}::jsonb, false)`;
  }
  const path = key === null ? '$' : `$."${key}"`;
  return sql<SqlBool>`exists (select 1 from json_each(${sql.ref(column)}, ${path}) where value = ${value})`;
}

/**
 * A correlated subquery: the rows of `from` matching `where`, as JSON text of an array of `[column, …]` arrays in
 * `orderBy` order, `[]` when none. Lets a record's small child lists (emails, phones) come back with the record in
 * one query instead of one query per list.
 */
export function jsonRowsText(
  dialect: Dialect,
  columns: readonly string[],
  from: string,
  where: Expression<SqlBool>,
  orderBy: string,
): RawBuilder<string> {
  const cols = sql.join(columns.map((c) => sql.ref(c)));
  const order = sql.ref(orderBy);
  return dialect === 'postgres'
    ? sql<string>`(select coalesce(json_agg(json_build_array(${cols}) order by ${order}), '[]'::json)::text from ${sql.table(from)} where ${where})`
    : sql<string>`(select json_group_array(json_array(${cols}) order by ${order}) from ${sql.table(from)} where ${where})`;
}
