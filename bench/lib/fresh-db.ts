/**
 * A fresh database for a stand-alone benchmark: its own SQLite file under bench/.data, or its own PostgreSQL database
 * (dropped and created again on the server `pgUrl` points at). Answers the DATABASE_URL to open.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import pg from 'pg';

export async function freshDatabaseUrl(db: string, name: string, pgUrl: string): Promise<string> {
  if (db === 'sqlite') {
    mkdirSync('bench/.data', { recursive: true });
    const file = `bench/.data/${name}.db`;
    for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) rmSync(f);
    return `sqlite:${file}`;
  }
  const database = `rapport_bench_${name.replaceAll('-', '_')}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${database}`);
  await admin.query(`create database ${database}`);
  await admin.end();
  const u = new URL(pgUrl);
  u.pathname = `/${database}`;
  return u.toString();
}
