/**
 * The ERP pull connector: Rapport fetches the ERP's feeds (one JSON or CSV document per entity over HTTP(S), with an
 * auth header kept server-side) and writes them through the same sync as `PUT /erp/<kind>`, a thousand records a
 * batch, so everything the push API guarantees holds (idempotence, older updates ignored, explicit deletions,
 * per-record rejections). A run is a job on the job runner (`erp.sync`, with progress); a schedule (cron) enqueues one
 * once across instances and never while one is queued or running. Every run is logged (`erp_sync_runs`): per entity
 * the rows read, created, updated, unchanged and rejected with the first hundred reasons, or why the feed could not be
 * read. Feeds are fetched through the webhooks' guard: no loopback, private or link-local targets unless
 * `RAPPORT_WEBHOOK_ALLOW_PRIVATE=true`, the checked address pinned, no redirects.
 */
import type { Database } from '../../db/database.ts';
import { assertCan, type Ctx } from '../../platform/access/policy.ts';
import { type FieldError, validation } from '../../platform/errors.ts';
import { newId, now } from '../../platform/ids.ts';
import type { JobContext, JobRunner } from '../../platform/jobs/index.ts';
import { nextRun } from '../../platform/jobs/runner.ts';
import type { IdentityService } from '../identity/index.ts';
import { userBriefs } from '../identity/index.ts';
import { fetchGuarded, urlProblem } from '../webhooks/index.ts';
import { ERP_ENTITIES, ERP_TARGETS, type ErpEntity, FeedError, feedFieldOf, feedRows, mapRow } from './erp-feed.ts';
import { financeError } from './finance.errors.ts';
import * as repo from './finance.repository.ts';
import type { ErpConnection, ErpConnectionInput, ErpEntityRun, ErpFeed, ErpSyncRun } from './finance.schemas.ts';
import { MAX_BATCH } from './finance.schemas.ts';
import type { FinanceService } from './finance.service.ts';

export const ERP_SYNC_JOB = 'erp.sync';
/** The schedule's own job: it only enqueues an `erp.sync` run (in the lane of requested work, beside exports). */
export const ERP_SCHEDULE_JOB = 'erp.sync.scheduled';
const SCHEDULE_NAME = 'erp.pull';
const MAX_REJECTIONS = 100;

export interface ErpConnectorDeps {
  database: Database;
  jobRunner: JobRunner;
  identity: IdentityService;
  finance: FinanceService;
  allowPrivate: boolean;
  timeoutMs?: number;
  maxBytes?: number;
}

type Feeds = Partial<Record<ErpEntity, ErpFeed>>;

/** `Bearer abc…` → `…k9Qz`: enough to recognise a secret, never enough to use it. */
const hint = (value: string) => (value.length <= 8 ? '…' : `…${value.slice(-4)}`);

export class ErpConnector {
  readonly #d: ErpConnectorDeps;

  constructor(deps: ErpConnectorDeps) {
    this.#d = deps;
    deps.jobRunner.register(ERP_SYNC_JOB, (job) => this.#run(job), { maxAttempts: 1 });
    deps.jobRunner.register(ERP_SCHEDULE_JOB, async () => {
      const run = await this.#enqueue(null, 'schedule');
      return { message: run ? `sync run ${run.id} queued` : 'a sync run is already queued or running' };
    });
  }

  get #db() {
    return this.#d.database.db;
  }

  async get(ctx: Ctx): Promise<ErpConnection> {
    assertCan(ctx.actor, 'invoices', 'update');
    const row = await repo.getConnection(this.#db);
    const entities = row ? (JSON.parse(row.entities) as Feeds) : {};
    const runAs = row?.run_as ? (await userBriefs(this.#db, [row.run_as])).get(row.run_as) : undefined;
    const schedule = row?.schedule ?? null;
    const next = schedule
      ? await this.#db
          .selectFrom('job_schedules')
          .select('next_run_at')
          .where('name', '=', SCHEDULE_NAME)
          .executeTakeFirst()
      : undefined;
    return {
      configured: Object.keys(entities).length > 0,
      entities,
      auth: row?.auth_header && row.auth_value ? { header: row.auth_header, valueHint: hint(row.auth_value) } : null,
      schedule,
      nextRunAt: next?.next_run_at ?? null,
      runAs: runAs ? { id: runAs.id, name: runAs.name } : null,
      updatedAt: row?.updated_at ?? null,
    };
  }

  /**
   * Saves the connection. The sync will write as the user saving it (who must be allowed to create and update the four
   * kinds). An auth header without a value keeps the stored secret; `auth: null` removes it.
   */
  async set(ctx: Ctx, input: ErpConnectionInput): Promise<ErpConnection> {
    assertCan(ctx.actor, 'invoices', 'update');
    for (const kind of ERP_ENTITIES) {
      assertCan(ctx.actor, kind, 'create');
      assertCan(ctx.actor, kind, 'update');
    }
    const errors: FieldError[] = [];
    for (const [entity, feed] of Object.entries(input.entities) as [ErpEntity, ErpFeed][]) {
      const base = `/entities/${entity}`;
      const problem = urlProblem(feed.url, this.#d.allowPrivate);
      if (problem) errors.push({ pointer: `${base}/url`, detail: problem, in: 'body' });
      const targets = new Set(ERP_TARGETS[entity]);
      for (const key of [...Object.keys(feed.fields ?? {})]) {
        if (!targets.has(key)) {
          errors.push({
            pointer: `${base}/fields/${key}`,
            detail: `is not a field of ${entity} (one of ${[...targets].join(', ')})`,
            in: 'body',
          });
        }
      }
      for (const key of Object.keys(feed.defaults ?? {})) {
        if (!targets.has(key)) {
          errors.push({ pointer: `${base}/defaults/${key}`, detail: `is not a field of ${entity}`, in: 'body' });
        }
      }
    }
    if (input.schedule) {
      try {
        nextRun(input.schedule);
      } catch (err) {
        errors.push({
          pointer: '/schedule',
          detail: `is not a cron expression (${(err as Error).message})`,
          in: 'body',
        });
      }
    }
    const before = await repo.getConnection(this.#db);
    if (input.auth && input.auth.value === undefined && !(before?.auth_value && before.auth_header)) {
      errors.push({ pointer: '/auth/value', detail: 'is required: no secret is stored yet', in: 'body' });
    }
    if (errors.length > 0) throw validation(errors);
    await this.#db.transaction().execute(async (trx) => {
      await repo.saveConnection(trx, {
        entities: JSON.stringify(input.entities),
        auth_header: input.auth ? input.auth.header : null,
        auth_value: input.auth ? (input.auth.value ?? before?.auth_value ?? null) : null,
        schedule: input.schedule || null,
        run_as: ctx.actor.id,
        updated_at: now(),
        updated_by: ctx.actor.id,
      });
    });
    if (input.schedule) await this.#d.jobRunner.schedule(SCHEDULE_NAME, input.schedule, ERP_SCHEDULE_JOB);
    else await this.#d.jobRunner.unschedule(SCHEDULE_NAME);
    return this.get(ctx);
  }

  /** Queues a run now (`409` while one is queued or running). */
  async runNow(ctx: Ctx): Promise<ErpSyncRun> {
    assertCan(ctx.actor, 'invoices', 'update');
    const connection = await repo.getConnection(this.#db);
    if (!connection || Object.keys(JSON.parse(connection.entities) as Feeds).length === 0) {
      throw financeError(
        'erp.not_configured',
        'No ERP connection',
        'Set the feeds first (PUT /api/v1/erp/connection).',
      );
    }
    const run = await this.#enqueue(ctx.actor.id, 'manual');
    if (!run) {
      throw financeError('erp.sync_running', 'A sync is running', 'A sync run is already queued or running.');
    }
    return this.#dto(run);
  }

  async runs(ctx: Ctx, limit = 20): Promise<ErpSyncRun[]> {
    assertCan(ctx.actor, 'invoices', 'read');
    const rows = await repo.listRuns(this.#db, limit);
    return Promise.all(rows.map((r) => this.#dto(r)));
  }

  async run(ctx: Ctx, id: string): Promise<ErpSyncRun | undefined> {
    assertCan(ctx.actor, 'invoices', 'read');
    const row = await repo.findRun(this.#db, id);
    return row ? this.#dto(row) : undefined;
  }

  /** Queues a run and its job in one transaction, unless one is queued or running. */
  async #enqueue(requestedBy: string | null, trigger: 'manual' | 'schedule'): Promise<repo.ErpSyncRunRow | undefined> {
    return this.#db.transaction().execute(async (trx) => {
      // The job decides: a run whose job died (its instance crashed on the last attempt) does not block the next.
      if (await this.#d.jobRunner.pending(ERP_SYNC_JOB, trx)) return undefined;
      const id = newId();
      const job = await this.#d.jobRunner.enqueue(trx, {
        type: ERP_SYNC_JOB,
        ownerId: requestedBy,
        params: { runId: id },
      });
      const row = {
        id,
        job_id: job.id,
        trigger,
        status: 'queued',
        requested_by: requestedBy,
        created_at: now(),
        started_at: null,
        finished_at: null,
        entities: '[]',
        error: null,
        import_id: null,
      };
      await repo.insertRun(trx, row);
      return row;
    });
  }

  async #dto(r: repo.ErpSyncRunRow): Promise<ErpSyncRun> {
    if ((r.status === 'queued' || r.status === 'running') && r.job_id) {
      const job = await this.#d.jobRunner.find(r.job_id);
      if (!job || (job.status !== 'queued' && job.status !== 'running')) {
        // Its job ended without finishing the run (the instance stopped for good mid-run, or it was cancelled).
        r = {
          ...r,
          status: 'failed',
          error: r.error ?? `The run stopped before it finished (its job ${job?.status ?? 'is gone'})`,
        };
      }
    }
    const by = r.requested_by ? (await userBriefs(this.#db, [r.requested_by])).get(r.requested_by) : undefined;
    return {
      id: r.id,
      jobId: r.job_id,
      trigger: r.trigger as ErpSyncRun['trigger'],
      status: r.status as ErpSyncRun['status'],
      requestedBy: by ? { id: by.id, name: by.name } : null,
      createdAt: r.created_at,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
      entities: JSON.parse(r.entities) as ErpEntityRun[],
      error: r.error,
      importId: r.import_id,
    };
  }

  /** The job: each configured feed in order (companies first, so the others find them), in batches through the sync. */
  async #run(job: JobContext) {
    const { runId } = job.params as { runId: string };
    const run = await repo.findRun(this.#db, runId);
    if (!run) return { message: 'the run is gone' };
    await repo.updateRun(this.#db, runId, { status: 'running', started_at: now() });
    const entities: ErpEntityRun[] = [];
    const save = () => repo.updateRun(this.#db, runId, { entities: JSON.stringify(entities) });
    try {
      const connection = await repo.getConnection(this.#db);
      if (!connection?.run_as) throw new FeedError('No ERP connection is set');
      const feeds = JSON.parse(connection.entities) as Feeds;
      const ctx: Ctx = {
        actor: await this.#d.identity.actorFor(connection.run_as),
        requestId: `erp-sync:${runId}`,
        ip: null,
      };
      const headers: Record<string, string> =
        connection.auth_header && connection.auth_value ? { [connection.auth_header]: connection.auth_value } : {};
      const planned = ERP_ENTITIES.filter((e) => feeds[e]);
      let done = 0;
      let total = 0;
      for (const entity of planned) {
        const feed = feeds[entity]!;
        const entry: ErpEntityRun = {
          entity,
          rowsIn: 0,
          created: 0,
          updated: 0,
          unchanged: 0,
          rejected: 0,
          rejections: [],
          error: null,
        };
        entities.push(entry);
        let rows: unknown[];
        try {
          const res = await fetchGuarded(feed.url, headers, {
            allowPrivate: this.#d.allowPrivate,
            timeoutMs: this.#d.timeoutMs,
            maxBytes: this.#d.maxBytes,
            userAgent: 'Rapport-ERP-Sync/1',
          });
          if (res.statusCode < 200 || res.statusCode >= 300) {
            throw new FeedError(
              res.statusCode >= 300 && res.statusCode < 400
                ? `HTTP ${res.statusCode}: redirects are not followed`
                : `HTTP ${res.statusCode}`,
            );
          }
          rows = feedRows(res.body.toString('utf8'), feed);
        } catch (err) {
          entry.error = String(err instanceof Error ? err.message : err).slice(0, 500);
          await save();
          continue;
        }
        entry.rowsIn = rows.length;
        total += rows.length;
        await job.progress(done, total, `${entity}: ${rows.length} records read`);
        for (let from = 0; from < rows.length; from += MAX_BATCH) {
          const batch = rows.slice(from, from + MAX_BATCH).map((row) => mapRow(entity, row, feed));
          const result = await this.#d.finance.sync(ctx, entity, batch as Record<string, unknown>[]);
          entry.created += result.created;
          entry.updated += result.updated;
          entry.unchanged += result.unchanged;
          entry.rejected += result.rejected.length;
          for (const r of result.rejected) {
            if (entry.rejections.length >= MAX_REJECTIONS) break;
            entry.rejections.push({
              row: from + r.index + 1,
              externalId: r.externalId,
              errors: r.errors.map((e) => ({ field: feedFieldOf(e.pointer, feed), detail: e.detail })),
            });
          }
          done += batch.length;
          await save();
          await job.progress(done, total, `${entity}: ${from + batch.length} of ${rows.length}`);
        }
      }
      const failed = entities.some((e) => e.error !== null);
      await repo.updateRun(this.#db, runId, {
        status: failed ? 'failed' : 'succeeded',
        finished_at: now(),
        entities: JSON.stringify(entities),
        error: failed ? 'A feed could not be read' : null,
      });
      return { message: `${total} records read${failed ? ', a feed could not be read' : ''}` };
    } catch (err) {
      await repo.updateRun(this.#db, runId, {
        status: 'failed',
        finished_at: now(),
        entities: JSON.stringify(entities),
        error: String(err instanceof Error ? err.message : err).slice(0, 500),
      });
      if (err instanceof FeedError) return { message: err.message };
      throw err;
    }
  }
}
