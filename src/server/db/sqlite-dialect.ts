/**
 * Kysely over Node's built-in `node:sqlite`. Kysely's SqliteDialect expects a better-sqlite3 shaped object; this file
 * adapts `DatabaseSync` to it, with a small prepared-statement cache and value conversion (booleans → 0/1, Date → ISO).
 */
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { Worker } from 'node:worker_threads';
import { type SqliteDatabase, SqliteDialect, type SqliteStatement } from 'kysely';

type Bindable = null | number | bigint | string | Uint8Array;

function toBindable(value: unknown): Bindable {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'string') return value;
  if (value instanceof Uint8Array) return value;
  return JSON.stringify(value);
}

const bind = (parameters: ReadonlyArray<unknown>): Bindable[] => parameters.map(toBindable);

export interface SqliteOptions {
  /** File path or ':memory:'. */
  path: string;
  readOnly?: boolean;
}

/**
 * Checkpoints the write-ahead log from a worker thread with its own connection. node:sqlite runs on the event loop, and
 * SQLite's automatic checkpoint runs inside whichever commit crosses the threshold: it copies the log into the database
 * file and syncs it to disk, stalling every request behind that commit. Here the log is copied every half second off
 * the event loop (PASSIVE: it never waits for readers or writers); the automatic checkpoint stays as a safety net at a
 * much larger size, should the worker ever stop.
 */
const CHECKPOINT_WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const { DatabaseSync } = require('node:sqlite');
const db = new DatabaseSync(workerData.path, { timeout: 1000 });
const timer = setInterval(() => {
  try { db.exec('PRAGMA wal_checkpoint(PASSIVE)'); } catch { /* busy: next time */ }
}, workerData.intervalMs);
parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
`;
const CHECKPOINT_INTERVAL_MS = 500;
/** Pages (4 KiB) the log may reach before a commit checkpoints it itself: only when the worker is not keeping up. */
const SAFETY_NET_PAGES = 16_000;

const checkpointers = new WeakMap<DatabaseSync, Worker>();

function startCheckpointer(db: DatabaseSync, path: string): void {
  const worker = new Worker(CHECKPOINT_WORKER, {
    eval: true,
    workerData: { path, intervalMs: CHECKPOINT_INTERVAL_MS },
  });
  worker.unref(); // never keeps the process alive
  worker.on('error', () => db.exec('PRAGMA wal_autocheckpoint = 1000')); // back to SQLite's default behaviour
  db.exec(`PRAGMA wal_autocheckpoint = ${SAFETY_NET_PAGES}`);
  checkpointers.set(db, worker);
}

function stopCheckpointer(db: DatabaseSync): void {
  const worker = checkpointers.get(db);
  if (!worker) return;
  checkpointers.delete(db);
  worker.postMessage('stop');
}

export function openSqlite(options: SqliteOptions): DatabaseSync {
  const db = new DatabaseSync(options.path, { readOnly: options.readOnly ?? false, timeout: 5000 });
  if (options.path !== ':memory:' && !options.readOnly) {
    db.exec('PRAGMA journal_mode = WAL');
    startCheckpointer(db, options.path);
  }
  db.exec('PRAGMA foreign_keys = ON');
  db.exec('PRAGMA busy_timeout = 5000');
  db.exec('PRAGMA synchronous = NORMAL');
  db.exec('PRAGMA cache_size = -64000');
  db.exec('PRAGMA temp_store = MEMORY');
  return db;
}

class NodeSqliteDatabase implements SqliteDatabase {
  readonly #db: DatabaseSync;
  /** Prepared statements by SQL text, with whether each returns rows (asking SQLite for columns is not free). */
  readonly #cache = new Map<string, { stmt: StatementSync; reader: boolean }>();
  readonly #cacheSize: number;

  constructor(db: DatabaseSync, cacheSize = 500) {
    this.#db = db;
    this.#cacheSize = cacheSize;
  }

  close(): void {
    this.#cache.clear();
    stopCheckpointer(this.#db);
    this.#db.close();
  }

  prepare(sql: string): SqliteStatement {
    let entry = this.#cache.get(sql);
    if (entry) {
      // refresh LRU position
      this.#cache.delete(sql);
      this.#cache.set(sql, entry);
    } else {
      const stmt = this.#db.prepare(sql);
      entry = { stmt, reader: stmt.columns().length > 0 };
      this.#cache.set(sql, entry);
      if (this.#cache.size > this.#cacheSize) {
        const oldest = this.#cache.keys().next().value;
        if (oldest !== undefined) this.#cache.delete(oldest);
      }
    }
    const s = entry.stmt;
    return {
      reader: entry.reader,
      all: (parameters) => s.all(...bind(parameters)),
      run: (parameters) => {
        const r = s.run(...bind(parameters));
        return { changes: r.changes, lastInsertRowid: r.lastInsertRowid };
      },
      iterate: (parameters) => s.iterate(...bind(parameters)) as IterableIterator<unknown>,
    };
  }
}

export function nodeSqliteDialect(db: DatabaseSync): SqliteDialect {
  return new SqliteDialect({ database: new NodeSqliteDatabase(db) });
}
