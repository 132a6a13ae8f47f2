/**
 * Benchmark datasets: seeded once per (database, scale) with the deterministic generator and reused until the
 * generator's version changes. SQLite files live in bench/.data/ (git-ignored); PostgreSQL gets `rapport_bench_<scale>`.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { analyze, type Database, openDatabase } from '../../src/server/db/database.ts';
import { seedWorkspace } from '../../src/server/seed/seed.ts';

/** Bump when the generator or the schema changes in a way that makes old datasets unfair to compare. */
export const DATASET_VERSION = 9;

export type BenchDb = 'sqlite' | 'postgres';
export type BenchScale = 'small' | 'medium' | 'large';

export function datasetUrl(db: BenchDb, scale: BenchScale, pgBase: string): string {
  if (db === 'sqlite') return `sqlite:${resolve('bench/.data', `${scale}.db`)}`;
  const u = new URL(pgBase);
  u.pathname = `/rapport_bench_${scale}`;
  return u.toString();
}

async function marker(database: Database): Promise<number | undefined> {
  try {
    const r = await sql<{ version: number }>`select version from bench_meta`.execute(database.db);
    return r.rows[0] ? Number(r.rows[0].version) : undefined;
  } catch {
    return undefined;
  }
}

async function resetPostgres(pgBase: string, name: string): Promise<void> {
  const c = new pg.Client({ connectionString: pgBase });
  await c.connect();
  await c.query(`drop database if exists ${name} with (force)`);
  await c.query(`create database ${name}`);
  await c.end();
}

/** Opens the dataset, seeding it first when missing or outdated. */
export async function ensureDataset(
  db: BenchDb,
  scale: BenchScale,
  pgBase: string,
  log: (m: string) => void,
): Promise<{ url: string; seededNow: boolean; seedMs: number }> {
  const url = datasetUrl(db, scale, pgBase);
  if (db === 'sqlite') mkdirSync('bench/.data', { recursive: true });
  if (db === 'sqlite' ? existsSync(url.slice('sqlite:'.length)) : true) {
    try {
      const existing = await openDatabase(url, { migrate: false });
      const v = await marker(existing);
      await existing.close();
      if (v === DATASET_VERSION) return { url, seededNow: false, seedMs: 0 };
    } catch {
      // missing PostgreSQL database: seed below
    }
  }
  log(`Seeding the ${scale} dataset on ${db} (once; reused by later runs)…`);
  if (db === 'sqlite') {
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${url.slice('sqlite:'.length)}${suffix}`, { force: true });
  } else {
    await resetPostgres(pgBase, `rapport_bench_${scale}`);
  }
  const database = await openDatabase(url);
  let lastLogged = 0;
  const r = await seedWorkspace(database, {
    scale,
    onProgress: (done, total, phase) => {
      if (Date.now() - lastLogged > 5000) {
        log(`  ${phase} ${Math.round((done / Math.max(total, 1)) * 100)}%`);
        lastLogged = Date.now();
      }
    },
  });
  // the seed writes the search documents and builds the search index in the same pass
  await analyze(database);
  await sql`create table bench_meta (version integer not null, scale text not null, seeded_at text not null)`.execute(
    database.db,
  );
  await sql`insert into bench_meta values (${DATASET_VERSION}, ${scale}, ${new Date().toISOString()})`.execute(
    database.db,
  );
  await database.close();
  log(
    `  seeded ${r.people.toLocaleString('en')} people, ${r.companies.toLocaleString('en')} companies in ${(r.ms / 1000).toFixed(0)} s`,
  );
  return { url, seededNow: true, seedMs: r.ms };
}
