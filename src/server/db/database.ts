/**
 * Opens the database named by DATABASE_URL: embedded SQLite through node:sqlite, or PostgreSQL through pg.
 * Dialect-specific SQL lives behind small interfaces chosen here (see `dialect` on Database).
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from './migrate.ts';
import { preparedStatements } from './pg-prepared.ts';
import type { DB } from './schema.ts';
import { nodeSqliteDialect, openSqlite } from './sqlite-dialect.ts';

export type Dialect = 'sqlite' | 'postgres';
export type Db = Kysely<DB>;
export type Trx = Transaction<DB>;
/** Either the database or an open transaction: repositories accept both. */
export type Executor = Kysely<DB> | Transaction<DB>;

/** Runs `work` in the caller's transaction when one is given, else in a transaction of its own on `db`. */
export function inTransaction<T>(db: Db, trx: Executor | undefined, work: (trx: Executor) => Promise<T>): Promise<T> {
  return trx ? work(trx) : db.transaction().execute(work);
}

export interface Database {
  db: Db;
  dialect: Dialect;
  url: string;
  /**
   * SQLite only: the connection Kysely runs on, for bulk loads that bind prepared statements directly. Use it only
   * while no Kysely query or transaction is in flight on this database.
   */
  sqlite?: DatabaseSync;
  /** PostgreSQL only: the pool Kysely runs on, for bulk loads that stream rows with COPY on a client of their own. */
  pool?: pg.Pool;
  close(): Promise<void>;
}

// PostgreSQL returns int8 (COUNT, BIGINT) as strings by default; our counts and money fit in a double.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

export function sqlitePath(url: string): string {
  const p = url.startsWith('sqlite:') ? url.slice('sqlite:'.length) : url;
  return p === ':memory:' || p === '' ? ':memory:' : resolve(p.replace(/^\/\/(?=\/)/, ''));
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

export async function openDatabase(
  url: string,
  options: { migrate?: boolean; poolSize?: number } = {},
): Promise<Database> {
  let database: Database;
  if (isPostgresUrl(url)) {
    const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
    // An idle client can be cut off by the server (restart, failover, dropped database): pg then emits 'error' on the
    // pool; the next query simply gets a new client, so this must not crash the process.
    pool.on('error', () => {});
    preparedStatements(pool);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    database = { db, dialect: 'postgres', url, pool, close: () => db.destroy() };
  } else {
    const path = sqlitePath(url);
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const raw = openSqlite({ path });
    const db = new Kysely<DB>({ dialect: nodeSqliteDialect(raw) });
    database = { db, dialect: 'sqlite', url, sqlite: raw, close: () => db.destroy() };
  }
  if (options.migrate !== false) await migrateToLatest(database.db);
  // Let SQLite refresh the statistics its planner relies on (cheap; only tables that changed a lot are analysed).
  if (database.dialect === 'sqlite') await sql`pragma optimize=0x10002`.execute(database.db);
  return database;
}

/**
 * Refreshes the planner statistics of the tables that grew or shrank a lot since they were last analysed (cheap when
 * none did). Without statistics both planners read `company_id in (…) and deleted_at is null` through the
 * `deleted_at` index, a scan of the whole table: call it after writes that can change a table's size several times
 * over (an ERP batch into a young workspace) and periodically. SQLite: `pragma optimize`. PostgreSQL: `analyze` of the
 * tables with more changed rows since their last analysis than autovacuum's own rule (50 + 10%), so a server whose
 * autovacuum is off or behind still plans with current figures.
 */
export async function refreshStatistics(database: Database): Promise<void> {
  if (database.dialect === 'sqlite') {
    await sql`pragma optimize=0x10002`.execute(database.db);
    return;
  }
  const stale = await sql<{ relname: string }>`
    select relname from pg_stat_user_tables
    where schemaname = current_schema() and n_mod_since_analyze > 50 + 0.1 * greatest(n_live_tup, 0)`.execute(
    database.db,
  );
  for (const { relname } of stale.rows) await sql`analyze ${sql.id(relname)}`.execute(database.db);
}

/** Refreshes planner statistics after bulk loads (a seed, an import, a restore). */
export async function analyze(database: Database): Promise<void> {
  // PostgreSQL also vacuums: after a bulk load its visibility map is empty, and until it is set an index-only scan
  // (the covering indexes behind counts) still reads every row from the table.
  await sql.raw(database.dialect === 'postgres' ? 'vacuum analyze' : 'analyze').execute(database.db);
}
