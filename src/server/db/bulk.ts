/**
 * Bulk loading: multi-row INSERTs compiled once per shape (no query-builder tree per row), and secondary indexes
 * dropped for the load and rebuilt afterwards from their own definitions as the database reports them, so no index
 * definition is repeated in code. Inserting millions of rows in random key order into a handful of B-trees writes
 * tens of gigabytes; one sort per index at the end writes each index once.
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CompiledQuery, type Insertable, sql } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database, Dialect, Executor } from './database.ts';
import type { DB } from './schema.ts';

/** SQLite's default bound-parameter limit is 32,766 (PostgreSQL allows 65,535); statements also stay under 1,000 rows. */
const MAX_PARAMETERS: Record<Dialect, number> = { sqlite: 32_766, postgres: 65_535 };
const MAX_ROWS_PER_STATEMENT = 1_000;

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

const statements = new Map<string, string>();

/** `insert into "t" ("a", "b") values (?, ?), (?, ?)` (or `$1, $2…` on PostgreSQL), cached per shape. */
function insertSql(dialect: Dialect, table: string, columns: readonly string[], rows: number): string {
  const key = `${dialect}|${table}|${columns.join(',')}|${rows}`;
  let text = statements.get(key);
  if (text === undefined) {
    const tuples: string[] = [];
    let n = 0;
    for (let r = 0; r < rows; r++) {
      const slots: string[] = [];
      for (let c = 0; c < columns.length; c++) slots.push(dialect === 'postgres' ? `$${++n}` : '?');
      tuples.push(`(${slots.join(', ')})`);
    }
    text = `insert into ${quote(table)} (${columns.map(quote).join(', ')}) values ${tuples.join(', ')}`;
    if (statements.size > 200) statements.clear();
    statements.set(key, text);
  }
  return text;
}

/**
 * Inserts rows with as few statements as the parameter limit allows. Every row must have the same keys as the first
 * (missing values are written as NULL). The SQL text repeats for full batches, so SQLite reuses its prepared statement.
 */
export async function insertRows<T extends keyof DB & string>(
  db: Executor,
  dialect: Dialect,
  table: T,
  rows: readonly Insertable<DB[T]>[],
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  const size = Math.max(
    1,
    Math.min(MAX_ROWS_PER_STATEMENT, Math.floor(MAX_PARAMETERS[dialect] / Math.max(1, columns.length))),
  );
  for (let i = 0; i < rows.length; i += size) {
    const end = Math.min(rows.length, i + size);
    const parameters: unknown[] = new Array((end - i) * columns.length);
    let k = 0;
    for (let r = i; r < end; r++) {
      const row = rows[r] as Record<string, unknown>;
      for (const column of columns) parameters[k++] = row[column] ?? null;
    }
    await db.executeQuery(CompiledQuery.raw(insertSql(dialect, table, columns, end - i), parameters));
  }
}

/**
 * Rows of one table as a flat, row-major array of values (`values[r * columns.length + c]`): what a statement binds,
 * and far cheaper than row objects to build, to pass between threads (structured clone) and to bind.
 */
export interface TableValues<T extends keyof DB & string = keyof DB & string> {
  table: T;
  columns: readonly string[];
  values: unknown[];
}

/** Flattens rows that all have the keys of the first (a missing value becomes NULL). */
export function toValues<T extends keyof DB & string>(table: T, rows: readonly Insertable<DB[T]>[]): TableValues<T> {
  if (rows.length === 0) return { table, columns: [], values: [] };
  const columns = Object.keys(rows[0]!);
  const width = columns.length;
  // filled by push, not preallocated: a packed array, which V8 copies to another thread several times faster
  const values: unknown[] = [];
  for (const row of rows as readonly Record<string, unknown>[])
    for (let c = 0; c < width; c++) values.push(row[columns[c]!] ?? null);
  return { table, columns, values };
}

/** Rows per statement on the direct SQLite path: measured fastest around 50-100 (a bigger statement binds slower). */
const SQLITE_ROWS_PER_STATEMENT = 64;
const prepared = new WeakMap<DatabaseSync, Map<string, StatementSync>>();

function sqliteStatement(raw: DatabaseSync, table: string, columns: readonly string[], rows: number): StatementSync {
  let cache = prepared.get(raw);
  if (cache === undefined) {
    cache = new Map();
    prepared.set(raw, cache);
  }
  const key = `${table}|${columns.join(',')}|${rows}`;
  let stmt = cache.get(key);
  if (stmt === undefined) {
    if (cache.size > 500) cache.clear();
    stmt = raw.prepare(insertSql('sqlite', table, columns, rows));
    cache.set(key, stmt);
  }
  return stmt;
}

/**
 * Inserts flat values. On SQLite with the connection's own handle (`Database.sqlite`), statements are prepared once
 * per shape and run synchronously without the query builder: 64 rows a statement, the rest in halving sizes, so a
 * table needs at most seven prepared statements. Otherwise, as `insertRows`: as many rows a statement as the
 * parameter limit allows. Values must be strings, numbers, bigints, Uint8Arrays or null.
 */
export async function insertValues(
  db: Executor,
  dialect: Dialect,
  data: TableValues,
  raw?: DatabaseSync,
): Promise<void> {
  if (raw !== undefined && dialect === 'sqlite') {
    insertValuesSync(raw, data);
    return;
  }
  const { table, columns, values } = data;
  const width = columns.length;
  if (width === 0 || values.length === 0) return;
  const rows = values.length / width;
  const size = Math.max(1, Math.min(MAX_ROWS_PER_STATEMENT, Math.floor(MAX_PARAMETERS[dialect] / width)));
  for (let i = 0; i < rows; i += size) {
    const end = Math.min(rows, i + size);
    const parameters = values.slice(i * width, end * width);
    await db.executeQuery(CompiledQuery.raw(insertSql(dialect, table, columns, end - i), parameters));
  }
}

/** The SQLite path of `insertValues`, for callers that hold the handle and manage the transaction themselves. */
export function insertValuesSync(raw: DatabaseSync, data: TableValues): void {
  const { table, columns, values } = data;
  const width = columns.length;
  if (width === 0 || values.length === 0) return;
  const rows = values.length / width;
  let size = Math.max(1, Math.min(SQLITE_ROWS_PER_STATEMENT, Math.floor(MAX_PARAMETERS.sqlite / width)));
  let stmt: StatementSync | undefined;
  for (let r = 0; r < rows; r += size) {
    if (stmt === undefined || r + size > rows) {
      while (r + size > rows) size >>= 1;
      stmt = sqliteStatement(raw, table, columns, size);
    }
    stmt.run(...(values.slice(r * width, (r + size) * width) as Bindable[]));
  }
}

type Bindable = null | number | bigint | string | Uint8Array;

/** A value in COPY's text format: `\N` for NULL; backslash, tab, newline and carriage return escaped. */
function copyField(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'string') return COPY_NEEDS_ESCAPE.test(value) ? value.replace(COPY_SPECIAL, escapeCopy) : value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (value instanceof Uint8Array) return `\\\\x${Buffer.from(value).toString('hex')}`;
  throw new TypeError(`COPY cannot write a ${typeof value}`);
}

const COPY_NEEDS_ESCAPE = /[\\\t\n\r]/;
const COPY_SPECIAL = /[\\\t\n\r]/g;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const escapeCopy = (c: string): string => COPY_ESCAPES[c]!;

/** The rows of `data` as COPY text: one line per row, fields separated by tabs. */
export function copyText(data: TableValues): string {
  const { columns, values } = data;
  const width = columns.length;
  const lines: string[] = [];
  const fields: string[] = new Array(width);
  for (let i = 0; i < values.length; i += width) {
    for (let c = 0; c < width; c++) fields[c] = copyField(values[i + c]);
    lines.push(fields.join('\t'));
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/**
 * PostgreSQL: writes the tables in one transaction on a client of its own, each with `COPY … FROM STDIN` (text
 * format), which PostgreSQL parses several times faster than multi-row INSERTs and without a plan per statement.
 */
export async function copyTables(pool: pg.Pool, tables: readonly TableValues[]): Promise<void> {
  const client = await pool.connect();
  let failed: unknown;
  try {
    await client.query('begin');
    for (const data of tables) {
      if (data.columns.length === 0 || data.values.length === 0) continue;
      const statement = `copy ${quote(data.table)} (${data.columns.map(quote).join(', ')}) from stdin`;
      await pipeline(Readable.from([copyText(data)]), client.query(copyFrom(statement)));
    }
    await client.query('commit');
  } catch (err) {
    failed = err;
    await client.query('rollback').catch(() => {});
    throw err;
  } finally {
    // a client whose COPY broke off is not handed out again
    client.release(failed instanceof Error ? failed : undefined);
  }
}

/**
 * Updates rows by key with one statement per batch: `update t set a = v.column2 … from (values (?, ?), …) as v
 * where t.key = v.column1` (UPDATE … FROM works on SQLite ≥ 3.33 and PostgreSQL). Every row must have the same keys as
 * the first; values are bound as text or numbers as given (PostgreSQL infers text for VALUES parameters: name the
 * numeric columns in `casts`).
 */
export async function updateRows<T extends keyof DB & string>(
  db: Executor,
  dialect: Dialect,
  table: T,
  key: keyof DB[T] & string,
  rows: readonly Partial<Record<keyof DB[T] & string, unknown>>[],
  /** Columns that are not text, with their SQL type (`bigint`, `integer`): their values are cast from the VALUES list. */
  casts: Partial<Record<keyof DB[T] & string, 'bigint' | 'integer'>> = {},
): Promise<void> {
  if (rows.length === 0) return;
  const columns = [key, ...Object.keys(rows[0]!).filter((c) => c !== key)];
  const typed = casts as Record<string, string | undefined>;
  const size = Math.max(
    1,
    Math.min(MAX_ROWS_PER_STATEMENT, Math.floor(MAX_PARAMETERS[dialect] / Math.max(1, columns.length))),
  );
  const sets = columns
    .slice(1)
    .map((c, i) =>
      typed[c] ? `${quote(c)} = cast(v.column${i + 2} as ${typed[c]})` : `${quote(c)} = v.column${i + 2}`,
    )
    .join(', ');
  for (let i = 0; i < rows.length; i += size) {
    const end = Math.min(rows.length, i + size);
    const parameters: unknown[] = [];
    const tuples: string[] = [];
    for (let r = i; r < end; r++) {
      const row = rows[r] as Record<string, unknown>;
      const slots: string[] = [];
      for (const column of columns) {
        parameters.push(row[column] ?? null);
        slots.push(dialect === 'postgres' ? `$${parameters.length}` : '?');
      }
      tuples.push(`(${slots.join(', ')})`);
    }
    const text = `update ${quote(table)} set ${sets} from (values ${tuples.join(', ')}) as v where ${quote(table)}.${quote(key)} = v.column1`;
    await db.executeQuery(CompiledQuery.raw(text, parameters));
  }
}

/**
 * Runs a bulk load with the connection tuned for it, then restores the settings. SQLite: foreign keys are not checked
 * (the loader guarantees them; `pragma foreign_key_check` verifies afterwards), commits do not wait for the disk (a
 * crash mid-load can lose the load: it is meant for filling an empty database) and the page cache is larger. A WAL
 * database writes pages straight to the file with an in-memory rollback journal when no other connection has it
 * open; otherwise (the checkpoint worker's connection) it stays in WAL and commits leave the checkpoints to that
 * worker unless the log passes 1 GiB. PostgreSQL needs nothing here.
 */
export async function withBulkLoadSettings<T>(database: Database, fn: () => Promise<T>): Promise<T> {
  if (database.dialect !== 'sqlite') return fn();
  const { db } = database;
  const read = async (name: string) =>
    Number(Object.values((await sql.raw(`pragma ${name}`).execute(db)).rows[0] as Record<string, unknown>)[0]);
  const saved = {
    foreign_keys: await read('foreign_keys'),
    synchronous: await read('synchronous'),
    cache_size: await read('cache_size'),
    wal_autocheckpoint: await read('wal_autocheckpoint'),
  };
  const journal = String(Object.values((await sql`pragma journal_mode`.execute(db)).rows[0] as object)[0]);
  await sql`pragma foreign_keys = off`.execute(db);
  await sql`pragma synchronous = off`.execute(db);
  await sql`pragma cache_size = -262144`.execute(db);
  let leftWal = false;
  if (journal === 'wal') {
    try {
      // pages written once to the database file instead of to the WAL and again at each checkpoint
      await sql`pragma journal_mode = memory`.execute(db);
      leftWal = true;
    } catch {
      // another connection has the database open: leaving WAL needs it alone
      await sql`pragma wal_autocheckpoint = 262144`.execute(db);
    }
  }
  try {
    return await fn();
  } finally {
    if (leftWal) await sql`pragma journal_mode = wal`.execute(db);
    for (const [name, value] of Object.entries(saved)) await sql.raw(`pragma ${name} = ${value}`).execute(db);
  }
}

export interface IndexDefinition {
  table: string;
  name: string;
  /** The statement that creates it, exactly as the database stores or reports it. */
  sql: string;
}

/**
 * The secondary indexes of the tables: not primary keys, not unique indexes or constraints (those guard the data
 * and stay in place), ordered by table and name.
 */
export async function secondaryIndexes(database: Database, tables: readonly string[]): Promise<IndexDefinition[]> {
  if (tables.length === 0) return [];
  const { db } = database;
  if (database.dialect === 'sqlite') {
    // Indexes behind PRIMARY KEY / UNIQUE constraints are sqlite_autoindex_* rows without SQL.
    const rows = await sql<{ name: string; tbl_name: string; sql: string }>`
      select name, tbl_name, sql from sqlite_master
      where type = 'index' and sql is not null and tbl_name in (${sql.join([...tables])})
      order by tbl_name, name`.execute(db);
    return rows.rows
      .filter((r) => !/^\s*create\s+unique\s/i.test(r.sql))
      .map((r) => ({ table: r.tbl_name, name: r.name, sql: r.sql }));
  }
  const rows = await sql<{ tablename: string; indexname: string; indexdef: string }>`
    select i.tablename, i.indexname, i.indexdef
    from pg_indexes i
    join pg_class c on c.relname = i.indexname
    join pg_namespace n on n.oid = c.relnamespace and n.nspname = i.schemaname
    join pg_index x on x.indexrelid = c.oid
    where i.schemaname = current_schema() and i.tablename in (${sql.join([...tables])})
      and not x.indisprimary and not x.indisunique
      and not exists (select 1 from pg_constraint k where k.conindid = c.oid)
    order by i.tablename, i.indexname`.execute(db);
  return rows.rows.map((r) => ({ table: r.tablename, name: r.indexname, sql: r.indexdef }));
}

/**
 * Runs `fn` with the secondary indexes of `tables` dropped, then recreates them from the definitions read before,
 * also when `fn` throws (its error is rethrown). Meant for bulk loads into tables nobody else is using.
 */
export async function withDeferredIndexes<T>(
  database: Database,
  tables: readonly string[],
  fn: () => Promise<T>,
): Promise<T> {
  const indexes = await secondaryIndexes(database, tables);
  const { db } = database;
  for (const index of indexes) await sql`drop index ${sql.id(index.name)}`.execute(db);
  let result: T;
  try {
    result = await fn();
  } finally {
    await recreate(database, indexes);
  }
  return result;
}

async function recreate(database: Database, indexes: readonly IndexDefinition[]): Promise<void> {
  if (indexes.length === 0) return;
  const { db } = database;
  if (database.dialect === 'sqlite') {
    // Small sort runs in temporary files: SQLite sorts each run in memory as a linked list, which thrashes the CPU
    // caches once a run is large, and merges runs kept in memory more slowly than runs in files the OS caches. Runs
    // of 2 MiB in files built the indexes of a 60k-people load in about half the time of 512 MiB runs in memory.
    const setting = async (name: string) =>
      Number(Object.values((await sql.raw(`pragma ${name}`).execute(db)).rows[0] as Record<string, unknown>)[0]);
    const saved = { cache_size: await setting('cache_size'), temp_store: await setting('temp_store') };
    await sql`pragma cache_size = -2048`.execute(db);
    await sql`pragma temp_store = file`.execute(db);
    try {
      for (const index of indexes) await sql.raw(index.sql).execute(db);
    } finally {
      for (const [name, value] of Object.entries(saved)) await sql.raw(`pragma ${name} = ${value}`).execute(db);
    }
    return;
  }
  // One connection, so the session setting applies to the statements that build the indexes.
  await db.connection().execute(async (conn) => {
    await sql`set maintenance_work_mem = '512MB'`.execute(conn);
    try {
      for (const index of indexes) await sql.raw(index.sql).execute(conn);
    } finally {
      await sql`reset maintenance_work_mem`.execute(conn);
    }
  });
}
