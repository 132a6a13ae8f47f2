/** JSON-in-text helpers, one per dialect: SQLite's json1 functions, PostgreSQL's jsonb operators. */
import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Dialect } from '../db/database.ts';

/** The text value at `key` of a JSON object column. */
export function jsonText(dialect: Dialect, column: string, key: string): RawBuilder<unknown> {
  return dialect === 'postgres'
    ? sql`(${sql.ref(column)}::jsonb ->> ${key})`
    : sql`json_extract(${sql.ref(column)}, ${`$."${key}"`})`;
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
