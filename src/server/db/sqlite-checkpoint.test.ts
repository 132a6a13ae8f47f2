/** The write-ahead log is copied into the database file by the checkpoint worker, not by a commit on the event loop. */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeSqliteDialect, openSqlite } from './sqlite-dialect.ts';

const dir = mkdtempSync(join(tmpdir(), 'rapport-wal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SQLite checkpoints', () => {
  it('moves committed pages into the database file within about a second, off the committing connection', async () => {
    const path = join(dir, 'wal.db');
    const db = openSqlite({ path });
    const pragma = (name: string) => Object.values(db.prepare(`PRAGMA ${name}`).get() as object)[0];
    expect(pragma('journal_mode')).toBe('wal');
    // a commit alone would only checkpoint past this many pages (~64 MB): far more than this test writes
    expect(Number(pragma('wal_autocheckpoint'))).toBeGreaterThanOrEqual(16_000);
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
    const before = statSync(path).size;
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    db.exec('BEGIN');
    for (let i = 0; i < 2_000; i++) insert.run('x'.repeat(1_000));
    db.exec('COMMIT');
    expect(statSync(path).size).toBeLessThan(before + 1_000_000); // still in the log
    const deadline = Date.now() + 5_000;
    while (statSync(path).size < before + 2_000_000 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    expect(statSync(path).size).toBeGreaterThanOrEqual(before + 2_000_000);
    // closing stops the worker (the dialect's close does it)
    const dialect = nodeSqliteDialect(db);
    const driver = dialect.createDriver();
    await driver.init();
    await driver.destroy();
  });
});
