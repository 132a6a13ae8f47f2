/**
 * Imports of people and companies, and of an ERP's orders, invoices and payments, from CSV. The upload streams to a file under the data directory; its encoding,
 * delimiter and headers are detected and a mapping suggested. A dry run reads the file row by row and says what each
 * row would do; a run is a job that writes the rows a chunk at a time, each chunk in one transaction together with the
 * checkpoint (rows done) and the counts, so a run interrupted by a crash or restart resumes after the last committed
 * chunk and never writes a row twice. Every row goes through the kind's own record kernel (`create`/`update`, and
 * `validate` for the dry run), so an import validates exactly like a staff edit: the kind's `normalise` hook, its
 * checks, placement and custom fields. Undo walks what each row did backwards: created records go to the bin, updated
 * fields get their previous values back.
 *
 * Orders, invoices and payments take another road from the same file reading: each chunk of rows becomes the records
 * the ERP sync takes (`imports.erp.ts`) and is written by the accounts module's own upsert (keyed by the ERP's ids,
 * idempotent, explicit deletions), in the chunk's transaction; the run is also a line of the ERP sync log. Those imports
 * are not undone: the ERP is the book of record.
 */
import { mkdir, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { sql } from 'kysely';
import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import type { Database, Executor } from '../../db/database.ts';
import { type Actor, assertCan, type Ctx, can } from '../../platform/access/policy.ts';
import { recordAudit } from '../../platform/audit.ts';
import { safeCsvCell } from '../../platform/csv.ts';
import { AppError, codedError, type FieldError, notFound, validation } from '../../platform/errors.ts';
import { newId, now } from '../../platform/ids.ts';
import { type JobContext, type JobResult, type JobRunner, PermanentJobError } from '../../platform/jobs/index.ts';
import type { FieldSpec } from '../../platform/lists.ts';
import type { RecordKernel } from '../../platform/records/kernel.ts';
import type { ErpImportChunkLog } from '../finance/index.ts';
import type { CsvRecord, Delimiter, Encoding } from './imports.csv.ts';
import {
  conflictingTargets,
  ERP_TARGETS,
  ERP_UNDO_REASON,
  type ErpImportKind,
  erpReason,
  erpRecord,
  erpTargetOf,
  isErpKind,
  missingTargets,
} from './imports.erp.ts';
import { IMPORTS_ERRORS } from './imports.errors.ts';
import { type Format, FormatError, type Inspected, inspect, records } from './imports.formats.ts';
import { suggestMapping } from './imports.mapping.ts';
import { boundaryOf, MultipartError, readMultipart } from './imports.multipart.ts';
import * as repo from './imports.repository.ts';
import {
  type DryRun,
  IMPORT_KINDS,
  type Import,
  type ImportCounts,
  type ImportKind,
  type ImportOptions,
  type ImportStatus,
  type Rejection,
  type RunOptions,
  type SavedMapping,
  type SavedMappingInput,
} from './imports.schemas.ts';
import { type CellEnv, countryCode, customTarget, e164s, splitName, TARGETS, type Target } from './imports.targets.ts';

export const IMPORT_JOB = 'import';

/** What an import needs of a kind: its kernel and the schemas of its create and update inputs. */
export interface ImportableKind {
  // biome-ignore lint/suspicious/noExplicitAny: kernels of any kind, whatever their record types
  kernel: RecordKernel<any, any, any>;
  create: TSchema;
  update: TSchema;
}

/** The kinds written through their record kernels. */
export type KernelKind = Exclude<ImportKind, ErpImportKind>;

/** What an import of orders, invoices or payments needs of the accounts module (its ERP sync). */
export interface ErpImports {
  /** Whether the accounts module is on. */
  enabled(): Promise<boolean>;
  /** Refuses (403, naming why) an actor who may not write the kind through the ERP sync. */
  assertCanSync(ctx: Ctx, kind: ErpImportKind): void;
  /** Upserts (or with `dry` only decides) records in the caller's transaction: each one's outcome, in order. */
  upsertChunk(
    ctx: Ctx,
    db: Executor,
    kind: ErpImportKind,
    records: Record<string, unknown>[],
    opts?: { dry?: boolean },
  ): Promise<
    { outcome: 'created' | 'updated' | 'unchanged' | 'rejected'; errors: { pointer: string; detail: string }[] }[]
  >;
  openImportRun(
    db: Executor,
    input: { importId: string; jobId: string; requestedBy: string; kind: ErpImportKind },
  ): Promise<string>;
  /** Adds a chunk's counts and rejected rows to the import's line of the ERP sync log. */
  logImportChunk(db: Executor, runId: string, chunk: ErpImportChunkLog): Promise<void>;
  closeImportRun(runId: string, status: 'succeeded' | 'failed', error: string | null): Promise<void>;
}

export interface ImportsDeps {
  database: Database;
  jobRunner: JobRunner;
  identity: { actorFor(userId: string): Promise<Actor> };
  customFields: {
    list(object: string, db?: Executor): Promise<{ key: string; label: string; type: string; options: string[] }[]>;
  };
  workspace: { get(db?: Executor): Promise<{ defaultCountry: string; defaultCurrency: string }> };
  dataDir: string;
  kinds: Record<KernelKind, ImportableKind>;
  /** The accounts module's ERP sync: without it, orders, invoices and payments cannot be imported. */
  erp?: ErpImports;
}

const isAdmin = (ctx: Ctx) => ctx.actor.roleKey === 'admin';
const err = (code: keyof typeof IMPORTS_ERRORS, title: string, detail?: string, errors?: FieldError[]) =>
  codedError(IMPORTS_ERRORS, code, title, detail, errors);

type Outcome = 'created' | 'updated' | 'skipped' | 'rejected';

interface RowResult {
  outcome: Outcome;
  /** ERP kinds: the outcome the sync log counts (an unchanged record is the importer's "skipped"). */
  erpOutcome?: 'created' | 'updated' | 'unchanged' | 'rejected' | 'skipped';
  externalId?: string | null;
  rejections: { column: string | null; reason: string }[];
  change?: { recordId: string; action: 'created' | 'updated'; previous: Record<string, unknown> | null };
}

/** What a pass over the file needs, prepared once: the actor, targets, field specs, the header's positions. */
interface Pass {
  imp: repo.ImportRow;
  ctx: Ctx;
  /** The kernel kind (people, companies); null for an ERP kind. */
  kind: ImportableKind | null;
  opts: RunOptions;
  headers: string[];
  /** Mapped columns: header index, header, target. */
  columns: { index: number; header: string; target: Target }[];
  fields: FieldSpec[];
  defaultCountry: string;
  defaultCurrency: string;
  customFields: Map<string, { type: string; options: readonly string[] }>;
  /** The companies' field specs, when a column is mapped to a person's company (looked up by name). */
  companyFields?: FieldSpec[];
  /** Dry run only: match keys of rows that would be created, so a later row with the same key counts as a match. */
  seen?: Set<string>;
}

const UPLOAD_LIMIT = 2 * 1024 ** 3;

export class ImportsService {
  readonly #d: ImportsDeps;
  /** Rows per transaction (and per progress report) of a run. */
  chunkSize = 200;

  constructor(deps: ImportsDeps) {
    this.#d = deps;
    deps.jobRunner.register(IMPORT_JOB, (job) => this.#job(job), { maxAttempts: 5 });
  }

  get #db() {
    return this.#d.database.db;
  }

  #dir(id: string): string {
    return join(resolve(this.#d.dataDir), 'imports', id);
  }

  // ---------- upload ----------

  /**
   * Stores an upload (a `multipart/form-data` body with `file` and `kind`, or a raw CSV body with `kind` in the query)
   * under the data directory, detects its encoding, delimiter and headers, and suggests a mapping.
   */
  async upload(
    ctx: Ctx,
    input: {
      contentType: string | undefined;
      body: AsyncIterable<Uint8Array>;
      kind?: string;
      fileName?: string;
      sheet?: string;
    },
  ): Promise<Import> {
    const id = newId();
    const dir = this.#dir(id);
    await mkdir(dir, { recursive: true });
    const path = join(dir, 'source');
    let kind = input.kind;
    let fileName = input.fileName ?? 'upload.csv';
    let sheet = input.sheet || null;
    try {
      if (/^multipart\/form-data/i.test(input.contentType ?? '')) {
        const boundary = boundaryOf(input.contentType);
        if (!boundary) throw err('imports.bad_upload', 'Bad upload', 'The multipart body has no boundary.');
        const form = await readMultipart(input.body, boundary, 'file', path, UPLOAD_LIMIT).catch((e: unknown) => {
          if (e instanceof MultipartError)
            throw err('imports.bad_upload', 'Bad upload', `The form is not valid: ${e.message}.`);
          throw e;
        });
        if (!form.file) {
          throw err('imports.bad_upload', 'Bad upload', 'The form has no "file" part.', [
            { pointer: '/file', detail: 'is required', in: 'body' },
          ]);
        }
        kind = form.fields.kind ?? kind;
        fileName = form.file.fileName || fileName;
        sheet = form.fields.sheet || sheet;
      } else {
        const { createWriteStream } = await import('node:fs');
        const { pipeline } = await import('node:stream/promises');
        const { Readable } = await import('node:stream');
        await pipeline(Readable.from(input.body), createWriteStream(path));
      }
      if (!kind || !(IMPORT_KINDS as readonly string[]).includes(kind)) {
        throw validation([{ pointer: '/kind', detail: `must be one of: ${IMPORT_KINDS.join(', ')}`, in: 'body' }]);
      }
      await this.#mayImport(ctx, kind as ImportKind);
      const size = (await stat(path)).size;
      if (size === 0) throw err('imports.empty_file', 'Empty file', 'The file is empty: there is nothing to import.');
      const info = await this.#inspect(path, fileName, sheet);
      const headers = headerRow(info);
      const t = now();
      await repo.insert(this.#db, {
        id,
        kind,
        owner_id: ctx.actor.id,
        file_name: fileName.slice(0, 255),
        file_path: path,
        size_bytes: size,
        encoding: info.encoding,
        delimiter: info.delimiter ?? '',
        format: info.format,
        sheets: info.sheets ? JSON.stringify(info.sheets) : null,
        sheet: info.format === 'xlsx' ? (info.sheet ?? info.sheets![0]!) : null,
        headers: JSON.stringify(headers),
        options: null,
        status: 'uploaded',
        job_id: null,
        error: null,
        created_at: t,
        updated_at: t,
        finished_at: null,
        undone_at: null,
      });
      await recordAudit(this.#db, ctx, {
        action: 'import',
        object: kind,
        recordId: null,
        meta: { importId: id, step: 'upload', fileName, bytes: size, format: info.format },
      });
      return this.#dto((await repo.find(this.#db, id))!);
    } catch (e) {
      await rm(dir, { recursive: true, force: true });
      throw e;
    }
  }

  /**
   * Refuses a kind the actor may not import: people and companies need the kind's create permission; orders, invoices
   * and payments the accounts module on and what the ERP sync needs (create and update on the kind: 403 naming it).
   */
  async #mayImport(ctx: Ctx, kind: ImportKind): Promise<void> {
    if (!isErpKind(kind)) {
      assertCan(ctx.actor, kind, 'create');
      return;
    }
    const erp = this.#d.erp;
    if (!erp || !(await erp.enabled())) {
      throw validation([
        { pointer: '/kind', detail: `${kind} can be imported only while the accounts module is on`, in: 'body' },
      ]);
    }
    erp.assertCanSync(ctx, kind);
  }

  /** Reads a stored file's format and header; a file that cannot be read is the uploader's problem (422). */
  async #inspect(path: string, fileName: string, sheet: string | null): Promise<Inspected> {
    try {
      return await inspect(path, fileName, sheet);
    } catch (e) {
      if (e instanceof FormatError) {
        const pointer = /no sheet/.test(e.message) ? '/sheet' : '/file';
        throw err('imports.unreadable_file', 'Unreadable file', `${capital(e.message)}.`, [
          { pointer, detail: e.message, in: 'body' },
        ]);
      }
      throw e;
    }
  }

  /**
   * Reads another sheet of an uploaded workbook (before any run): its header row, and the mapping suggested for it.
   */
  async chooseSheet(ctx: Ctx, id: string, sheet: string): Promise<Import> {
    const row = await this.#load(ctx, id);
    if (row.format !== 'xlsx') {
      throw err('imports.unreadable_file', 'Not a workbook', 'Only an XLSX upload has sheets.', [
        { pointer: '/sheet', detail: 'only an XLSX upload has sheets', in: 'body' },
      ]);
    }
    if (row.status !== 'uploaded') {
      throw err('imports.wrong_status', 'Already run', `This import is ${row.status}; upload the file again.`);
    }
    const info = await this.#inspect(row.file_path, row.file_name, sheet);
    const headers = headerRow(info);
    await repo.update(this.#db, id, { sheet, headers: JSON.stringify(headers), updated_at: now() });
    await repo.clearRejections(this.#db, id, 'dry-run');
    return this.#dto((await repo.find(this.#db, id))!);
  }

  // ---------- saved mappings ----------

  async mappings(ctx: Ctx, kind?: ImportKind): Promise<SavedMapping[]> {
    const rows = await repo.mappings(this.#db, kind);
    return rows.filter((r) => can(ctx.actor, r.kind, 'create')).map(mappingDto);
  }

  /** Saves a kind's mapping under a name (replacing the one of that name): anyone who may create the kind. */
  async saveMapping(ctx: Ctx, input: SavedMappingInput): Promise<SavedMapping> {
    assertCan(ctx.actor, input.kind, 'create');
    const targets = new Set((await this.#targets(input.kind)).map((t) => t.key));
    const errors: FieldError[] = [];
    for (const [header, target] of Object.entries(input.mapping)) {
      if (target && !targets.has(target)) {
        errors.push({
          pointer: `/mapping/${header.replace(/~/g, '~0').replace(/\//g, '~1')}`,
          detail: `"${target}" is not a field of ${input.kind}`,
          in: 'body',
        });
      }
    }
    if (!Object.values(input.mapping).some(Boolean)) {
      errors.push({ pointer: '/mapping', detail: 'maps no header to a field', in: 'body' });
    }
    if (errors.length > 0) {
      throw err('imports.invalid_mapping', 'Invalid mapping', errors.map((e) => e.detail).join('; '), errors);
    }
    const name = input.name.trim();
    const t = now();
    const saved = await this.#db.transaction().execute(async (trx) => {
      const existing = await repo.mappingByName(trx, input.kind, name);
      const row = {
        id: existing?.id ?? newId(),
        kind: input.kind,
        name,
        headers: JSON.stringify(Object.keys(input.mapping)),
        mapping: JSON.stringify(input.mapping),
        created_by: existing?.created_by ?? ctx.actor.id,
        created_at: existing?.created_at ?? t,
        updated_at: t,
      };
      await repo.saveMapping(trx, row, Boolean(existing));
      await recordAudit(trx, ctx, {
        action: existing ? 'update' : 'create',
        object: 'import_mapping',
        recordId: row.id,
        meta: { kind: input.kind, name },
      });
      return row;
    });
    return mappingDto(saved);
  }

  /** Deletes a saved mapping: the user who saved it, or an admin. */
  async deleteMapping(ctx: Ctx, id: string): Promise<void> {
    const row = await repo.mappingById(this.#db, id);
    if (!row || !can(ctx.actor, row.kind, 'create')) throw notFound('imports');
    if (row.created_by !== ctx.actor.id && !isAdmin(ctx)) {
      throw err('imports.not_yours', 'Not yours', 'Only the user who saved this mapping, or an admin, can delete it.');
    }
    await this.#db.transaction().execute(async (trx) => {
      await repo.deleteMapping(trx, id);
      await recordAudit(trx, ctx, {
        action: 'delete',
        object: 'import_mapping',
        recordId: id,
        meta: { kind: row.kind, name: row.name },
      });
    });
  }

  /** A saved mapping by name for a kind (the CLI's --mapping), or undefined. */
  async mappingNamed(ctx: Ctx, kind: ImportKind, name: string): Promise<SavedMapping | undefined> {
    assertCan(ctx.actor, kind, 'create');
    const row = await repo.mappingByName(this.#db, kind, name.trim());
    return row ? mappingDto(row) : undefined;
  }

  /**
   * The saved mapping that fits a file's headers best: every header it maps is in the file, and most of the file's
   * headers are mapped by it (ties: the most recently saved).
   */
  async #savedFor(kind: ImportKind, headers: string[]): Promise<SavedMapping | null> {
    let best: { m: SavedMapping; score: number } | null = null;
    const have = new Set(headers);
    for (const r of await repo.mappings(this.#db, kind)) {
      const m = mappingDto(r);
      const mapped = Object.entries(m.mapping).filter(([, v]) => v);
      if (mapped.length === 0 || !mapped.every(([h]) => have.has(h))) continue;
      const score = m.headers.filter((h) => have.has(h)).length;
      if (score * 2 < headers.length) continue;
      if (!best || score > best.score) best = { m, score };
    }
    return best?.m ?? null;
  }

  // ---------- reads ----------

  async #load(ctx: Ctx, id: string, db: Executor = this.#db): Promise<repo.ImportRow> {
    const row = await repo.find(db, id);
    if (!row || (row.owner_id !== ctx.actor.id && !isAdmin(ctx))) throw notFound('imports');
    return row;
  }

  async get(ctx: Ctx, id: string): Promise<Import> {
    return this.#dto(await this.#load(ctx, id));
  }

  async list(ctx: Ctx): Promise<Import[]> {
    const rows = await repo.list(this.#db, isAdmin(ctx) ? null : ctx.actor.id, 50);
    return Promise.all(rows.map((r) => this.#dto(r)));
  }

  async #targets(kind: ImportKind, db: Executor = this.#db): Promise<Target[]> {
    if (isErpKind(kind)) return ERP_TARGETS[kind];
    const custom = await this.#d.customFields.list(kind, db);
    return [...TARGETS[kind], ...custom.map((f) => customTarget(f.key, f.label))];
  }

  async #dto(row: repo.ImportRow): Promise<Import> {
    const kind = row.kind as ImportKind;
    const headers = JSON.parse(row.headers) as string[];
    const options = row.options ? (JSON.parse(row.options) as RunOptions) : null;
    const custom = isErpKind(kind) ? [] : await this.#d.customFields.list(kind);
    const targets = await this.#targets(kind);
    const saved = options ? null : await this.#savedFor(kind, headers);
    return {
      id: row.id,
      kind,
      fileName: row.file_name,
      sizeBytes: Number(row.size_bytes),
      format: row.format as Format,
      encoding: row.encoding as Encoding,
      delimiter: row.delimiter ? (row.delimiter as Delimiter) : null,
      sheets: row.sheets ? (JSON.parse(row.sheets) as string[]) : null,
      sheet: row.sheet,
      headers,
      mapping:
        options?.mapping ??
        (saved
          ? Object.fromEntries(headers.map((h) => [h, saved.mapping[h] ?? null]))
          : suggestMapping(kind, headers, custom)),
      savedMapping: saved ? { id: saved.id, name: saved.name } : null,
      targets: targets.map((t) => ({ key: t.key, label: t.label })),
      options,
      status: row.status as ImportStatus,
      counts: counts(row),
      jobId: row.job_id,
      rejectedUrl: `/api/v1/imports/${row.id}/rejected.csv`,
      error: row.error,
      createdAt: row.created_at,
      finishedAt: row.finished_at,
      undoneAt: row.undone_at,
      undoable: !isErpKind(kind),
      undoNote: isErpKind(kind) ? ERP_UNDO_REASON : null,
    };
  }

  /** The first rejected rows of the run (or of the last dry run), in file order. */
  async rejections(ctx: Ctx, id: string, phase: repo.Phase = 'run', limit = 100): Promise<Rejection[]> {
    await this.#load(ctx, id);
    const rows = await repo.rejections(this.#db, id, phase, limit);
    return rows.map((r) => ({ row: r.row_number, column: r.column_name, reason: r.reason }));
  }

  /** The rejected rows of the run (or of the last dry run) as CSV lines, a page at a time: row, column, reason. */
  async *rejectedCsv(ctx: Ctx, id: string, phase: repo.Phase = 'run'): AsyncGenerator<string> {
    await this.#load(ctx, id);
    yield 'row,column,reason\r\n';
    let after: { row: number; seq: number } | undefined;
    for (;;) {
      const page = await repo.rejections(this.#db, id, phase, 1000, after);
      if (page.length === 0) return;
      yield page
        .map((r) =>
          [String(r.row_number), r.column_name ?? '', r.reason].map((c) => csvQuote(safeCsvCell(c))).join(','),
        )
        .join('\r\n')
        .concat('\r\n');
      const last = page[page.length - 1]!;
      after = { row: last.row_number, seq: last.seq };
    }
  }

  // ---------- options ----------

  /** Checks a run's options against the file and the kind: known headers and targets, each target once, a usable match. */
  async #options(row: repo.ImportRow, input: ImportOptions): Promise<RunOptions> {
    const kind = row.kind as ImportKind;
    const headers = JSON.parse(row.headers) as string[];
    const targets = new Map((await this.#targets(kind)).map((t) => [t.key, t]));
    const errors: FieldError[] = [];
    const used = new Map<string, string>();
    for (const [header, target] of Object.entries(input.mapping)) {
      const pointer = `/mapping/${header.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (!headers.includes(header)) errors.push({ pointer, detail: 'is not a header of the file', in: 'body' });
      if (target === null || target === '') continue;
      if (!targets.has(target)) errors.push({ pointer, detail: `"${target}" is not a field of ${kind}`, in: 'body' });
      else if (used.has(target)) {
        errors.push({ pointer, detail: `"${target}" is already mapped from "${used.get(target)}"`, in: 'body' });
      } else used.set(target, header);
    }
    const mapped = new Set(used.keys());
    const mappingOut = Object.fromEntries(headers.map((h) => [h, input.mapping[h] || null]));
    if (isErpKind(kind)) {
      // Rows are always matched on their ERP id and the ERP's values win: the sync's rules, whatever was asked.
      const missing = missingTargets(kind, mapped);
      if (missing.length > 0) {
        errors.push({
          pointer: '/mapping',
          detail: `map a column to ${missing.join(', ')} to import ${kind}`,
          in: 'body',
        });
      }
      const conflict = conflictingTargets(kind, mapped);
      if (conflict) errors.push({ pointer: '/mapping', detail: conflict, in: 'body' });
      if (errors.length > 0) {
        throw err('imports.invalid_mapping', 'Invalid mapping', errors.map((e) => e.detail).join('; '), errors);
      }
      return {
        mapping: mappingOut,
        match: 'externalId',
        update: 'overwrite',
        mode: input.mode ?? 'valid-rows',
        matchField: 'externalId',
      };
    }
    const match = input.match ?? 'none';
    const opts: RunOptions = {
      mapping: mappingOut,
      match,
      update: input.update ?? 'fill-empty',
      mode: input.mode ?? 'valid-rows',
      matchField: input.matchField ?? (match === 'externalId' ? 'id' : match),
    };
    if (kind === 'people' && !mapped.has('firstName') && !mapped.has('name')) {
      errors.push({ pointer: '/mapping', detail: 'map a column to firstName (or name) to create people', in: 'body' });
    }
    if (kind === 'companies' && !mapped.has('name')) {
      errors.push({ pointer: '/mapping', detail: 'map a column to name to create companies', in: 'body' });
    }
    const usable: Record<KernelKind, string[]> = {
      people: ['none', 'email', 'phone', 'externalId'],
      companies: ['none', 'domain', 'externalId'],
    };
    if (!usable[kind].includes(match)) {
      errors.push({ pointer: '/match', detail: `${kind} match by ${usable[kind].join(', ')}`, in: 'body' });
    } else if (
      match === 'externalId' &&
      opts.matchField !== 'id' &&
      !opts.matchField.startsWith('cf.') &&
      !(kind === 'companies' && opts.matchField === 'externalId')
    ) {
      const also = kind === 'companies' ? ', externalId (the ERP id)' : '';
      errors.push({ pointer: '/matchField', detail: `is id${also} or a custom field (cf.<key>)`, in: 'body' });
    } else if (match !== 'none' && !mapped.has(opts.matchField)) {
      errors.push({ pointer: '/match', detail: `map a column to ${opts.matchField} to match by it`, in: 'body' });
    }
    if (errors.length > 0)
      throw err('imports.invalid_mapping', 'Invalid mapping', errors.map((e) => e.detail).join('; '), errors);
    return opts;
  }

  async #pass(ctx: Ctx, row: repo.ImportRow, opts: RunOptions, db: Executor = this.#db): Promise<Pass> {
    const kind = row.kind as ImportKind;
    const headers = JSON.parse(row.headers) as string[];
    const targets = new Map((await this.#targets(kind, db)).map((t) => [t.key, t]));
    const workspace = await this.#d.workspace.get(db);
    const columns = headers.flatMap((header, index) => {
      const target = opts.mapping[header] ? targets.get(opts.mapping[header]!) : undefined;
      return target ? [{ index, header, target }] : [];
    });
    if (isErpKind(kind)) {
      return {
        imp: row,
        ctx,
        kind: null,
        opts,
        headers,
        columns,
        fields: [],
        defaultCountry: workspace.defaultCountry,
        defaultCurrency: workspace.defaultCurrency,
        customFields: new Map(),
      };
    }
    const custom = await this.#d.customFields.list(kind, db);
    const k = this.#d.kinds[kind];
    return {
      imp: row,
      ctx,
      kind: k,
      opts,
      headers,
      columns,
      fields: await k.kernel.fieldSpecs(ctx),
      ...(Object.values(opts.mapping).includes('companyId') && can(ctx.actor, 'companies', 'read')
        ? { companyFields: await this.#d.kinds.companies.kernel.fieldSpecs(ctx) }
        : {}),
      defaultCountry: workspace.defaultCountry,
      defaultCurrency: workspace.defaultCurrency,
      customFields: new Map(custom.map((f) => [f.key, { type: f.type, options: f.options }])),
    };
  }

  // ---------- dry run ----------

  /** Reads the whole file and says what each row would do, writing nothing but the dry run's rejected rows. */
  async dryRun(
    ctx: Ctx,
    id: string,
    input: ImportOptions,
    onProgress?: (done: number, total: number) => void,
  ): Promise<DryRun> {
    const row = await this.#load(ctx, id);
    if (row.status !== 'uploaded') {
      throw err('imports.wrong_status', 'Already run', `This import is ${row.status}; a dry run is for a new upload.`);
    }
    await this.#mayImport(ctx, row.kind as ImportKind);
    const opts = await this.#options(row, input);
    const pass = { ...(await this.#pass(ctx, row, opts)), seen: new Set<string>() };
    const c: ImportCounts = { total: 0, created: 0, updated: 0, skipped: 0, rejected: 0 };
    const first: Rejection[] = [];
    await repo.clearRejections(this.#db, id, 'dry-run');
    let batch: repo.RejectionRow[] = [];
    const fileRows = onProgress ? await this.#countRows(row) : 0;
    for await (const { rec, r } of this.#decided(pass)) {
      c.total++;
      if (onProgress && c.total % this.chunkSize === 0) onProgress(c.total, fileRows);
      c[r.outcome]++;
      r.rejections.forEach((x, seq) => {
        if (first.length < 100) first.push({ row: rec.row, column: x.column, reason: x.reason });
        batch.push({ row_number: rec.row, seq, column_name: x.column, reason: x.reason });
      });
      if (batch.length >= 500) {
        await repo.addRejections(this.#db, id, 'dry-run', batch);
        batch = [];
      }
      if (c.total % this.chunkSize === 0) await yieldToEventLoop();
    }
    await repo.addRejections(this.#db, id, 'dry-run', batch);
    if (c.total === 0) throw err('imports.no_rows', 'No rows', 'The file has a header row but no rows to import.');
    return { counts: c, rejections: first, rejectedUrl: `/api/v1/imports/${id}/rejected.csv?phase=dry-run` };
  }

  // ---------- run ----------

  /** Queues the run as a job; its progress is the job's, its outcome the import's status and counts. */
  async run(ctx: Ctx, id: string, input: ImportOptions): Promise<Import> {
    // Checked before the transaction: reads outside it would wait for it on SQLite's single connection.
    const row = await this.#load(ctx, id);
    const wrong = (status: string) =>
      err('imports.wrong_status', 'Already run', `This import is ${status}; upload the file again to rerun it.`);
    if (row.status !== 'uploaded') throw wrong(row.status);
    await this.#mayImport(ctx, row.kind as ImportKind);
    const opts = await this.#options(row, input);
    if (opts.match !== 'none' && opts.update !== 'skip') assertCan(ctx.actor, row.kind, 'update');
    await this.#db.transaction().execute(async (trx) => {
      const job = await this.#d.jobRunner.enqueue(trx, {
        type: IMPORT_JOB,
        ownerId: ctx.actor.id,
        params: { importId: id, action: 'run' },
      });
      const moved = await repo.transition(trx, id, ['uploaded'], {
        status: 'running',
        options: JSON.stringify(opts),
        job_id: job.id,
        updated_at: now(),
      });
      if (!moved) throw wrong('already running'); // another request started it meanwhile
    });
    return this.#dto((await repo.find(this.#db, id))!);
  }

  /** Queues the undo of a finished run as a job: created records go to the bin, updated fields are restored. */
  async undo(ctx: Ctx, id: string): Promise<Import> {
    const row = await this.#load(ctx, id);
    if (isErpKind(row.kind)) {
      throw err('imports.undo_unavailable', 'Cannot undo', ERP_UNDO_REASON);
    }
    const wrong = (status: string) =>
      err('imports.wrong_status', 'Cannot undo', `This import is ${status}; only a finished run can be undone.`);
    if (row.status !== 'succeeded' && row.status !== 'failed') throw wrong(row.status);
    if (row.created > 0) assertCan(ctx.actor, row.kind, 'delete');
    if (row.updated > 0) assertCan(ctx.actor, row.kind, 'update');
    await this.#db.transaction().execute(async (trx) => {
      const job = await this.#d.jobRunner.enqueue(trx, {
        type: IMPORT_JOB,
        ownerId: ctx.actor.id,
        params: { importId: id, action: 'undo' },
      });
      const moved = await repo.transition(trx, id, ['succeeded', 'failed'], {
        status: 'running',
        job_id: job.id,
        error: null,
        updated_at: now(),
      });
      if (!moved) throw wrong('already being undone');
    });
    return this.#dto((await repo.find(this.#db, id))!);
  }

  async #job(job: JobContext): Promise<JobResult> {
    const p = job.params as { importId: string; action: 'run' | 'undo' };
    const row = await repo.find(this.#db, p.importId);
    if (!row) throw new PermanentJobError('The import no longer exists');
    if (!job.ownerId) throw new PermanentJobError('An import needs the user who asked for it');
    // Runs as its owner with the owner's current role, so rules changed since the request apply.
    const actor = await this.#d.identity.actorFor(job.ownerId).catch(() => {
      throw new PermanentJobError('The user who asked for this import no longer exists');
    });
    const ctx: Ctx = { actor, requestId: `job:${job.id}`, ip: null };
    try {
      const message = p.action === 'undo' ? await this.#undo(job, ctx, row) : await this.#run(job, ctx, row);
      return { message };
    } catch (e) {
      if (e instanceof Error && e.name === 'JobCancelled') {
        await repo.update(this.#db, row.id, {
          status: 'failed',
          error: isErpKind(row.kind)
            ? 'Cancelled: the rows written before stay (an ERP import is not undone; importing the file again finishes it).'
            : 'Cancelled: the rows written before stay until the import is undone.',
          finished_at: now(),
          updated_at: now(),
        });
        throw e;
      }
      const permanent = e instanceof PermanentJobError || e instanceof AppError || job.attempt >= 5;
      if (permanent) {
        await repo.update(this.#db, row.id, {
          status: 'failed',
          error: e instanceof Error ? e.message.slice(0, 1000) : String(e),
          finished_at: now(),
          updated_at: now(),
        });
      }
      if (e instanceof AppError) throw new PermanentJobError(e.detail ?? e.title);
      throw e;
    }
  }

  /** Counts the file's rows (after the header) without holding them: the progress bar's total. */
  async #countRows(row: repo.ImportRow): Promise<number> {
    let n = 0;
    for await (const _ of this.#rows(row)) n++;
    return n;
  }

  /** The file's rows after the header. */
  async *#rows(row: repo.ImportRow): AsyncGenerator<CsvRecord> {
    let header = true;
    const src = {
      path: row.file_path,
      format: row.format as Format,
      encoding: row.encoding as Encoding,
      delimiter: (row.delimiter || null) as Delimiter | null,
      sheet: row.sheet,
    };
    for await (const rec of records(src)) {
      if (header) header = false;
      else yield rec;
    }
  }

  async #run(job: JobContext, ctx: Ctx, row: repo.ImportRow): Promise<string> {
    if (!isErpKind(row.kind)) return this.#runRows(job, ctx, row, null);
    // Checked again as the job starts: the module may have been switched off, or the owner's role changed, since.
    await this.#mayImport(ctx, row.kind);
    const erp = this.#d.erp!;
    const runId = await erp.openImportRun(this.#db, {
      importId: row.id,
      jobId: job.id,
      requestedBy: row.owner_id,
      kind: row.kind,
    });
    try {
      const message = await this.#runRows(job, ctx, row, runId);
      const fresh = (await repo.find(this.#db, row.id))!;
      await erp.closeImportRun(runId, fresh.status === 'succeeded' ? 'succeeded' : 'failed', fresh.error);
      return message;
    } catch (e) {
      await erp.closeImportRun(runId, 'failed', e instanceof Error ? e.message : String(e));
      throw e;
    }
  }

  /** A run: the all-or-nothing check when asked, then the rows a chunk per transaction (ERP kinds: `runId` logs them). */
  async #runRows(job: JobContext, ctx: Ctx, row: repo.ImportRow, runId: string | null): Promise<string> {
    const opts = JSON.parse(row.options!) as RunOptions;
    const pass = await this.#pass(ctx, row, opts);
    const fileRows = await this.#countRows(row);
    if (fileRows === 0) throw err('imports.no_rows', 'No rows', 'The file has a header row but no rows to import.');
    // All or nothing: a first pass writes nothing; one rejected row and the run fails with nothing imported.
    if (opts.mode === 'all-or-nothing' && row.rows_done === 0) {
      await repo.clearRejections(this.#db, row.id, 'run');
      const check = { ...pass, seen: new Set<string>() };
      let bad = 0;
      let batch: repo.RejectionRow[] = [];
      let n = 0;
      const logged: ErpImportChunkLog['rejections'] = [];
      for await (const { rec, r } of this.#decided(check)) {
        if (r.outcome === 'rejected') {
          bad++;
          if (logged.length < 100) logged.push(this.#erpLogRejection(rec, r));
        }
        batch.push(...rejectionRows(rec.row, r.rejections));
        if (batch.length >= 500) {
          await repo.addRejections(this.#db, row.id, 'run', batch);
          batch = [];
        }
        if (++n % this.chunkSize === 0) await job.progress(0, fileRows, `Checking: ${n} of ${fileRows} rows`);
      }
      await repo.addRejections(this.#db, row.id, 'run', batch);
      if (bad > 0 && runId) {
        const none = { created: 0, updated: 0, unchanged: 0 };
        await this.#d.erp!.logImportChunk(this.#db, runId, { rowsIn: n, ...none, rejected: bad, rejections: logged });
      }
      if (bad > 0) {
        await repo.update(this.#db, row.id, {
          status: 'failed',
          total: n,
          rejected: bad,
          skipped: n - bad,
          error: `${bad} of ${n} rows were rejected: nothing was imported (all or nothing).`,
          finished_at: now(),
          updated_at: now(),
        });
        return `Nothing imported: ${bad} rows rejected`;
      }
      if (runId) {
        // All or nothing through the ERP sync: the whole file in one transaction (its records cannot be undone).
        const message = await this.#writeErpAtomic(job, pass, runId, fileRows);
        if (message) return message;
        return this.#succeeded(job, ctx, row);
      }
    }
    const done = row.rows_done;
    let chunk: CsvRecord[] = [];
    const flush = async () => {
      if (chunk.length === 0) return;
      const rows = chunk;
      chunk = [];
      const aborted = runId ? await this.#writeErpChunk(pass, rows, runId) : await this.#writeChunk(pass, rows);
      const fresh = (await repo.find(this.#db, row.id))!;
      await job.progress(fresh.rows_done, fileRows, `${fresh.rows_done} of ${fileRows} rows`);
      await yieldToEventLoop(); // node:sqlite is synchronous: let requests through between chunks
      return aborted;
    };
    for await (const rec of this.#rows(row)) {
      if (rec.row - 1 <= done) continue; // written before the restart: the checkpoint says so
      chunk.push(rec);
      if (chunk.length >= this.chunkSize && (await flush())) break;
    }
    const aborted = await flush();
    const fresh = (await repo.find(this.#db, row.id))!;
    if (aborted) {
      // All or nothing, yet a row failed while writing (a record changed since the check): take back what was written.
      await this.#undo(job, ctx, fresh, 'failed');
      await repo.update(this.#db, row.id, {
        status: 'failed',
        error: 'A row was rejected while writing: what had been written was undone (all or nothing).',
        finished_at: now(),
        updated_at: now(),
      });
      return 'Nothing imported';
    }
    return this.#succeeded(job, ctx, row);
  }

  async #succeeded(job: JobContext, ctx: Ctx, row: repo.ImportRow): Promise<string> {
    await repo.update(this.#db, row.id, { status: 'succeeded', finished_at: now(), updated_at: now() });
    const fresh = (await repo.find(this.#db, row.id))!;
    await recordAudit(this.#db, ctx, {
      action: 'import',
      object: row.kind,
      recordId: null,
      meta: { importId: row.id, step: 'run', jobId: job.id, counts: counts(fresh) },
    });
    const c = counts(fresh);
    return `${c.created} created, ${c.updated} updated, ${c.skipped} skipped, ${c.rejected} rejected`;
  }

  // ---------- ERP kinds ----------

  /**
   * Each row of the file with what it would do, in file order, writing nothing: a row at a time through the kind's
   * kernel, or (ERP kinds) a chunk at a time through the ERP sync's dry run.
   */
  async *#decided(pass: Pass): AsyncGenerator<{ rec: CsvRecord; r: RowResult }> {
    if (pass.kind) {
      for await (const rec of this.#rows(pass.imp)) yield { rec, r: await this.#row(pass, rec, this.#db, true) };
      return;
    }
    let chunk: CsvRecord[] = [];
    const decide = async () => {
      const recs = chunk;
      chunk = [];
      const results = await this.#erpRows(pass, recs, this.#db, true);
      return results.map((r, i) => ({ rec: recs[i]!, r }));
    };
    for await (const rec of this.#rows(pass.imp)) {
      chunk.push(rec);
      if (chunk.length >= this.chunkSize) yield* await decide();
    }
    if (chunk.length > 0) yield* await decide();
  }

  /**
   * What a chunk of rows of an ERP kind does (or would do, with `dry`): each row's cells become a record of the ERP
   * sync, and the records go to the accounts module's upsert together, in `db` (the chunk's transaction), which
   * checks each one as the API does. Its problems come back on the columns they are about.
   */
  async #erpRows(pass: Pass, recs: CsvRecord[], db: Executor, dry: boolean): Promise<RowResult[]> {
    const kind = pass.imp.kind as ErpImportKind;
    const mapped = new Set(pass.columns.map((c) => c.target.key));
    const header = (key: string | undefined) =>
      key ? (pass.columns.find((c) => c.target.key === key)?.header ?? null) : null;
    const results: RowResult[] = [];
    const sent: { at: number; record: Record<string, unknown> }[] = [];
    for (const rec of recs) {
      const converted = await this.#cells(pass, rec, db);
      if ('rejected' in converted) {
        results.push({ ...converted.rejected, erpOutcome: 'rejected', externalId: null });
        continue;
      }
      const { values } = converted;
      const externalId = ((values.get('externalId') ?? values.get('number')) as string | undefined) ?? null;
      if (values.size === 0) {
        results.push({ outcome: 'skipped', rejections: [], erpOutcome: 'skipped', externalId });
        continue;
      }
      const built = erpRecord(kind, values, { currency: pass.defaultCurrency, updatedAt: pass.imp.created_at });
      if ('problems' in built) {
        const rejections = built.problems.map((p) => ({ column: header(p.key), reason: p.reason }));
        results.push({ outcome: 'rejected', rejections, erpOutcome: 'rejected', externalId });
        continue;
      }
      sent.push({ at: results.length, record: built.record });
      results.push({ outcome: 'skipped', rejections: [], externalId });
    }
    if (sent.length === 0) return results;
    const outcomes = await this.#d.erp!.upsertChunk(
      pass.ctx,
      db,
      kind,
      sent.map((x) => x.record),
      { dry },
    );
    sent.forEach(({ at }, i) => {
      const o = outcomes[i]!;
      const base = { erpOutcome: o.outcome, externalId: results[at]!.externalId ?? null };
      results[at] =
        o.outcome === 'rejected'
          ? {
              ...base,
              outcome: 'rejected',
              rejections: o.errors.map((e) => ({
                column: header(erpTargetOf(e.pointer, mapped)),
                reason: erpReason(e.detail),
              })),
            }
          : { ...base, outcome: o.outcome === 'unchanged' ? 'skipped' : o.outcome, rejections: [] };
    });
    return results;
  }

  /** A rejected row as the sync log keeps it. */
  #erpLogRejection(rec: CsvRecord, r: RowResult): ErpImportChunkLog['rejections'][number] {
    return {
      row: rec.row,
      externalId: r.externalId ?? null,
      errors: r.rejections.map((x) => ({ field: x.column ?? '', detail: x.reason })),
    };
  }

  /** A chunk's counts for the sync log. */
  #erpLog(recs: CsvRecord[], results: RowResult[]): ErpImportChunkLog {
    const log: ErpImportChunkLog = {
      rowsIn: recs.length,
      created: 0,
      updated: 0,
      unchanged: 0,
      rejected: 0,
      rejections: [],
    };
    results.forEach((r, i) => {
      const o = r.erpOutcome;
      if (o === 'created' || o === 'updated' || o === 'unchanged') log[o]++;
      else if (o === 'rejected') {
        log.rejected++;
        if (log.rejections.length < 100) log.rejections.push(this.#erpLogRejection(recs[i]!, r));
      }
    });
    return log;
  }

  /**
   * Writes a chunk of ERP rows in one transaction with the checkpoint, the counts and the chunk's line in the sync
   * log: valid rows land, rejected ones are reported (the sync writes a batch's good records and rejects the others).
   */
  async #writeErpChunk(pass: Pass, rows: CsvRecord[], runId: string): Promise<boolean> {
    await this.#db.transaction().execute(async (trx) => {
      const results = await this.#erpRows(pass, rows, trx, false);
      await this.#recordErpChunk(trx, pass, rows, results, runId);
    });
    return false;
  }

  async #recordErpChunk(trx: Executor, pass: Pass, rows: CsvRecord[], results: RowResult[], runId: string) {
    const add = { created: 0, updated: 0, skipped: 0, rejected: 0 };
    const rejections: repo.RejectionRow[] = [];
    results.forEach((r, i) => {
      add[r.outcome]++;
      rejections.push(...rejectionRows(rows[i]!.row, r.rejections));
    });
    await repo.addRejections(trx, pass.imp.id, 'run', rejections);
    await repo.checkpoint(trx, pass.imp.id, rows[rows.length - 1]!.row - 1, add, now());
    await this.#d.erp!.logImportChunk(trx, runId, this.#erpLog(rows, results));
  }

  /**
   * All or nothing through the ERP sync, once the check found no bad row: the whole file in one transaction, a chunk
   * of records at a time; a row the sync rejects now (a company moved to the bin since the check) rolls everything
   * back. Answers a message when nothing was imported.
   */
  async #writeErpAtomic(job: JobContext, pass: Pass, runId: string, fileRows: number): Promise<string | undefined> {
    // Progress is reported before: the job's row is written outside this transaction, which (on SQLite) it would wait for.
    await job.progress(0, fileRows, `Writing ${fileRows} rows in one transaction`);
    const rejectedRow = await this.#db
      .transaction()
      .execute(async (trx) => {
        let chunk: CsvRecord[] = [];
        const flush = async () => {
          const rows = chunk;
          chunk = [];
          const results = await this.#erpRows(pass, rows, trx, false);
          const bad = results.findIndex((r) => r.outcome === 'rejected');
          if (bad >= 0) throw new ErpRowRejected(rows[bad]!.row, results[bad]!);
          await this.#recordErpChunk(trx, pass, rows, results, runId);
        };
        for await (const rec of this.#rows(pass.imp)) {
          chunk.push(rec);
          if (chunk.length >= this.chunkSize) await flush();
        }
        if (chunk.length > 0) await flush();
        return undefined;
      })
      .catch((e: unknown) => {
        if (e instanceof ErpRowRejected) return e;
        throw e;
      });
    if (!rejectedRow) return undefined;
    await repo.clearRejections(this.#db, pass.imp.id, 'run');
    await repo.addRejections(
      this.#db,
      pass.imp.id,
      'run',
      rejectionRows(rejectedRow.row, rejectedRow.result.rejections),
    );
    const error = `Row ${rejectedRow.row} was rejected while writing: nothing was imported (all or nothing).`;
    await repo.update(this.#db, pass.imp.id, {
      status: 'failed',
      error,
      finished_at: now(),
      updated_at: now(),
    });
    return 'Nothing imported';
  }

  /**
   * Writes a chunk of rows in one transaction with the checkpoint and counts. Each row runs in a savepoint, so a row
   * whose write fails leaves no trace while the others commit. Answers true when an all-or-nothing run must stop.
   */
  async #writeChunk(pass: Pass, rows: CsvRecord[]): Promise<boolean> {
    return this.#db.transaction().execute(async (trx) => {
      const add = { created: 0, updated: 0, skipped: 0, rejected: 0 };
      const rejections: repo.RejectionRow[] = [];
      const changes: repo.ChangeRow[] = [];
      let stop = false;
      for (const rec of rows) {
        await sql`savepoint import_row`.execute(trx);
        let r: RowResult;
        try {
          r = await this.#row(pass, rec, trx, false);
          await sql`release savepoint import_row`.execute(trx);
        } catch (e) {
          await sql`rollback to savepoint import_row`.execute(trx);
          await sql`release savepoint import_row`.execute(trx);
          // A refusal of this row (a rule, a placement) rejects it; anything else fails the chunk, which is retried.
          if (!(e instanceof AppError)) throw e;
          r = { outcome: 'rejected', rejections: [{ column: null, reason: rowFailure(e) }] };
        }
        add[r.outcome]++;
        for (const [seq, x] of r.rejections.entries()) {
          rejections.push({ row_number: rec.row, seq, column_name: x.column, reason: x.reason });
        }
        if (r.change) {
          changes.push({
            row_number: rec.row,
            record_id: r.change.recordId,
            action: r.change.action,
            previous: r.change.previous ? JSON.stringify(r.change.previous) : null,
          });
        }
        if (r.outcome === 'rejected' && pass.opts.mode === 'all-or-nothing') stop = true;
      }
      await repo.addRejections(trx, pass.imp.id, 'run', rejections);
      await repo.addChanges(trx, pass.imp.id, changes);
      await repo.checkpoint(trx, pass.imp.id, rows[rows.length - 1]!.row - 1, add, now());
      return stop;
    });
  }

  // ---------- one row ----------

  /**
   * A row's cells converted to its targets' values (keyed by target), or the row's rejection: a malformed row, or
   * each cell that cannot be its target's value.
   */
  async #cells(
    pass: Pass,
    rec: CsvRecord,
    db: Executor,
  ): Promise<{ rejected: RowResult } | { values: Map<string, unknown>; env: CellEnv }> {
    const reject = (column: string | null, reason: string) => ({
      rejected: { outcome: 'rejected' as const, rejections: [{ column, reason }] },
    });
    if ('error' in rec) return reject(null, rec.error);
    const { cells } = rec;
    const width = pass.headers.length;
    if (cells.length !== width && !(cells.length > width && cells.slice(width).every((c) => c.trim() === ''))) {
      return reject(null, `has ${cells.length} cells where the header has ${width}`);
    }
    const problems: { column: string | null; reason: string }[] = [];
    const values = new Map<string, unknown>();
    const countryCol = pass.columns.find((c) => c.target.key === 'country');
    const rowCountry = countryCol ? countryCode(cells[countryCol.index] ?? '') : undefined;
    const env: CellEnv = {
      country: rowCountry ?? pass.defaultCountry,
      customFields: pass.customFields,
      companyId: (v) => this.#companyId(pass, v, db),
    };
    for (const col of pass.columns) {
      let cell = cells[col.index] ?? '';
      // Rapport's own export writes a cell that looks like a formula with a leading quote: read it back as written.
      // A formula's text (`=HYPERLINK(...)`) is kept as text, never evaluated; every export quotes it again.
      if (/^'[=+\-@\t\r]/.test(cell)) cell = cell.slice(1);
      if (cell.includes('\u0000')) {
        problems.push({ column: col.header, reason: 'contains a NUL byte' });
        continue;
      }
      if (cell.includes('\uFFFD')) {
        problems.push({ column: col.header, reason: `contains bytes that are not valid ${pass.imp.encoding}` });
        continue;
      }
      cell = cell.trim();
      if (cell === '') continue;
      const c = await col.target.convert(cell, env);
      if ('error' in c) problems.push({ column: col.header, reason: c.error });
      else values.set(col.target.key, c.value);
    }
    if (problems.length > 0) return { rejected: { outcome: 'rejected', rejections: problems } };
    return { values, env };
  }

  /** What one row does (or would do, with `dry`): converted cells, a match, then the kind's kernel. */
  async #row(pass: Pass, rec: CsvRecord, db: Executor, dry: boolean): Promise<RowResult> {
    const reject = (column: string | null, reason: string): RowResult => ({
      outcome: 'rejected',
      rejections: [{ column, reason }],
    });
    const converted = await this.#cells(pass, rec, db);
    if ('rejected' in converted) return converted.rejected;
    const { values, env } = converted;
    if (values.size === 0) return { outcome: 'skipped', rejections: [] };

    const kind = pass.kind!;
    const { kernel } = kind;
    const columnOf = (pointer: string) => this.#columnOf(pass, pointer);
    const matchKey = this.#matchKey(pass, values, env.country);
    let matches: string[] = [];
    if (pass.opts.match !== 'none' && matchKey !== undefined) {
      matches = await this.#match(pass, values.get(pass.opts.matchField), db);
      if (matches.length > 1) {
        return reject(
          pass.columns.find((c) => c.target.key === pass.opts.matchField)?.header ?? null,
          `matches ${matches.length} existing records: resolve the duplicates first`,
        );
      }
      if (matches.length === 0 && dry && pass.seen?.has(matchKey)) {
        // An earlier row of the file would have created it: this row would find it.
        return { outcome: pass.opts.update === 'skip' ? 'skipped' : 'updated', rejections: [] };
      }
    }
    if (matches.length === 0) {
      const input = this.#createInput(pass, values);
      const errors = schemaErrors(kind.create, input);
      if (errors.length === 0) {
        if (dry) errors.push(...(await kernel.validate(pass.ctx, input, undefined, db)));
        else {
          try {
            const dto = (await kernel.create(pass.ctx, input, db)) as { id: string };
            return {
              outcome: 'created',
              rejections: [],
              change: { recordId: dto.id, action: 'created', previous: null },
            };
          } catch (e) {
            if (!(e instanceof AppError && e.errors)) throw e;
            errors.push(...e.errors);
          }
        }
      }
      if (errors.length > 0) {
        return {
          outcome: 'rejected',
          rejections: errors.map((e) => ({ column: columnOf(e.pointer), reason: e.detail })),
        };
      }
      if (matchKey !== undefined) pass.seen?.add(matchKey);
      return { outcome: 'created', rejections: [] };
    }
    if (pass.opts.update === 'skip') return { outcome: 'skipped', rejections: [] };
    const id = matches[0]!;
    const [existing] = await kernel.findRecords(pass.ctx, [id], db);
    const [dto] = await kernel.toDtos(pass.ctx, [existing], db);
    const patch = this.#patch(pass, values, dto as Record<string, unknown>, env.country);
    if (!patch) return { outcome: 'skipped', rejections: [] };
    const errors = schemaErrors(kind.update, patch.input);
    if (errors.length === 0) {
      if (dry) errors.push(...(await kernel.validate(pass.ctx, patch.input, existing, db)));
      else {
        try {
          await kernel.update(pass.ctx, id, patch.input, undefined, db);
          return {
            outcome: 'updated',
            rejections: [],
            change: { recordId: id, action: 'updated', previous: patch.previous },
          };
        } catch (e) {
          if (!(e instanceof AppError && e.errors)) throw e;
          errors.push(...e.errors);
        }
      }
    }
    if (errors.length > 0) {
      return {
        outcome: 'rejected',
        rejections: errors.map((e) => ({ column: columnOf(e.pointer), reason: e.detail })),
      };
    }
    return { outcome: 'updated', rejections: [] };
  }

  /** The header a problem's pointer names (`/emails/0/email` → the column mapped to email), or null. */
  #columnOf(pass: Pass, pointer: string): string | null {
    const parts = pointer.split('/').filter(Boolean);
    let key = parts[0] ?? '';
    if (key === 'emails') key = 'email';
    else if (key === 'phones') key = 'phone';
    else if (key === 'address') key = parts[1] ?? 'line1';
    else if (key === 'customFields') key = `cf.${parts[1]}`;
    const col =
      pass.columns.find((c) => c.target.key === key) ??
      (key === 'firstName' || key === 'lastName' ? pass.columns.find((c) => c.target.key === 'name') : undefined);
    return col?.header ?? null;
  }

  /** The value a row is matched on, normalised (lower-cased email, E.164 phone, domain, id), or undefined. */
  #matchKey(pass: Pass, values: Map<string, unknown>, country: string): string | undefined {
    const v = values.get(pass.opts.matchField);
    if (v === undefined || v === null) return undefined;
    if (pass.opts.match === 'email') return (v as string[])[0];
    if (pass.opts.match === 'phone') return e164s([(v as string[])[0]!], country)[0];
    return String(v);
  }

  /** Ids of the live records the importer may see that the row matches (at most 2: more than one is ambiguous). */
  async #match(pass: Pass, value: unknown, db: Executor): Promise<string[]> {
    const { kernel } = pass.kind!;
    const field = pass.opts.matchField;
    const v = Array.isArray(value) ? value[0] : value;
    if (v === undefined || v === null || v === '') return [];
    if (field === 'id') {
      const rows = await kernel.findRecords(pass.ctx, [String(v)], db, { scope: kernel.scope(pass.ctx), live: true });
      return rows.map((r: { id: string }) => r.id);
    }
    try {
      // An ERP id is compared as the ERP wrote it; other match fields are stored lower-cased.
      const needle = field === 'externalId' ? String(v) : String(v).toLowerCase();
      const q = await kernel.query(pass.ctx, { filter: `${field}:eq:${needle}` }, pass.fields);
      const rows = (await kernel.base(db, q).select(`${kernel.kind.table}.id as id`).limit(2).execute()) as {
        id: string;
      }[];
      return rows.map((r) => r.id);
    } catch (e) {
      if (e instanceof AppError && e.status === 400) return []; // a value the field cannot hold matches nothing
      throw e;
    }
  }

  /** A company the importer may see, by id or by exact name (case-insensitive); undefined when none or several. */
  async #companyId(pass: Pass, value: string, db: Executor): Promise<string | undefined> {
    const companies = this.#d.kinds.companies.kernel;
    if (!can(pass.ctx.actor, 'companies', 'read')) return undefined;
    const byId = await companies.findRecords(pass.ctx, [value], db, { scope: companies.scope(pass.ctx), live: true });
    if (byId.length === 1) return (byId[0] as { id: string }).id;
    if (!pass.companyFields) return undefined;
    try {
      const q = await companies.query(pass.ctx, { filter: `name:eq:${value.toLowerCase()}` }, pass.companyFields);
      const rows = (await companies.base(db, q).select('companies.id as id').limit(2).execute()) as { id: string }[];
      return rows.length === 1 ? rows[0]!.id : undefined;
    } catch (e) {
      if (e instanceof AppError && e.status === 400) return undefined;
      throw e;
    }
  }

  /** The create input of a row (the shape the kind's API takes). */
  #createInput(pass: Pass, values: Map<string, unknown>): Record<string, unknown> {
    const input: Record<string, unknown> = {};
    const address: Record<string, unknown> = {};
    const custom: Record<string, unknown> = {};
    for (const [key, v] of values) {
      if (key === 'id') continue;
      if (key === 'email') input.emails = (v as string[]).map((email) => ({ email }));
      else if (key === 'phone') input.phones = (v as string[]).map((number) => ({ number }));
      else if (key === 'name' && pass.imp.kind === 'people') {
        const n = splitName(v as string);
        if (!values.has('firstName')) input.firstName = n.firstName;
        if (!values.has('lastName')) input.lastName = n.lastName;
      } else if (ADDRESS.includes(key)) address[key] = v;
      else if (key.startsWith('cf.')) custom[key.slice(3)] = v;
      else input[key] = v;
    }
    if (Object.keys(address).length > 0) input.address = address;
    if (Object.keys(custom).length > 0) input.customFields = custom;
    return input;
  }

  /**
   * The update input of a matched row: only the fields that would change (with "fill-empty", only fields the record
   * has empty), and their previous values as an update input (what undo writes back). Undefined when nothing changes.
   */
  #patch(
    pass: Pass,
    values: Map<string, unknown>,
    dto: Record<string, unknown>,
    country: string,
  ): { input: Record<string, unknown>; previous: Record<string, unknown> } | undefined {
    const fill = pass.opts.update === 'fill-empty';
    const input: Record<string, unknown> = {};
    const previous: Record<string, unknown> = {};
    const address = { ...((dto.address as Record<string, unknown> | undefined) ?? {}) };
    let addressChanged = false;
    const custom: Record<string, unknown> = {};
    const customBefore: Record<string, unknown> = {};
    const targets = new Map(pass.columns.map((c) => [c.target.key, c.target]));
    const isEmpty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
    for (const [key, v] of values) {
      if (key === 'id') continue;
      const target = targets.get(key)!;
      const cur = target.current(dto);
      if (fill && !isEmpty(cur)) continue;
      if (key === 'email' || key === 'phone') {
        const list = dto[key === 'email' ? 'emails' : 'phones'] as { email?: string; number?: string; label: string }[];
        const have = list.map((x) => (key === 'email' ? x.email! : x.number!));
        const fresh = key === 'phone' ? e164s(v as string[], country) : (v as string[]);
        const added = fresh.filter((x) => !have.includes(x));
        if (added.length === 0) continue;
        // Every address already there is kept; the new ones come first (the first is the primary).
        const entries = [
          ...added.map((x) => (key === 'email' ? { email: x } : { number: x })),
          ...list.map((x) =>
            key === 'email' ? { email: x.email!, label: x.label } : { number: x.number!, label: x.label },
          ),
        ];
        const field = key === 'email' ? 'emails' : 'phones';
        input[field] = entries;
        previous[field] = list.map((x) =>
          key === 'email' ? { email: x.email!, label: x.label } : { number: x.number!, label: x.label },
        );
        continue;
      }
      if (same(cur, v)) continue;
      if (key === 'name' && pass.imp.kind === 'people') {
        const n = splitName(v as string);
        if (n.firstName !== dto.firstName) {
          input.firstName = n.firstName;
          previous.firstName = dto.firstName;
        }
        if (n.lastName !== dto.lastName) {
          input.lastName = n.lastName;
          previous.lastName = dto.lastName;
        }
      } else if (ADDRESS.includes(key)) {
        address[key] = v;
        addressChanged = true;
      } else if (key.startsWith('cf.')) {
        custom[key.slice(3)] = v;
        customBefore[key.slice(3)] = cur ?? null;
      } else {
        input[key] = v;
        previous[key] = cur ?? null;
      }
    }
    if (addressChanged) {
      input.address = address;
      previous.address = { ...((dto.address as Record<string, unknown> | undefined) ?? {}) };
    }
    if (Object.keys(custom).length > 0) {
      input.customFields = custom;
      previous.customFields = customBefore;
    }
    return Object.keys(input).length > 0 ? { input, previous } : undefined;
  }

  // ---------- undo ----------

  /**
   * Walks what the run wrote backwards, a page at a time, each page in one transaction that also forgets the undone
   * rows (so an interrupted undo resumes where it stopped): created records go to the bin, updated fields get their
   * previous values back.
   */
  async #undo(job: JobContext, ctx: Ctx, row: repo.ImportRow, finalStatus: ImportStatus = 'undone'): Promise<string> {
    const kernel = this.#d.kinds[row.kind as KernelKind].kernel;
    let done = 0;
    const total = row.created + row.updated;
    for (;;) {
      const page = await repo.lastChanges(this.#db, row.id, 100);
      if (page.length === 0) break;
      await this.#db.transaction().execute(async (trx) => {
        for (const ch of page) {
          try {
            if (ch.action === 'created') await kernel.remove(ctx, ch.record_id, undefined, trx);
            else await kernel.update(ctx, ch.record_id, JSON.parse(ch.previous ?? '{}'), undefined, trx);
          } catch (e) {
            // A record deleted since the import has nothing to undo.
            if (!(e instanceof AppError && e.status === 404)) throw e;
          }
        }
        await repo.removeChanges(
          trx,
          row.id,
          page.map((c) => c.row_number),
        );
      });
      done += page.length;
      await job.progress(done, Math.max(total, done), `Undoing: ${done} of ${total}`);
      await yieldToEventLoop();
    }
    if (finalStatus === 'undone') {
      await repo.update(this.#db, row.id, {
        status: 'undone',
        undone_at: now(),
        finished_at: now(),
        updated_at: now(),
      });
      await recordAudit(this.#db, ctx, {
        action: 'import_undo',
        object: row.kind,
        recordId: null,
        meta: { importId: row.id, jobId: job.id, records: done },
      });
    }
    return `${done} changes undone`;
  }
}

const ADDRESS = ['line1', 'city', 'region', 'postalCode', 'country'];

/** An all-or-nothing ERP import's row rejected while writing: thrown to roll the whole file's transaction back. */
class ErpRowRejected extends Error {
  override name = 'ErpRowRejected';
  readonly row: number;
  readonly result: RowResult;
  constructor(row: number, result: RowResult) {
    super(`row ${row} was rejected`);
    this.row = row;
    this.result = result;
  }
}

function counts(row: repo.ImportRow): ImportCounts {
  return {
    total: row.total,
    created: row.created,
    updated: row.updated,
    skipped: row.skipped,
    rejected: row.rejected,
  };
}

/** A row's rejections as stored rows. */
function rejectionRows(row: number, rejections: RowResult['rejections']): repo.RejectionRow[] {
  return rejections.map((x, seq) => ({ row_number: row, seq, column_name: x.column, reason: x.reason }));
}

/** Whether a converted value equals what the record holds (lists as sets, text exactly). */
function same(cur: unknown, v: unknown): boolean {
  if (Array.isArray(v)) {
    const a = Array.isArray(cur) ? (cur as unknown[]).map(String) : [];
    const b = (v as unknown[]).map(String);
    return a.length === b.length && b.every((x) => a.includes(x));
  }
  if ((cur === null || cur === undefined) && (v === null || v === undefined)) return true;
  return JSON.stringify(cur) === JSON.stringify(v);
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The trimmed header row of an inspected file; refused when missing, unreadable or with a header twice. */
function headerRow(info: Inspected): string[] {
  if (!info.header || 'error' in info.header || info.header.cells.every((c) => c.trim() === '')) {
    throw err(
      'imports.empty_file',
      'No header row',
      info.header && 'error' in info.header
        ? `The header row (row ${info.header.row}) cannot be read: ${info.header.error}.`
        : 'The file has no header row.',
    );
  }
  const headers = info.header.cells.map((h) => h.trim());
  const dup = duplicateHeaders(headers);
  if (dup.length > 0) {
    throw err(
      'imports.duplicate_headers',
      'Duplicate headers',
      `Each column needs its own header: ${dup.map((d) => `"${d.header}" (columns ${d.columns.join(' and ')})`).join(', ')}.`,
      dup.map((d) => ({ pointer: `/headers/${d.columns[1]! - 1}`, detail: `repeats "${d.header}"`, in: 'body' })),
    );
  }
  return headers;
}

function mappingDto(r: repo.MappingRow): SavedMapping {
  return {
    id: r.id,
    kind: r.kind as ImportKind,
    name: r.name,
    headers: JSON.parse(r.headers) as string[],
    mapping: JSON.parse(r.mapping) as Record<string, string | null>,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Headers that repeat, with their 1-based column numbers. */
function duplicateHeaders(headers: string[]): { header: string; columns: number[] }[] {
  const seen = new Map<string, number[]>();
  headers.forEach((h, i) => {
    if (h === '') return;
    const key = h.toLowerCase();
    seen.set(key, [...(seen.get(key) ?? []), i + 1]);
  });
  return [...seen.entries()]
    .filter(([, cols]) => cols.length > 1)
    .map(([, cols]) => ({ header: headers[cols[0]! - 1]!, columns: cols }));
}

/** Problems of an input against the kind's request schema, as a staff edit's request would answer them. */
function schemaErrors(schema: TSchema, input: unknown): FieldError[] {
  if (Value.Check(schema, input)) return [];
  return [...Value.Errors(schema, input)].slice(0, 10).map((e) => ({
    pointer: (e as { instancePath: string }).instancePath,
    detail: (e as { message: string }).message,
    in: 'body' as const,
  }));
}

function rowFailure(e: unknown): string {
  if (e instanceof AppError) return e.detail ?? e.title;
  return 'the row could not be written';
}

function csvQuote(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** A sample export, as HubSpot writes one, with a row whose email is not valid: the demo's import to try. */
export const DEMO_IMPORT_CSV = [
  'First Name,Last Name,Email,Mobile Phone Number,Company Name,Job Title,Lifecycle Stage,City,Country/Region',
  'Priya,Raman,priya.raman@example.com,+44 20 7946 0123,,Head of Operations,Lead,Manchester,United Kingdom',
  'Tomás,Álvarez,tomas.alvarez@example.com,+34 612 345 678,,Buyer,Prospect,Madrid,Spain',
  'Grace,Okafor,grace.okafor@example,+44 20 7946 0456,,Finance Director,Customer,Leeds,United Kingdom',
  'Henrik,Larsen,henrik.larsen@example.com,,,CTO,lead,Copenhagen,Denmark',
  'Mei,Chen,mei.chen@example.com,+1 415 555 0142,,Procurement Lead,Prospect,San Francisco,United States',
].join('\r\n');

/** Leaves a sample file uploaded (not run) by a user of the demo workspace, so the import pages have one to try. */
export async function seedDemoImport(imports: ImportsService, ctx: Ctx): Promise<void> {
  await imports.upload(ctx, {
    contentType: 'text/csv',
    body: (async function* () {
      yield new TextEncoder().encode(`${DEMO_IMPORT_CSV}\r\n`);
    })(),
    kind: 'people',
    fileName: 'hubspot-contacts-sample.csv',
  });
}
