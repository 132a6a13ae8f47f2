/**
 * Exports as background jobs: `start` checks the request as the list export would (permission, columns, filter) and
 * queues an `export` job; the job streams every matching record the owner may see, page by keyset page, into a CSV or
 * XLSX file under the data directory (constant memory, no row cap), reporting progress per page and yielding between
 * pages so requests keep being served. The result is downloaded through the jobs routes.
 */

import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { Database } from '../../db/database.ts';
import type { Ctx } from '../../platform/access/policy.ts';
import { recordAudit } from '../../platform/audit.ts';
import { safeCsvCell } from '../../platform/csv.ts';
import {
  type Job,
  type JobContext,
  type JobResult,
  type JobRunner,
  jobDto,
  PermanentJobError,
} from '../../platform/jobs/index.ts';
import type { ListParams } from '../../platform/lists.ts';
import type { IdentityService } from '../identity/index.ts';
import type { CreateExport } from './exports.schemas.ts';

export const EXPORT_JOB = 'export';

interface ExportSource {
  exportRows(
    ctx: Ctx,
    params: ListParams,
    columns: string[] | undefined,
    pageSize?: number,
  ): AsyncGenerator<string[][]>;
  list(ctx: Ctx, params: ListParams): Promise<{ total: number; totalCapped: boolean }>;
}

export interface ExportsDeps {
  database: Database;
  jobRunner: JobRunner;
  identity: IdentityService;
  /** Every kind's kernel (its list and export), in the registry's order: any kind of record exports the same way. */
  kernels: readonly (ExportSource & { kind: { name: string } })[];
}

const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/** Writes rows to a file one page at a time. */
interface RowWriter {
  write(rows: string[][]): Promise<void>;
  close(): Promise<void>;
}

async function csvWriter(path: string): Promise<RowWriter> {
  const out: WriteStream = createWriteStream(path);
  await once(out, 'open');
  return {
    async write(rows) {
      if (!out.write(stringify(rows.map((row) => row.map(safeCsvCell))))) await once(out, 'drain');
    },
    async close() {
      out.end();
      await once(out, 'finish');
    },
  };
}

function xlsxWriter(path: string, sheetName: string): RowWriter {
  // Streaming writer: each committed row is flushed to the zip, so memory stays flat. Cells are typed strings, never
  // formulas, so a value starting with "=" cannot be evaluated by the spreadsheet.
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: false, useSharedStrings: false });
  const sheet = book.addWorksheet(sheetName);
  return {
    async write(rows) {
      for (const row of rows) sheet.addRow(row).commit();
    },
    async close() {
      sheet.commit();
      await book.commit();
    },
  };
}

export class ExportsService {
  readonly #d: ExportsDeps;
  /** Records per keyset page (and per progress report). */
  pageSize = 1000;

  constructor(deps: ExportsDeps) {
    this.#d = deps;
    deps.jobRunner.register(EXPORT_JOB, (job) => this.#run(job));
  }

  #source(kind: CreateExport['kind']): ExportSource {
    const kernel = this.#d.kernels.find((k) => k.kind.name === kind);
    if (!kernel) throw new Error(`No kernel for the kind ${kind}`);
    return kernel;
  }

  /** Checks the export as the actor (403 without export permission, 400 naming a bad column or filter) and queues it. */
  async start(ctx: Ctx, input: CreateExport): Promise<Job> {
    const params: ListParams = { filter: input.filter, q: input.q };
    const rows = this.#source(input.kind).exportRows(ctx, params, input.columns, 1);
    try {
      await rows.next(); // the header: permission, columns, filter and search are all checked by now
    } catch (err) {
      // the export's own checks name the columns as query parameters; here they are body fields
      if (err instanceof Error && 'errors' in err && Array.isArray(err.errors)) {
        for (const e of err.errors as { in?: string }[]) if (e.in === 'query') e.in = 'body';
      }
      throw err;
    } finally {
      await rows.return(undefined);
    }
    const row = await this.#d.database.db.transaction().execute((trx) =>
      this.#d.jobRunner.enqueue(trx, {
        type: EXPORT_JOB,
        ownerId: ctx.actor.id,
        params: {
          kind: input.kind,
          format: input.format,
          filter: input.filter ?? null,
          q: input.q ?? null,
          columns: input.columns ?? null,
        },
      }),
    );
    return jobDto(row);
  }

  async #run(job: JobContext): Promise<JobResult> {
    const p = job.params as {
      kind: CreateExport['kind'];
      format: CreateExport['format'];
      filter: string | string[] | null;
      q: string | null;
      columns: string[] | null;
    };
    if (!job.ownerId) throw new PermanentJobError('An export needs the user who asked for it');
    // Runs as its owner with the owner's current role, so rules changed since the request apply.
    const actor = await this.#d.identity.actorFor(job.ownerId).catch(() => {
      throw new PermanentJobError('The user who asked for this export no longer exists');
    });
    const ctx: Ctx = { actor, requestId: `job:${job.id}`, ip: null };
    const params: ListParams = { filter: p.filter ?? undefined, q: p.q ?? undefined };
    const source = this.#source(p.kind);
    const counted = await source.list(ctx, { ...params, limit: 1 });
    const total = counted.totalCapped ? null : counted.total;
    const name = `${p.kind}-${new Date().toISOString().slice(0, 10)}.${p.format}`;
    const path = await job.resultFile(name);
    const writer = p.format === 'csv' ? await csvWriter(path) : xlsxWriter(path, p.kind);
    let done = 0;
    let columns: string[] = [];
    await job.progress(0, total, 'Exporting');
    try {
      for await (const page of source.exportRows(ctx, params, p.columns ?? undefined, this.pageSize)) {
        if (columns.length === 0) columns = page[0] ?? [];
        else done += page.length;
        await writer.write(page);
        await job.progress(done, total === null ? null : Math.max(total, done), `${done} rows`);
        await yieldToEventLoop(); // node:sqlite is synchronous: let requests through between pages
      }
    } finally {
      await writer.close();
    }
    await recordAudit(this.#d.database.db, ctx, {
      action: 'export',
      object: p.kind,
      meta: { rows: done, columns, filter: p.filter, q: p.q, format: p.format, jobId: job.id },
    });
    await job.progress(done, done, `${done} rows`);
    return { file: { name, contentType: CONTENT_TYPES[p.format] }, message: `${done} rows` };
  }
}
