/**
 * Durable background jobs. A job is a row in `jobs`; any app instance's runner claims it with a lease (`FOR UPDATE SKIP
 * LOCKED` on PostgreSQL, so instances share the queue; SQLite has one writer and one runner at a time), runs its
 * handler, reports progress (which renews the lease and notices a cancel), and finishes it: succeeded with an optional
 * result file under the data directory, failed after its last attempt, or queued again with exponential backoff. A
 * running job whose lease expired (its instance died mid-run) is claimed again by the next runner. Finished jobs and
 * their files are removed after the retention period. Recurring schedules (cron, via `croner`) enqueue their job once
 * across instances: the schedule row's `next_run_at` is advanced with a compare-and-set, and only the winner enqueues
 * (and not while the schedule's previous run is still queued or running, so a slow run is never stacked).
 *
 * Two lanes, each one job at a time per instance: requested work (exports, …) and recurring work (the outbox dispatch,
 * webhook deliveries, reminders). A long export therefore never holds up a webhook or a reminder. A recurring run that
 * succeeded is removed at the next cleanup (its schedule keeps `last_run_at`); a failed one is kept like any job.
 */
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Cron } from 'croner';
import { sql } from 'kysely';
import type { Database, Executor } from '../../db/database.ts';
import type { JobsTable } from '../../db/schema.ts';
import { newId, now, randomToken } from '../ids.ts';

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export interface JobRow {
  id: string;
  type: string;
  owner_id: string | null;
  status: JobStatus;
  params: string;
  progress_done: number;
  progress_total: number | null;
  message: string | null;
  attempts: number;
  max_attempts: number;
  run_at: string;
  lease_token: string | null;
  lease_until: string | null;
  cancel_requested: number;
  result_path: string | null;
  result_name: string | null;
  result_type: string | null;
  error: string | null;
  schedule: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  expires_at: string | null;
}

/** What a handler gets: the job, a way to report progress (and learn of a cancel), and where to write its result. */
export interface JobContext {
  id: string;
  type: string;
  ownerId: string | null;
  params: unknown;
  attempt: number;
  /** Aborted when the runner stops (shutdown) or the job is cancelled; handlers stop at their next chunk. */
  signal: AbortSignal;
  /** Records progress and renews the lease. Throws `JobCancelled` once a cancel was asked for. */
  progress(done: number, total?: number | null, message?: string | null): Promise<void>;
  /** An absolute path for the result file `name` (its folder created), under the data directory. */
  resultFile(name: string): Promise<string>;
}

export interface JobResult {
  /** The file written through `resultFile(name)`, kept for download until the job expires. */
  file?: { name: string; contentType: string };
  message?: string;
}

export type JobHandler = (job: JobContext) => Promise<JobResult | undefined>;

/** Requested work (a user's export) or recurring work (a schedule's run); each lane runs one job at a time. */
export type JobLane = 'work' | 'recurring';
const LANES: JobLane[] = ['work', 'recurring'];

interface Running {
  controller: AbortController;
  token: string;
  id: string;
  heartbeat?: NodeJS.Timeout;
}

/** Thrown inside a handler when the job was cancelled; the runner marks it cancelled. */
export class JobCancelled extends Error {
  override name = 'JobCancelled';
}

/** A failure that retrying cannot fix (bad parameters, a user who no longer exists): no further attempts. */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}

class LeaseLost extends Error {
  override name = 'LeaseLost';
}

export interface JobRunnerOptions {
  database: Database;
  dataDir: string;
  retentionHours: number;
  /** How long a claim holds without a progress report or heartbeat before another runner may take the job. */
  leaseMs?: number;
  pollMs?: number;
  /** First retry delay; doubled per attempt up to `backoffMaxMs`. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
}

export interface NewJob {
  type: string;
  ownerId: string | null;
  params: unknown;
  maxAttempts?: number;
  runAt?: string;
  schedule?: string | null;
}

const isoIn = (ms: number) => new Date(Date.now() + ms).toISOString();
const errorText = (err: unknown) => String(err instanceof Error ? err.message : err).slice(0, 1000);

export class JobRunner {
  readonly #database: Database;
  readonly #handlers = new Map<string, { handler: JobHandler; maxAttempts: number }>();
  readonly #dataDir: string;
  readonly #retentionMs: number;
  readonly #leaseMs: number;
  readonly #pollMs: number;
  readonly #backoffBaseMs: number;
  readonly #backoffMaxMs: number;
  readonly #timers = new Map<JobLane, NodeJS.Timeout>();
  #running = false;
  #stopping = false;
  readonly #ticks = new Map<JobLane | 'all', Promise<void>>();
  readonly #current = new Map<string, Running>();
  #lastCleanup = 0;
  /** Schedules declared with `recurring` before `start`, written to the database on the first tick. */
  readonly #pendingSchedules: { name: string; cron: string; type: string; params: unknown }[] = [];

  constructor(opts: JobRunnerOptions) {
    this.#database = opts.database;
    this.#dataDir = resolve(opts.dataDir);
    this.#retentionMs = opts.retentionHours * 3_600_000;
    this.#leaseMs = opts.leaseMs ?? 30_000;
    this.#pollMs = opts.pollMs ?? 1000;
    this.#backoffBaseMs = opts.backoffBaseMs ?? 5000;
    this.#backoffMaxMs = opts.backoffMaxMs ?? 3_600_000;
  }

  get #db() {
    return this.#database.db;
  }

  /** Registers the handler of a job type (before `start`). */
  register(type: string, handler: JobHandler, opts: { maxAttempts?: number } = {}): void {
    if (this.#handlers.has(type)) throw new Error(`Job type ${type} is already registered`);
    this.#handlers.set(type, { handler, maxAttempts: opts.maxAttempts ?? 3 });
  }

  /**
   * Registers a recurring job: its handler, and a schedule (cron with optional seconds, e.g. `* * * * * *` every
   * second) declared when the runner starts. Every instance declares it; each due time runs once across instances.
   */
  recurring(name: string, cron: string, handler: JobHandler, opts: { maxAttempts?: number } = {}): void {
    nextRun(cron); // a bad expression fails at start-up, not at the first tick
    this.register(name, handler, { maxAttempts: opts.maxAttempts ?? 1 });
    this.#pendingSchedules.push({ name, cron, type: name, params: {} });
  }

  /** Absolute path of a stored result (`result_path` is relative to the data directory). */
  resultPath(row: Pick<JobRow, 'result_path'>): string | null {
    return row.result_path ? join(this.#dataDir, row.result_path) : null;
  }

  /** Queues a job with the caller's executor, so it commits with the work that asked for it. */
  async enqueue(db: Executor, job: NewJob): Promise<JobRow> {
    const t = now();
    const row = {
      id: newId(),
      type: job.type,
      owner_id: job.ownerId,
      status: 'queued',
      params: JSON.stringify(job.params ?? {}),
      max_attempts: job.maxAttempts ?? this.#handlers.get(job.type)?.maxAttempts ?? 3,
      run_at: job.runAt ?? t,
      schedule: job.schedule ?? null,
      created_at: t,
    } satisfies Partial<JobsTable>;
    await db.insertInto('jobs').values(row).execute();
    return (await this.find(row.id, db))!;
  }

  find(id: string, db: Executor = this.#db): Promise<JobRow | undefined> {
    return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst() as Promise<JobRow | undefined>;
  }

  /** The newest jobs of a user (or of everyone with `ownerId` null), for the jobs menu. */
  list(ownerId: string | null, limit: number): Promise<JobRow[]> {
    let q = this.#db.selectFrom('jobs').selectAll();
    if (ownerId !== null) q = q.where('owner_id', '=', ownerId);
    return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute() as Promise<JobRow[]>;
  }

  /**
   * Cancels a job: a queued one at once; a running one is flagged and stops at its next progress report (or when its
   * lease lapses). Finished jobs are left as they are. Returns the row after the change.
   */
  async cancel(id: string): Promise<JobRow | undefined> {
    const t = now();
    await this.#db
      .updateTable('jobs')
      .set({ status: 'cancelled', finished_at: t, expires_at: isoIn(this.#retentionMs), lease_token: null })
      .where('id', '=', id)
      .where('status', '=', 'queued')
      .execute();
    await this.#db
      .updateTable('jobs')
      .set({ cancel_requested: 1 })
      .where('id', '=', id)
      .where('status', '=', 'running')
      .execute();
    this.#current.get(id)?.controller.abort(new JobCancelled('cancelled'));
    return this.find(id);
  }

  /**
   * Declares a recurring schedule (idempotent; every instance may call it at start). A changed cron expression moves
   * `next_run_at`; otherwise the stored one stands, so restarts neither skip nor repeat a run.
   */
  async schedule(name: string, cron: string, jobType: string, params: unknown = {}): Promise<void> {
    const next = nextRun(cron);
    const existing = await this.#db.selectFrom('job_schedules').selectAll().where('name', '=', name).executeTakeFirst();
    if (!existing) {
      await this.#db
        .insertInto('job_schedules')
        .values({ name, cron, job_type: jobType, params: JSON.stringify(params), next_run_at: next, last_run_at: null })
        .onConflict((oc) => oc.column('name').doNothing())
        .execute();
    } else if (existing.cron !== cron || existing.job_type !== jobType) {
      await this.#db
        .updateTable('job_schedules')
        .set({ cron, job_type: jobType, params: JSON.stringify(params), next_run_at: next })
        .where('name', '=', name)
        .execute();
    }
  }

  /** Removes a schedule declared at run time (a schedule a user switched off); its queued or running job finishes. */
  async unschedule(name: string): Promise<void> {
    await this.#db.deleteFrom('job_schedules').where('name', '=', name).execute();
  }

  /** Whether a job of this type is queued or running (so a caller does not stack another). */
  async pending(type: string, db: Executor = this.#db): Promise<JobRow | undefined> {
    return (await db
      .selectFrom('jobs')
      .selectAll()
      .where('type', '=', type)
      .where('status', 'in', ['queued', 'running'])
      .orderBy('created_at')
      .executeTakeFirst()) as JobRow | undefined;
  }

  /** Enqueues the job of every due schedule once across instances; returns how many this runner enqueued. */
  async fireDueSchedules(): Promise<number> {
    const t = now();
    const due = await this.#db.selectFrom('job_schedules').selectAll().where('next_run_at', '<=', t).execute();
    let fired = 0;
    for (const s of due) {
      const won = await this.#db.transaction().execute(async (trx) => {
        const moved = await trx
          .updateTable('job_schedules')
          .set({ next_run_at: nextRun(s.cron), last_run_at: t })
          .where('name', '=', s.name)
          .where('next_run_at', '=', s.next_run_at)
          .executeTakeFirst();
        if (Number(moved.numUpdatedRows) !== 1) return false;
        const previous = await trx
          .selectFrom('jobs')
          .select('id')
          .where('schedule', '=', s.name)
          .where('status', 'in', ['queued', 'running'])
          .executeTakeFirst();
        if (previous) return false; // still at it: this due time is folded into the run in progress
        await this.enqueue(trx, { type: s.job_type, ownerId: null, params: JSON.parse(s.params), schedule: s.name });
        return true;
      });
      if (won) fired++;
    }
    return fired;
  }

  /** Claims the next runnable job (queued and due, or running with a lapsed lease) of a lane (default any), or undefined. */
  async claim(lane?: JobLane, id?: string): Promise<{ row: JobRow; token: string } | undefined> {
    const { dialect } = this.#database;
    const t = now();
    const token = randomToken(12);
    const types = [...this.#handlers.keys()];
    if (types.length === 0) return undefined;
    const typeList = sql.join(types.map((ty) => sql`${ty}`));
    const inLane =
      lane === 'recurring' ? sql` and schedule is not null` : lane === 'work' ? sql` and schedule is null` : sql``;
    const only = id === undefined ? sql`` : sql` and id = ${id}`;
    const runnable = sql`((status = 'queued' and run_at <= ${t}) or (status = 'running' and lease_until < ${t})) and type in (${typeList})${inLane}${only}`;
    const pick =
      dialect === 'postgres'
        ? sql`select id from jobs where ${runnable} order by run_at, id limit 1 for update skip locked`
        : sql`select id from jobs where ${runnable} order by run_at, id limit 1`;
    const claimed = await sql<JobRow>`update jobs set status = 'running', lease_token = ${token},
        lease_until = ${isoIn(this.#leaseMs)}, attempts = attempts + 1, started_at = coalesce(started_at, ${t})
      where id in (${pick}) returning *`.execute(this.#db);
    const row = claimed.rows[0];
    return row ? { row, token } : undefined;
  }

  /**
   * Claims and runs one job (of a lane, default any; or exactly job `id`, as the CLI runs its own export) to its end.
   * Returns false when nothing was runnable.
   */
  async runOnce(lane?: JobLane, id?: string): Promise<boolean> {
    const claimed = await this.claim(lane, id);
    if (!claimed) return false;
    const { row, token } = claimed;
    const entry = this.#handlers.get(row.type)!;
    if (row.cancel_requested) {
      await this.#finish(row.id, token, { status: 'cancelled', message: 'Cancelled' });
      return true;
    }
    if (row.attempts > row.max_attempts) {
      await this.#finish(row.id, token, { status: 'failed', error: 'Stopped without finishing too many times' });
      return true;
    }
    const controller = new AbortController();
    const current: Running = { controller, token, id: row.id };
    this.#current.set(row.id, current);
    const heartbeat = setInterval(
      () => {
        this.#renew(row.id, token).catch(() => {});
      },
      Math.max(this.#leaseMs / 3, 50),
    );
    heartbeat.unref();
    current.heartbeat = heartbeat;
    let resultRel: string | null = null;
    const ctx: JobContext = {
      id: row.id,
      type: row.type,
      ownerId: row.owner_id,
      params: JSON.parse(row.params),
      attempt: row.attempts,
      signal: controller.signal,
      progress: async (done, total, message) => {
        if (controller.signal.aborted) throw controller.signal.reason ?? new JobCancelled('cancelled');
        const res = await sql<{ cancel_requested: number }>`update jobs set progress_done = ${done},
            progress_total = ${total ?? null}, message = ${message ?? null}, lease_until = ${isoIn(this.#leaseMs)}
          where id = ${row.id} and lease_token = ${token} returning cancel_requested`.execute(this.#db);
        const r = res.rows[0];
        if (!r) throw new LeaseLost('another runner took this job over');
        if (Number(r.cancel_requested)) throw new JobCancelled('cancelled');
      },
      resultFile: async (name) => {
        // one folder per attempt: a runner that lost its lease never writes into its successor's file
        resultRel = join('jobs', row.id, String(row.attempts), name.replace(/[^\w.-]+/g, '_'));
        const path = join(this.#dataDir, resultRel);
        await mkdir(dirname(path), { recursive: true });
        return path;
      },
    };
    try {
      const result = await entry.handler(ctx);
      await this.#finish(row.id, token, {
        status: 'succeeded',
        message: result?.message ?? null,
        result_path: result?.file ? resultRel : null,
        result_name: result?.file?.name ?? null,
        result_type: result?.file?.contentType ?? null,
        // a recurring run's row has nothing to keep once it succeeded: gone at the next cleanup
        expires_at: row.schedule && !result?.file ? now() : undefined,
      });
    } catch (err) {
      const reason = controller.signal.aborted ? controller.signal.reason : err;
      if (reason instanceof LeaseLost || err instanceof LeaseLost) {
        // Another runner owns the job now; leave it alone.
      } else if (reason instanceof JobCancelled || err instanceof JobCancelled) {
        await this.#removeFiles(row.id);
        await this.#finish(row.id, token, { status: 'cancelled', message: 'Cancelled' });
      } else if (this.#stopping && controller.signal.aborted) {
        // Shut down mid-run: hand the job back at once, without spending an attempt.
        await this.#db
          .updateTable('jobs')
          .set({ status: 'queued', run_at: now(), lease_token: null, lease_until: null, attempts: row.attempts - 1 })
          .where('id', '=', row.id)
          .where('lease_token', '=', token)
          .execute();
      } else if (err instanceof PermanentJobError || row.attempts >= row.max_attempts) {
        await this.#removeFiles(row.id);
        await this.#finish(row.id, token, { status: 'failed', error: errorText(err) });
      } else {
        const delay = Math.min(this.#backoffBaseMs * 2 ** (row.attempts - 1), this.#backoffMaxMs);
        await this.#db
          .updateTable('jobs')
          .set({ status: 'queued', run_at: isoIn(delay), lease_token: null, lease_until: null, error: errorText(err) })
          .where('id', '=', row.id)
          .where('lease_token', '=', token)
          .execute();
      }
    } finally {
      clearInterval(heartbeat);
      this.#current.delete(row.id);
    }
    return true;
  }

  async #renew(id: string, token: string): Promise<void> {
    await this.#db
      .updateTable('jobs')
      .set({ lease_until: isoIn(this.#leaseMs) })
      .where('id', '=', id)
      .where('lease_token', '=', token)
      .execute();
  }

  async #finish(
    id: string,
    token: string,
    set: {
      status: JobStatus;
      message?: string | null;
      error?: string | null;
      result_path?: string | null;
      result_name?: string | null;
      result_type?: string | null;
      expires_at?: string;
    },
  ): Promise<void> {
    const t = now();
    await this.#db
      .updateTable('jobs')
      .set({
        status: set.status,
        message: set.message,
        error: set.error,
        result_path: set.result_path,
        result_name: set.result_name,
        result_type: set.result_type,
        finished_at: t,
        lease_token: null,
        lease_until: null,
        expires_at: set.expires_at ?? isoIn(this.#retentionMs),
      })
      .where('id', '=', id)
      .where('lease_token', '=', token)
      .execute();
  }

  async #removeFiles(id: string): Promise<void> {
    await rm(join(this.#dataDir, 'jobs', id), { recursive: true, force: true });
  }

  /** Removes finished jobs (and their files) whose retention has passed. Returns how many. */
  async cleanup(): Promise<number> {
    const expired = await this.#db
      .selectFrom('jobs')
      .select('id')
      .where('expires_at', '<=', now())
      .where('status', 'in', ['succeeded', 'failed', 'cancelled'])
      .limit(500)
      .execute();
    for (const { id } of expired) {
      await this.#removeFiles(id);
      await this.#db.deleteFrom('jobs').where('id', '=', id).execute();
    }
    return expired.length;
  }

  /** Writes the schedules declared with `recurring` (once per start; idempotent across instances). */
  async declareSchedules(): Promise<void> {
    while (this.#pendingSchedules.length > 0) {
      const s = this.#pendingSchedules[0]!;
      await this.schedule(s.name, s.cron, s.type, s.params);
      this.#pendingSchedules.shift();
    }
  }

  /**
   * One pass of a lane (default both, one after the other): recurring work first fires the due schedules; then every
   * runnable job of the lane one at a time; then (at most every minute) the cleanup. Concurrent calls share a pass.
   */
  tick(lane?: JobLane): Promise<void> {
    const key = lane ?? 'all';
    let pass = this.#ticks.get(key);
    if (!pass) {
      pass = (async () => {
        if (lane !== 'work') {
          await this.declareSchedules();
          await this.fireDueSchedules();
        }
        while (!this.#stopping && (await this.runOnce(lane))) {
          // one job at a time per lane; handlers yield between chunks so requests keep being served
        }
        if (lane !== 'recurring' && Date.now() - this.#lastCleanup > 60_000) {
          this.#lastCleanup = Date.now();
          await this.cleanup();
        }
      })().finally(() => {
        this.#ticks.delete(key);
      });
      this.#ticks.set(key, pass);
    }
    return pass;
  }

  /** Polls both lanes for work in the background until `stop()`. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#stopping = false;
    for (const lane of LANES) {
      const loop = () => {
        if (!this.#running) return;
        this.tick(lane)
          .catch(() => {})
          .finally(() => {
            if (this.#running) {
              const timer = setTimeout(loop, this.#pollMs);
              timer.unref();
              this.#timers.set(lane, timer);
            }
          });
      };
      loop();
    }
  }

  /**
   * Stops polling. By default running jobs are asked to stop (their signal aborts) and handed back to the queue so
   * another instance takes them at once. `abandon: true` stops without touching them (what a crash looks like: their
   * lease lapses and another runner re-claims them); tests use it.
   */
  async stop(opts: { abandon?: boolean } = {}): Promise<void> {
    this.#running = false;
    this.#stopping = true;
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    if (opts.abandon) {
      for (const current of this.#current.values()) {
        clearInterval(current.heartbeat);
        current.controller.abort(new LeaseLost('abandoned'));
      }
      return;
    }
    for (const current of this.#current.values()) current.controller.abort(new Error('shutting down'));
    await Promise.all([...this.#ticks.values()].map((p) => p.catch(() => {})));
  }
}

/** The next time after now a cron expression fires, as ISO text; throws on a bad expression. */
export function nextRun(cron: string, from: Date = new Date()): string {
  const next = new Cron(cron, { paused: true }).nextRun(from);
  if (!next) throw new Error(`Cron expression ${cron} never fires again`);
  return next.toISOString();
}
