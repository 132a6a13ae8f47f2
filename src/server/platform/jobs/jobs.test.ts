import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, json, login, type Session, type TestContext, type TestUser, testApp } from '../../test/harness.ts';
import { JobRunner } from './runner.ts';

let t: TestContext;
let dataDir: string;
let owner: TestUser;
let other: TestUser;
let admin: TestUser;
let ownerS: Session;
let otherS: Session;
let adminS: Session;

/** A gate a test job waits on, opened by the test. */
const gates = new Map<string, () => void>();
const gate = (key: string) => new Promise<void>((r) => gates.set(key, r));
let failuresLeft = 0;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'rapport-jobs-'));
  t = await testApp({ dataDir });
  const runner = t.services.jobRunner;
  runner.register('test.file', async (job) => {
    await job.progress(1, 2, 'half way');
    const path = await job.resultFile('out.txt');
    await writeFile(path, `hello ${(job.params as { name: string }).name}`);
    await job.progress(2, 2);
    return { file: { name: 'out.txt', contentType: 'text/plain' } };
  });
  runner.register('test.flaky', async () => {
    if (failuresLeft-- > 0) throw new Error('receiver down');
    return { message: 'ok at last' };
  });
  runner.register('test.gated', async (job) => {
    await job.progress(0, 3, 'waiting');
    await gate(job.id);
    await job.progress(1, 3);
    return undefined;
  });
  owner = await createUser(t.services, 'sales', 'North', 'owner');
  other = await createUser(t.services, 'sales', 'North', 'other');
  admin = await createUser(t.services, 'admin', null, 'admin');
  ownerS = await login(t.app, owner.email);
  otherS = await login(t.app, other.email);
  adminS = await login(t.app, admin.email);
});

afterAll(async () => {
  await t.close();
  await rm(dataDir, { recursive: true, force: true });
});

const enqueue = (type: string, params: unknown = {}, ownerId: string | null = owner.id) =>
  t.services.jobRunner.enqueue(t.services.database.db, { type, ownerId, params });

describe('jobs: progress, result and access', () => {
  it('runs a job to a downloadable result only its owner and admins can see', async () => {
    const row = await enqueue('test.file', { name: 'Ada' });
    const queued = await t.app.inject({ url: `/api/v1/jobs/${row.id}`, headers: ownerS.headers });
    expect(queued.statusCode).toBe(200);
    expect(json(queued)).toMatchObject({
      id: row.id,
      type: 'test.file',
      status: 'queued',
      progress: { done: 0, total: null },
      resultUrl: null,
    });

    expect(await t.services.jobRunner.runOnce()).toBe(true);
    const done = await t.app.inject({ url: `/api/v1/jobs/${row.id}`, headers: ownerS.headers });
    expect(json(done)).toMatchObject({
      status: 'succeeded',
      progress: { done: 2, total: 2 },
      resultUrl: `/api/v1/jobs/${row.id}/result`,
      resultName: 'out.txt',
    });

    const file = await t.app.inject({ url: `/api/v1/jobs/${row.id}/result`, headers: ownerS.headers });
    expect(file.statusCode).toBe(200);
    expect(file.headers['cache-control']).toBe('no-store');
    expect(file.headers['content-disposition']).toContain('out.txt');
    expect(file.body).toBe('hello Ada');

    for (const url of [`/api/v1/jobs/${row.id}`, `/api/v1/jobs/${row.id}/result`]) {
      const res = await t.app.inject({ url, headers: otherS.headers });
      expect(res.statusCode).toBe(404);
      expect(json(res)).toMatchObject({ code: 'jobs.not_found' });
    }
    const asAdmin = await t.app.inject({ url: `/api/v1/jobs/${row.id}/result`, headers: adminS.headers });
    expect(asAdmin.statusCode).toBe(200);

    const mine = json<{ data: { id: string }[] }>(await t.app.inject({ url: '/api/v1/jobs', headers: ownerS.headers }));
    expect(mine.data.map((j) => j.id)).toContain(row.id);
    const theirs = json<{ data: { id: string }[] }>(
      await t.app.inject({ url: '/api/v1/jobs', headers: otherS.headers }),
    );
    expect(theirs.data.map((j) => j.id)).not.toContain(row.id);
  });

  it('streams progress as server-sent events until the job ends', async () => {
    const row = await enqueue('test.file', { name: 'Grace' });
    await t.services.jobRunner.runOnce();
    const res = await t.app.inject({ url: `/api/v1/jobs/${row.id}/events`, headers: ownerS.headers });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/event-stream');
    expect(res.body).toMatch(/^event: job\n/);
    const data = JSON.parse(
      res.body
        .split('\n')
        .find((l) => l.startsWith('data: '))!
        .slice(6),
    );
    expect(data).toMatchObject({ id: row.id, status: 'succeeded', progress: { done: 2, total: 2 } });
    const hidden = await t.app.inject({ url: `/api/v1/jobs/${row.id}/events`, headers: otherS.headers });
    expect(hidden.statusCode).toBe(404);
  });

  it('answers 401 without a login and 404 for an unknown job', async () => {
    const anon = await t.app.inject({ url: '/api/v1/jobs/x' });
    expect(anon.statusCode).toBe(401);
    const unknown = await t.app.inject({ url: '/api/v1/jobs/nope', headers: ownerS.headers });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
  });
});

describe('jobs: cancel', () => {
  it('cancels a queued job at once, and a finished one answers 409', async () => {
    const row = await enqueue('test.file', { name: 'x' });
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/jobs/${row.id}/cancel`, headers: ownerS.headers });
    expect(res.statusCode).toBe(200);
    expect(json(res)).toMatchObject({ status: 'cancelled' });
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/v1/jobs/${row.id}/cancel`,
      headers: ownerS.headers,
    });
    expect(again.statusCode).toBe(409);
    expect(json(again)).toMatchObject({ code: 'jobs.finished' });
    const theirs = await t.app.inject({
      method: 'POST',
      url: `/api/v1/jobs/${row.id}/cancel`,
      headers: otherS.headers,
    });
    expect(theirs.statusCode).toBe(404);
  });

  it('stops a running job at its next step', async () => {
    const row = await enqueue('test.gated');
    const run = t.services.jobRunner.runOnce();
    await vi_waitFor(async () => (await t.services.jobRunner.find(row.id))?.message === 'waiting');
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/jobs/${row.id}/cancel`, headers: ownerS.headers });
    expect(res.statusCode).toBe(200);
    gates.get(row.id)?.();
    await run;
    const after = await t.app.inject({ url: `/api/v1/jobs/${row.id}`, headers: ownerS.headers });
    expect(json(after)).toMatchObject({ status: 'cancelled', progress: { done: 0, total: 3 } });
  });
});

describe('jobs: retries and restarts', () => {
  it('retries a failed attempt later with exponential backoff, then fails for good after the last', async () => {
    failuresLeft = 1;
    const row = await enqueue('test.flaky');
    const before = Date.now();
    await t.services.jobRunner.runOnce();
    const retry = (await t.services.jobRunner.find(row.id))!;
    expect(retry).toMatchObject({ status: 'queued', attempts: 1, error: 'receiver down' });
    expect(Date.parse(retry.run_at) - before).toBeGreaterThanOrEqual(4000); // first delay: 5 s
    expect(await t.services.jobRunner.runOnce()).toBe(false); // not due yet
    await t.services.database.db.updateTable('jobs').set({ run_at: '2000-01-01T00:00:00.000Z' }).execute();
    await t.services.jobRunner.runOnce();
    expect(await t.services.jobRunner.find(row.id)).toMatchObject({ status: 'succeeded', attempts: 2 });

    failuresLeft = 10;
    const doomed = await enqueue('test.flaky');
    for (let i = 0; i < 3; i++) {
      await t.services.database.db
        .updateTable('jobs')
        .set({ run_at: '2000-01-01T00:00:00.000Z' })
        .where('id', '=', doomed.id)
        .execute();
      await t.services.jobRunner.runOnce();
    }
    const failed = await t.app.inject({ url: `/api/v1/jobs/${doomed.id}`, headers: ownerS.headers });
    expect(json(failed)).toMatchObject({ status: 'failed', attempts: 3, error: 'receiver down' });
  });

  it('a job whose runner stopped mid-run is claimed again by another once its lease lapses', async () => {
    const a = new JobRunner({ database: t.services.database, dataDir, retentionHours: 1, leaseMs: 300 });
    const b = new JobRunner({ database: t.services.database, dataDir, retentionHours: 1, leaseMs: 300 });
    let aRuns = 0;
    a.register('test.restart', async (job) => {
      aRuns++;
      await job.progress(1, 2, 'on A');
      await gate('A');
      await job.progress(2, 2, 'A woke up');
      return { message: 'A finished' };
    });
    b.register('test.restart', async (job) => {
      await job.progress(2, 2, 'on B');
      return { message: 'B finished' };
    });
    const row = await enqueue('test.restart');
    const aRun = a.runOnce();
    await vi_waitFor(async () => (await a.find(row.id))?.message === 'on A');
    await a.stop({ abandon: true }); // what a crash looks like: no release, the lease just stops being renewed
    expect(await b.runOnce()).toBe(false); // A's lease still holds
    await new Promise((r) => setTimeout(r, 400));
    expect(await b.runOnce()).toBe(true);
    expect(await b.find(row.id)).toMatchObject({ status: 'succeeded', attempts: 2, message: 'B finished' });
    gates.get('A')?.();
    await aRun; // A's late steps do not touch the job B finished
    expect(aRuns).toBe(1);
    expect(await b.find(row.id)).toMatchObject({ status: 'succeeded', message: 'B finished' });
  });

  it('a graceful stop hands the running job back to the queue without spending an attempt', async () => {
    const c = new JobRunner({ database: t.services.database, dataDir, retentionHours: 1 });
    c.register('test.shutdown', async (job) => {
      await job.progress(0, 1, 'started');
      await new Promise((_r, reject) => job.signal.addEventListener('abort', () => reject(job.signal.reason)));
      return undefined;
    });
    const row = await enqueue('test.shutdown');
    c.start();
    await vi_waitFor(async () => (await c.find(row.id))?.message === 'started');
    await c.stop();
    expect(await c.find(row.id)).toMatchObject({ status: 'queued', attempts: 0, lease_token: null });
    await t.services.jobRunner.cancel(row.id);
  });
});

describe('jobs: schedules and retention', () => {
  it('a due schedule enqueues its job once across runners', async () => {
    const a = new JobRunner({ database: t.services.database, dataDir, retentionHours: 1 });
    const b = new JobRunner({ database: t.services.database, dataDir, retentionHours: 1 });
    await a.schedule('nightly', '0 3 * * *', 'test.flaky');
    await b.schedule('nightly', '0 3 * * *', 'test.flaky');
    const s = await t.services.database.db.selectFrom('job_schedules').selectAll().executeTakeFirstOrThrow();
    expect(Date.parse(s.next_run_at)).toBeGreaterThan(Date.now());
    await t.services.database.db
      .updateTable('job_schedules')
      .set({ next_run_at: new Date(Date.now() - 1000).toISOString() })
      .execute();
    const fired = await Promise.all([a.fireDueSchedules(), b.fireDueSchedules()]);
    expect(fired[0] + fired[1]).toBe(1);
    const jobs = await t.services.database.db
      .selectFrom('jobs')
      .selectAll()
      .where('schedule', '=', 'nightly')
      .execute();
    expect(jobs).toHaveLength(1);
    const after = await t.services.database.db.selectFrom('job_schedules').selectAll().executeTakeFirstOrThrow();
    expect(Date.parse(after.next_run_at)).toBeGreaterThan(Date.now());
    await t.services.jobRunner.cancel(jobs[0]!.id);
  });

  it('a recurring job is not stacked while its previous run is still waiting, and a success is cleaned up', async () => {
    const r = new JobRunner({ database: t.services.database, dataDir, retentionHours: 1 });
    let runs = 0;
    r.recurring('test.every-second', '* * * * * *', async () => {
      runs++;
      return { message: 'swept' };
    });
    await r.declareSchedules();
    const due = () =>
      t.services.database.db
        .updateTable('job_schedules')
        .set({ next_run_at: new Date(Date.now() - 1000).toISOString() })
        .where('name', '=', 'test.every-second')
        .execute();
    await due();
    expect(await r.fireDueSchedules()).toBe(1);
    await due();
    expect(await r.fireDueSchedules()).toBe(0); // the first run has not run yet: this due time folds into it
    expect(await r.runOnce('work')).toBe(false); // recurring runs are not in the requested-work lane
    expect(await r.runOnce('recurring')).toBe(true);
    expect(runs).toBe(1);
    const run = await t.services.database.db
      .selectFrom('jobs')
      .selectAll()
      .where('schedule', '=', 'test.every-second')
      .executeTakeFirstOrThrow();
    expect(run).toMatchObject({ status: 'succeeded', message: 'swept' });
    expect(Date.parse(run.expires_at!)).toBeLessThanOrEqual(Date.now());
    await r.cleanup();
    expect(await r.find(run.id)).toBeUndefined();
  });

  it('recurring work runs while a long export-like job holds the work lane', async () => {
    const r = new JobRunner({ database: t.services.database, dataDir, retentionHours: 1, pollMs: 20 });
    let swept = 0;
    r.register('test.long', async (job) => {
      await job.progress(0, 1, 'long');
      await gate('long');
      return undefined;
    });
    r.recurring('test.sweep', '* * * * * *', async () => {
      swept++;
      return undefined;
    });
    const long = await enqueue('test.long');
    r.start();
    await vi_waitFor(async () => (await r.find(long.id))?.message === 'long');
    await t.services.database.db
      .updateTable('job_schedules')
      .set({ next_run_at: new Date(Date.now() - 1000).toISOString() })
      .where('name', '=', 'test.sweep')
      .execute();
    await vi_waitFor(async () => swept > 0);
    expect((await r.find(long.id))?.status).toBe('running');
    gates.get('long')?.();
    await vi_waitFor(async () => (await r.find(long.id))?.status === 'succeeded');
    await r.stop();
  });

  it('removes finished jobs and their files after the retention period', async () => {
    const row = await enqueue('test.file', { name: 'old' });
    await t.services.jobRunner.runOnce();
    const path = t.services.jobRunner.resultPath((await t.services.jobRunner.find(row.id))!)!;
    expect(await readFile(path, 'utf8')).toBe('hello old');
    await t.services.database.db
      .updateTable('jobs')
      .set({ expires_at: '2000-01-01T00:00:00.000Z' })
      .where('id', '=', row.id)
      .execute();
    expect(await t.services.jobRunner.cleanup()).toBeGreaterThanOrEqual(1);
    expect(existsSync(path)).toBe(false);
    const gone = await t.app.inject({ url: `/api/v1/jobs/${row.id}`, headers: ownerS.headers });
    expect(gone.statusCode).toBe(404);
  });
});

async function vi_waitFor(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}
