/**
 * Privacy requests about a person: the access export (everything Rapport holds about them, JSON and CSV in one zip),
 * erasure (their personal data anonymised in every table and in the files the data folder keeps, audited without
 * identifiers), and the retention rule (people inactive for a configured number of months flagged or anonymised, as a
 * daily job with a dry-run report). Consent records are the people module's (`PeopleService.recordConsent`).
 */
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { sql } from 'kysely';
import type { Database, Executor } from '../../db/database.ts';
import { assertCan, type Ctx } from '../../platform/access/policy.ts';
import { recordAudit } from '../../platform/audit.ts';
import { toCsv } from '../../platform/csv.ts';
import { codedError } from '../../platform/errors.ts';
import type { EventBus } from '../../platform/events.ts';
import { now } from '../../platform/ids.ts';
import type { JobRunner } from '../../platform/jobs/runner.ts';
import { erasureColumns, type KindField } from '../../platform/records/kind.ts';
import { unzip, zip } from '../../platform/zip.ts';
import { recordKinds } from '../kinds.ts';
import type { PeopleService } from '../people/index.ts';
import { PRIVACY_ERRORS } from './privacy.errors.ts';
import * as repo from './privacy.repository.ts';
import { holdsStrong, isAbout, type Needles, needlesOf, queryNeedles, scrub, scrubRow } from './privacy.scrub.ts';

export const RETENTION_JOB = 'privacy.retention';
/** Daily at 02:20 (server time), after the night's other housekeeping. */
export const RETENTION_CRON = '0 20 2 * * *';
export const RETENTION_FLAG = 'retention-due';
const REPORT_LIMIT = 200;
/** People anonymised per transaction by a retention run (one sweep of the database per batch). */
const ERASE_BATCH = 50;

export interface PrivacyDeps {
  database: Database;
  events: EventBus;
  people: PeopleService;
  jobRunner: JobRunner;
  dataDir: string;
}

export interface ErasureResult {
  id: string;
  erasedAt: string;
  rowsChanged: Record<string, number>;
  filesChanged: number;
}

export interface RetentionSettings {
  enabled: boolean;
  months: number;
  action: 'flag' | 'anonymise';
  updatedAt: string | null;
}

export interface RetentionReport {
  dryRun: boolean;
  cutoff: string;
  months: number;
  action: 'flag' | 'anonymise';
  /** People the rule matches now (erased people excluded). */
  matched: number;
  /** People this run flagged or anonymised (0 on a dry run). */
  applied: number;
  /** The first matches, oldest activity first. */
  data: { id: string; name: string; lastActivityAt: string; flagged: boolean }[];
}

/** Who the scheduled retention run acts as (no identifiers in its audit entries either). */
export const RETENTION_CTX: Ctx = {
  actor: {
    kind: 'user',
    id: 'privacy-retention',
    name: 'Retention rule',
    email: 'privacy-retention@localhost',
    roleId: 'system',
    roleKey: 'system',
    policy: {
      objects: { people: ['read', 'update', 'delete'], privacy: ['read', 'update', 'delete'] },
      visibility: { people: 'all' },
      fields: {},
    },
    teamIds: [],
  },
  requestId: 'job:privacy.retention',
  ip: null,
};

/** The people kind's declaration: its personal fields and columns drive the export's notes and the erasure. */
const peopleKind = recordKinds.get('people')!;

const DEFAULT_SETTINGS: RetentionSettings = { enabled: false, months: 36, action: 'flag', updatedAt: null };

export class PrivacyService {
  readonly #d: PrivacyDeps;

  constructor(deps: PrivacyDeps) {
    this.#d = deps;
    deps.jobRunner.recurring(RETENTION_JOB, RETENTION_CRON, async () => {
      const s = await this.retentionSettings(RETENTION_CTX);
      if (!s.enabled) return { message: 'Retention rule off' };
      const r = await this.runRetention(RETENTION_CTX, { dryRun: false });
      return { message: `${r.applied} of ${r.matched} people ${s.action === 'flag' ? 'flagged' : 'anonymised'}` };
    });
  }

  get #db() {
    return this.#d.database.db;
  }

  // ---------- access export ----------

  /** A zip of everything Rapport holds about the person: one JSON file with it all, and a CSV per section. */
  async exportPerson(ctx: Ctx, id: string): Promise<{ fileName: string; body: Buffer }> {
    assertCan(ctx.actor, 'privacy', 'export');
    await this.#d.people.records.load(ctx, id, this.#db, { allowDeleted: true });
    const at = now();
    const sections = await this.#db.transaction().execute(async (trx) => {
      const ids = await repo.identifiersOf(trx, id);
      const s = await repo.exportSections(trx, id, ids?.emails ?? []);
      // Audited without identifiers: who asked, about which record, what went out.
      await recordAudit(trx, ctx, {
        action: 'privacy_export',
        object: 'people',
        recordId: id,
        meta: { sections: Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v.length])) },
      });
      return s;
    });
    const personalFields = (peopleKind.fields as readonly KindField[]).filter((f) => f.personal).map((f) => f.key);
    const readme = [
      'Personal data export',
      `Person: ${id}`,
      `Made at: ${at}`,
      '',
      'data.json holds every section; each CSV file holds one section (one row per stored row, columns as stored).',
      `Fields Rapport declares as personal data on a person: ${personalFields.join(', ')}.`,
      '',
      ...Object.entries(sections).map(([k, v]) => `${k}: ${v.length} row(s)`),
      '',
    ].join('\n');
    const json = JSON.stringify({ exportedAt: at, personId: id, ...parseJsonColumns(sections) }, null, 2);
    const entries = [
      { name: 'README.txt', data: readme },
      { name: 'data.json', data: json },
      ...Object.entries(sections)
        .filter(([, rows]) => rows.length > 0)
        .map(([k, rows]) => ({ name: `csv/${k}.csv`, data: sectionCsv(rows) })),
    ];
    return { fileName: `privacy-export-${id}.zip`, body: zip(entries) };
  }

  // ---------- erasure ----------

  /** Anonymises the person everywhere, in one transaction; the audit says who, when and why, naming no one. */
  async erase(ctx: Ctx, id: string, reason: string): Promise<ErasureResult> {
    assertCan(ctx.actor, 'privacy', 'delete');
    await this.#d.people.records.load(ctx, id, this.#db, { allowDeleted: true });
    if ((await repo.identifiersOf(this.#db, id))?.erasedAt)
      throw codedError(PRIVACY_ERRORS, 'privacy.already_erased', 'Already erased', 'This person was already erased.');
    const [result] = await this.#eraseMany(ctx, [id], reason);
    return result!;
  }

  async #eraseMany(ctx: Ctx, ids: string[], reason: string): Promise<ErasureResult[]> {
    const at = now();
    const results = await this.#db.transaction().execute(async (trx) => {
      const people: { ids: repo.PersonIdentifiers; needles: Needles }[] = [];
      for (const id of ids) {
        const ident = await repo.identifiersOf(trx, id);
        if (ident) people.push({ ids: ident, needles: needlesOf(ident) });
      }
      const needles = people.map((p) => p.needles);
      const out: ErasureResult[] = [];
      for (const p of people) {
        const rows = await repo.removeContactRows(trx, p.ids, at);
        await repo.anonymisePerson(trx, p.ids.id, erasureColumns(peopleKind), at);
        out.push({ id: p.ids.id, erasedAt: at, rowsChanged: rows as Record<string, number>, filesChanged: 0 });
      }
      const swept = await this.#sweep(trx, needles);
      const files = await this.#sweepFiles(needles);
      for (const r of out) {
        r.rowsChanged = { ...r.rowsChanged, ...swept };
        r.filesChanged = files;
        // The reason is kept, with any identifier it quoted removed; the entry names the record only by its id.
        await recordAudit(trx, ctx, {
          action: 'erase',
          object: 'people',
          recordId: r.id,
          meta: { reason: needles.reduce((s, n) => scrub(s, n, true), reason), tables: swept, files },
        });
      }
      // Other systems holding the person (webhooks) are told to erase too: the event names the record by id only.
      await this.#d.events.publishMany(
        trx,
        ctx,
        out.map((r) => ({
          type: 'person.erased',
          object: 'people',
          recordId: r.id,
          payload: { personId: r.id, erasedAt: r.erasedAt },
        })),
      );
      return out;
    });
    await this.#compactSearchIndex();
    return results;
  }

  /** Every table, every text column: rows holding an erased person's id or identifiers are rewritten without them. */
  async #sweep(trx: Executor, needles: Needles[]): Promise<Record<string, number>> {
    const dialect = this.#d.database.dialect;
    const changed: Record<string, number> = {};
    const wanted = queryNeedles(needles);
    for (const table of await repo.catalogue(trx, dialect)) {
      const rows = await repo.rowsContaining(trx, dialect, table, wanted);
      if (rows.length === 0) continue;
      const types = await repo.columnTypes(trx, dialect, table.name);
      for (const row of rows) {
        const changes = scrubRow(row.values, needles);
        if (Object.keys(changes).length === 0) continue;
        await repo.updateRow(trx, dialect, table.name, row.key, changes, types);
        changed[table.name] = (changed[table.name] ?? 0) + 1;
      }
    }
    return changed;
  }

  /**
   * Every file under the data folder (import uploads, export results, stored attachments): a text file that holds an
   * erased person's identifiers is rewritten without them (UTF-8, or UTF-16 with its byte-order mark); a binary one
   * (an XLSX export) that holds them is deleted, since it cannot be rewritten in place.
   */
  async #sweepFiles(needles: Needles[]): Promise<number> {
    let changed = 0;
    for (const path of await walk(resolve(this.#d.dataDir))) {
      const buf = await readFile(path);
      const { text, encode, binary } = decode(buf);
      if (binary) {
        if (needles.some((n) => binaryHolds(buf, n))) {
          await rm(path, { force: true });
          changed++;
        }
        continue;
      }
      const about = needles.filter((n) => isAbout(text, n));
      if (about.length === 0) continue;
      let out = text;
      for (const n of about) out = scrub(out, n, true);
      if (out !== text) {
        await writeFile(path, encode(out));
        changed++;
      }
    }
    return changed;
  }

  /** SQLite's FTS5 keeps deleted terms in its segments until they merge: an erasure merges them now. */
  async #compactSearchIndex(): Promise<void> {
    if (this.#d.database.dialect !== 'sqlite') return;
    await sql`insert into search_fts(search_fts) values ('optimize')`.execute(this.#db);
  }

  // ---------- retention ----------

  async retentionSettings(ctx: Ctx, db: Executor = this.#db): Promise<RetentionSettings> {
    assertCan(ctx.actor, 'privacy', 'read');
    const row = await repo.settings(db);
    if (!row) return DEFAULT_SETTINGS;
    return {
      enabled: row.retention_enabled === 1,
      months: row.retention_months,
      action: row.retention_action === 'anonymise' ? 'anonymise' : 'flag',
      updatedAt: row.updated_at,
    };
  }

  async updateRetention(ctx: Ctx, input: Omit<RetentionSettings, 'updatedAt'>): Promise<RetentionSettings> {
    assertCan(ctx.actor, 'privacy', 'update');
    return this.#db.transaction().execute(async (trx) => {
      const before = await this.retentionSettings(ctx, trx);
      const at = now();
      await repo.saveSettings(trx, {
        id: 'default',
        retention_enabled: input.enabled ? 1 : 0,
        retention_months: input.months,
        retention_action: input.action,
        updated_at: at,
        updated_by: ctx.actor.id,
      });
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      for (const k of ['enabled', 'months', 'action'] as const)
        if (before[k] !== input[k]) changes[k] = { from: before[k], to: input[k] };
      await recordAudit(trx, ctx, { action: 'update', object: 'privacy', recordId: 'retention', changes });
      return { ...input, updatedAt: at };
    });
  }

  /** The rule's cutoff: `months` calendar months before `at`. */
  static cutoff(months: number, at = new Date()): string {
    const d = new Date(at);
    d.setUTCMonth(d.getUTCMonth() - months);
    return d.toISOString();
  }

  /**
   * What the retention rule matches now; unless `dryRun`, applies it: `flag` adds the `retention-due` flag (people
   * already flagged are left alone), `anonymise` erases them in batches (audited as erasures with the rule as reason).
   */
  async runRetention(ctx: Ctx, opts: { dryRun: boolean }): Promise<RetentionReport> {
    assertCan(ctx.actor, 'privacy', opts.dryRun ? 'read' : 'delete');
    const s = await this.retentionSettings(ctx);
    const cutoff = PrivacyService.cutoff(s.months);
    const matched = await repo.countInactive(this.#db, cutoff);
    const first = await repo.inactivePeople(this.#db, cutoff, REPORT_LIMIT);
    const flagged = (flags: string) => (JSON.parse(flags) as string[]).includes(RETENTION_FLAG);
    let applied = 0;
    if (!opts.dryRun && s.action === 'flag') {
      for (;;) {
        const batch = (await repo.inactivePeople(this.#db, cutoff, 1000)).filter((p) => !flagged(p.flags));
        if (batch.length === 0) break;
        await this.#db.transaction().execute(async (trx) => {
          for (const p of batch)
            await repo.addFlag(trx, p.id, JSON.stringify([...JSON.parse(p.flags), RETENTION_FLAG]));
          await recordAudit(trx, ctx, {
            action: 'retention',
            object: 'privacy',
            recordId: 'retention',
            meta: { action: 'flag', months: s.months, count: batch.length },
          });
        });
        applied += batch.length;
        if (batch.length < 1000) break;
      }
    } else if (!opts.dryRun) {
      const reason = `Retention rule: no activity for ${s.months} months`;
      for (;;) {
        const batch = await repo.inactivePeople(this.#db, cutoff, ERASE_BATCH);
        if (batch.length === 0) break;
        await this.#eraseMany(
          ctx,
          batch.map((p) => p.id),
          reason,
        );
        applied += batch.length;
      }
    }
    return {
      dryRun: opts.dryRun,
      cutoff,
      months: s.months,
      action: s.action,
      matched,
      applied,
      data: first.map((p) => ({
        id: p.id,
        name: `${p.first_name} ${p.last_name}`.trim(),
        lastActivityAt: p.last_activity_at,
        flagged: flagged(p.flags),
      })),
    };
  }
}

// ---------- helpers ----------

/** Text columns holding JSON (payloads, changes, custom fields) are parsed, so data.json reads as data. */
function parseJsonColumns(sections: Record<string, repo.Row[]>): Record<string, repo.Row[]> {
  const out: Record<string, repo.Row[]> = {};
  for (const [k, rows] of Object.entries(sections))
    out[k] = rows.map((r) =>
      Object.fromEntries(
        Object.entries(r).map(([c, v]) => {
          if (typeof v === 'string' && (v.startsWith('{') || v.startsWith('['))) {
            try {
              return [c, JSON.parse(v)];
            } catch {
              return [c, v];
            }
          }
          return [c, v];
        }),
      ),
    );
  return out;
}

function sectionCsv(rows: repo.Row[]): string {
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: unknown) =>
    v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return toCsv([cols, ...rows.map((r) => cols.map((c) => cell(r[c])))]);
}

async function walk(dir: string): Promise<string[]> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else if (e.isFile() && (await stat(p)).size > 0) out.push(p);
  }
  return out;
}

/** A file's text and how to write it back: UTF-16 by its byte-order mark, else UTF-8; zip-based and NUL-holding files are binary. */
function decode(buf: Buffer): { text: string; encode: (s: string) => Buffer; binary: boolean } {
  if (buf[0] === 0xff && buf[1] === 0xfe)
    return {
      text: buf.subarray(2).toString('utf16le'),
      encode: (s) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]),
      binary: false,
    };
  if (buf[0] === 0xfe && buf[1] === 0xff) {
    const swapped = Buffer.from(buf.subarray(2)).swap16();
    return {
      text: swapped.toString('utf16le'),
      encode: (s) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(s, 'utf16le').swap16()]),
      binary: false,
    };
  }
  const binary = (buf[0] === 0x50 && buf[1] === 0x4b) || buf.subarray(0, 8192).includes(0);
  return { text: binary ? '' : buf.toString('utf8'), encode: (s) => Buffer.from(s, 'utf8'), binary };
}

/** Whether a binary file holds one of the person's strong identifiers (zip entries are inflated and searched). */
function binaryHolds(buf: Buffer, n: Needles): boolean {
  const texts: string[] = [buf.toString('latin1')];
  if (buf[0] === 0x50 && buf[1] === 0x4b) {
    try {
      // XLSX and other zip-based files: their parts are deflated, so search what they hold.
      for (const part of unzip(buf).values()) texts.push(part.toString('utf8'));
    } catch {
      // Not a zip we can read: its raw bytes were searched above.
    }
  }
  return texts.some((t) => holdsStrong(t, n));
}
