/** Jobs as users see them: their own jobs (admins: everyone's), progress, cancel, and the result file. */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Ctx } from '../access/policy.ts';
import { codedError, notFound } from '../errors.ts';
import { JOBS_ERRORS } from './jobs.errors.ts';
import type { Job } from './jobs.schemas.ts';
import type { JobRow, JobRunner } from './runner.ts';

const isAdmin = (ctx: Ctx) => ctx.actor.roleKey === 'admin';

export function jobDto(row: JobRow): Job {
  return {
    id: row.id,
    type: row.type,
    status: row.status,
    progress: { done: row.progress_done, total: row.progress_total },
    message: row.message,
    error: row.status === 'failed' || row.status === 'queued' ? row.error : null,
    attempts: row.attempts,
    resultUrl: row.status === 'succeeded' && row.result_path ? `/api/v1/jobs/${row.id}/result` : null,
    resultName: row.status === 'succeeded' ? row.result_name : null,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

export class JobsService {
  readonly #runner: JobRunner;

  constructor(runner: JobRunner) {
    this.#runner = runner;
  }

  async #visible(ctx: Ctx, id: string): Promise<JobRow> {
    const row = await this.#runner.find(id);
    if (!row || (row.owner_id !== ctx.actor.id && !isAdmin(ctx))) throw notFound('jobs');
    return row;
  }

  async get(ctx: Ctx, id: string): Promise<Job> {
    return jobDto(await this.#visible(ctx, id));
  }

  async list(ctx: Ctx, limit = 20): Promise<{ data: Job[] }> {
    const rows = await this.#runner.list(ctx.actor.id, Math.min(Math.max(limit, 1), 100));
    return { data: rows.map(jobDto) };
  }

  async cancel(ctx: Ctx, id: string): Promise<Job> {
    const row = await this.#visible(ctx, id);
    if (row.status !== 'queued' && row.status !== 'running') {
      throw codedError(
        JOBS_ERRORS,
        'jobs.finished',
        'Conflict',
        `The job has already ${row.status}; nothing to cancel.`,
      );
    }
    return jobDto((await this.#runner.cancel(id))!);
  }

  /** The result file of a succeeded job the actor may see, as a stream with its name and type. */
  async result(
    ctx: Ctx,
    id: string,
  ): Promise<{ stream: NodeJS.ReadableStream; name: string; contentType: string; size: number }> {
    const row = await this.#visible(ctx, id);
    const path = this.#runner.resultPath(row);
    if (row.status !== 'succeeded' || !path) {
      throw codedError(JOBS_ERRORS, 'jobs.no_result', 'Not found', 'This job has no result to download (yet).');
    }
    const info = await stat(path).catch(() => undefined);
    if (!info)
      throw codedError(JOBS_ERRORS, 'jobs.no_result', 'Not found', 'The result file has expired or was removed.');
    return {
      stream: createReadStream(path),
      name: row.result_name ?? 'result',
      contentType: row.result_type ?? 'application/octet-stream',
      size: info.size,
    };
  }
}
