/**
 * A job survives a server restart mid-run: an app starts an export, stops while the export is half written (a graceful
 * shutdown, or a crash that leaves its lease behind), and a new app on the same database (a file, not memory, on
 * SQLite) takes the job over and finishes it, with every row in the downloaded file.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import { bootstrap } from '../../bootstrap.ts';
import { type Database, openDatabase } from '../../db/database.ts';
import { createServices, type Services } from '../../services.ts';
import { createUser, dbKind, json, login, type TestUser, testConfig } from '../../test/harness.ts';

let dir: string;
let url: string;
let dropDatabase: () => Promise<void> = async () => {};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rapport-restart-'));
  if (dbKind() === 'sqlite') {
    url = `sqlite:${join(dir, 'rapport.db')}`;
    return;
  }
  const admin = process.env.TEST_DATABASE_URL!;
  const name = `rapport_t_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`create database ${name}`);
  await client.end();
  const u = new URL(admin);
  u.pathname = `/${name}`;
  url = u.toString();
  dropDatabase = async () => {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  };
});

afterAll(async () => {
  await dropDatabase();
  await rm(dir, { recursive: true, force: true });
});

interface Instance {
  database: Database;
  services: Services;
  app: FastifyInstance;
}

/** One app instance as main.ts runs it: its own connection, services, HTTP app and job runner. */
async function startInstance(): Promise<Instance> {
  const database = await openDatabase(url, { poolSize: 5 });
  const config = testConfig({ dataDir: join(dir, 'data') });
  const services = createServices(database, config);
  await bootstrap({ demo: false, adminEmail: undefined, adminPassword: undefined }, services);
  services.exports.pageSize = 5;
  const app = await buildApp(config, services);
  await app.ready();
  return { database, services, app };
}

/** Slows this instance's people export after its first page, so the restart lands mid-run. */
function slowExports(services: Services, pauseMs: number): void {
  // Exports read each kind's kernel (people.records), so that is where the pause goes.
  const people = services.people.records;
  const original = people.exportRows.bind(people);
  people.exportRows = async function* (...args: Parameters<typeof original>) {
    let page = 0;
    for await (const rows of original(...args)) {
      yield rows;
      if (page++ > 0) await new Promise((r) => setTimeout(r, pauseMs));
    }
  } as typeof people.exportRows;
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

let admin: TestUser;

describe('jobs across a server restart', () => {
  it('a graceful stop mid-export hands the job back; the next app finishes it', async () => {
    const a = await startInstance();
    admin = await createUser(a.services, 'admin', null, 'admin');
    for (let i = 0; i < 30; i++) {
      await a.services.people.create(admin.ctx, { firstName: `Restart${String(i).padStart(2, '0')}`, lastName: 'Row' });
    }
    slowExports(a.services, 300);
    const session = await login(a.app, admin.email);
    const started = await a.app.inject({
      method: 'POST',
      url: '/api/v1/exports',
      headers: session.headers,
      payload: { kind: 'people', format: 'csv', columns: ['firstName', 'lastName'] },
    });
    expect(started.statusCode, started.body).toBe(202);
    const jobId = json<{ id: string }>(started).id;
    a.services.jobRunner.start();
    await waitFor(async () => ((await a.services.jobRunner.find(jobId))?.progress_done ?? 0) >= 5);
    expect(await a.services.jobRunner.find(jobId)).toMatchObject({ status: 'running', attempts: 1 });

    // What main.ts does on SIGTERM: close HTTP, stop the runner (the job goes back to the queue), close the database.
    await a.app.close();
    await a.services.jobRunner.stop();
    await a.database.close();

    const b = await startInstance();
    expect(await b.services.jobRunner.find(jobId)).toMatchObject({ status: 'queued', attempts: 0 });
    b.services.jobRunner.start();
    await waitFor(async () => (await b.services.jobRunner.find(jobId))?.status === 'succeeded');
    const bSession = await login(b.app, admin.email); // sessions live in the database: a new login on the new app
    const job = await b.app.inject({ url: `/api/v1/jobs/${jobId}`, headers: bSession.headers });
    expect(json(job)).toMatchObject({ status: 'succeeded', attempts: 1, progress: { done: 30, total: 30 } });
    const file = await b.app.inject({ url: `/api/v1/jobs/${jobId}/result`, headers: bSession.headers });
    const lines = file.body.trim().split('\n');
    expect(lines).toHaveLength(31); // header + every person once, none twice
    expect(new Set(lines.slice(1)).size).toBe(30);
    await b.app.close();
    await b.services.jobRunner.stop();
    await b.database.close();
  });

  it('after a crash mid-export, the next app claims the job once its lease lapses and finishes it', async () => {
    const a = await startInstance();
    slowExports(a.services, 300);
    const session = await login(a.app, admin.email);
    const started = await a.app.inject({
      method: 'POST',
      url: '/api/v1/exports',
      headers: session.headers,
      payload: { kind: 'people', format: 'csv', columns: ['firstName'] },
    });
    const jobId = json<{ id: string }>(started).id;
    a.services.jobRunner.start();
    await waitFor(async () => ((await a.services.jobRunner.find(jobId))?.progress_done ?? 0) >= 5);
    // A crash: nothing is handed back, the lease just stops being renewed.
    await a.services.jobRunner.stop({ abandon: true });
    await new Promise((r) => setTimeout(r, 400)); // its handler notices at its next page (in a real crash it is gone)
    await a.app.close();
    await a.database.close();

    const b = await startInstance();
    expect(await b.services.jobRunner.find(jobId)).toMatchObject({ status: 'running', attempts: 1 });
    expect(await b.services.jobRunner.runOnce('work')).toBe(false); // the dead instance's lease still holds
    // Instead of waiting the 30 s lease out, its expiry is moved into the past.
    await b.database.db
      .updateTable('jobs')
      .set({ lease_until: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', jobId)
      .execute();
    expect(await b.services.jobRunner.runOnce('work')).toBe(true);
    const done = (await b.services.jobRunner.find(jobId))!;
    expect(done).toMatchObject({ status: 'succeeded', attempts: 2, progress_done: 30 });
    const bSession = await login(b.app, admin.email);
    const file = await b.app.inject({ url: `/api/v1/jobs/${jobId}/result`, headers: bSession.headers });
    expect(file.body.trim().split('\n')).toHaveLength(31);
    await b.app.close();
    await b.database.close();
  });
});
