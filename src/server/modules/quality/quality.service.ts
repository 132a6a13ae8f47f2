/**
 * The data-quality score and report: per person or company a 0-100 score (`quality.score.ts`), and over everything a
 * reader may see, the overall score, its parts and the count of each problem with the filtered list that shows those
 * records ("2,341 people without an email"). Counts are SQL aggregates over the reader's visible, live records; the
 * validity of emails, phones and domains is checked in code a page at a time.
 */
import { type Expression, type SqlBool, sql } from 'kysely';
import { normaliseDomain, normaliseEmail, normalisePhone } from '../../../shared/contact.ts';
import type { Database } from '../../db/database.ts';
import type { Scope } from '../../platform/access/policy.ts';
import { type Ctx, can, canReadField, type RecordObject } from '../../platform/access/policy.ts';
import { visibleTo } from '../../platform/access/scope-sql.ts';
import { codedError } from '../../platform/errors.ts';
import type { EventBus } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { QUALITY_ERRORS } from './quality.errors.ts';
import * as repo from './quality.repository.ts';
import {
  COMPLETENESS,
  DEFAULT_STALE_MONTHS,
  type Parts,
  QUALITY_KINDS,
  type QualityKind,
  recordParts,
  scoreOf,
  setParts,
  staleCutoff,
} from './quality.score.ts';

interface Kernel {
  scope(ctx: Ctx): Scope | null;
  load(ctx: Ctx, id: string): Promise<unknown>;
}

export interface QualityDeps {
  database: Database;
  events?: EventBus;
  people: { records: Kernel };
  companies: { records: Kernel };
  workspace: { get(): Promise<{ defaultCountry: string }> };
  clock?: () => Date;
}

export interface Problem {
  key: string;
  label: string;
  count: number;
  /** The list that shows these records (`filter` as the list takes it), or null when no list filter expresses it. */
  list: { path: string; filter: string[] } | null;
}

export interface KindReport {
  kind: QualityKind;
  total: number;
  score: number;
  parts: Parts;
  problems: Problem[];
}

export interface QualityReport {
  score: number;
  parts: Parts;
  staleMonths: number;
  measuredAt: string;
  kinds: KindReport[];
}

const NOUN: Record<QualityKind, string> = { people: 'people', companies: 'companies' };
const round1 = (n: number) => Math.round(n * 10) / 10;
const roundParts = (p: Parts): Parts => ({
  completeness: round1(p.completeness * 100) / 100,
  validity: round1(p.validity * 100) / 100,
  uniqueness: round1(p.uniqueness * 100) / 100,
  freshness: round1(p.freshness * 100) / 100,
});

export class QualityService {
  readonly #d: QualityDeps;

  constructor(deps: QualityDeps) {
    this.#d = deps;
  }

  #kernel(kind: QualityKind): Kernel {
    return kind === 'people' ? this.#d.people.records : this.#d.companies.records;
  }

  #visible(ctx: Ctx, kind: QualityKind): Expression<SqlBool> {
    const scope = this.#kernel(kind).scope(ctx);
    return scope ? visibleTo(scope, kind) : sql<SqlBool>`1 = 1`;
  }

  #now(): Date {
    return this.#d.clock?.() ?? new Date();
  }

  /** Ids of the visible live records with an email, phone or domain that does not validate. */
  async #invalid(ctx: Ctx, kind: QualityKind): Promise<Set<string>> {
    const country = (await this.#d.workspace.get()).defaultCountry;
    const visible = this.#visible(ctx, kind);
    const bad = new Set<string>();
    let after: string | undefined;
    for (;;) {
      const rows = await repo.contactValues(this.#d.database.db, kind, visible, after, 1000);
      if (rows.length === 0) return bad;
      for (const r of rows) {
        if (r.email !== null && !normaliseEmail(r.email).ok) bad.add(r.id);
        if (r.phone !== null && !normalisePhone(r.phone, country).ok) bad.add(r.id);
        if (r.domain !== null && !normaliseDomain(r.domain)) bad.add(r.id);
      }
      for (const r of rows) if (after === undefined || r.id > after) after = r.id;
    }
  }

  /** The report over every kind the reader may read (`staleMonths`: the freshness window). */
  async report(ctx: Ctx, opts: { staleMonths?: number } = {}): Promise<QualityReport> {
    const months = opts.staleMonths ?? DEFAULT_STALE_MONTHS;
    const at = this.#now();
    const cutoff = staleCutoff(at, months);
    const kinds: KindReport[] = [];
    const exact: { total: number; parts: Parts }[] = [];
    for (const kind of QUALITY_KINDS) {
      if (!can(ctx.actor, kind, 'read')) continue;
      const c = await repo.counts(this.#d.database.db, kind, this.#visible(ctx, kind), cutoff);
      const invalid = (await this.#invalid(ctx, kind)).size;
      const parts = setParts(kind, { ...c, invalid });
      const many = NOUN[kind];
      const readable = (field: string) => canReadField(ctx.actor, kind as RecordObject, field);
      const problems: Problem[] = [];
      for (const f of COMPLETENESS[kind]) {
        if (!readable(f.key)) continue;
        problems.push({
          key: `missing.${f.key}`,
          label: `${many} without ${/^[aeiou]/.test(f.label) ? 'an' : 'a'} ${f.label}`,
          count: c.total - (c.filled[f.key] ?? 0),
          list: { path: `/${kind}`, filter: [`${f.key}:empty`] },
        });
      }
      problems.push(
        {
          key: 'invalid',
          label:
            kind === 'people'
              ? `${many} with an email or phone that does not validate`
              : `${many} with a domain that does not validate`,
          count: invalid,
          list: null,
        },
        {
          key: 'duplicate',
          label: `${many} in a likely duplicate pair not yet reviewed`,
          count: c.duplicate,
          list: { path: '/duplicates', filter: [] },
        },
        {
          key: 'stale',
          label: `${many} not contacted in ${months} months`,
          count: c.stale - c.never,
          list: { path: `/${kind}`, filter: [`lastContactAt:lt:${cutoff}`] },
        },
        {
          key: 'never',
          label: `${many} never contacted, added over ${months} months ago`,
          count: c.never,
          list: { path: `/${kind}`, filter: ['lastContactAt:empty', `createdAt:lt:${cutoff}`] },
        },
      );
      exact.push({ total: c.total, parts });
      kinds.push({ kind, total: c.total, score: round1(scoreOf(parts)), parts: roundParts(parts), problems });
    }
    // Every record counts once: the kinds' parts weighted by their number of records.
    const total = exact.reduce((s, k) => s + k.total, 0);
    const mean = (pick: (p: Parts) => number) =>
      total === 0 ? 1 : exact.reduce((s, k) => s + pick(k.parts) * k.total, 0) / total;
    const parts: Parts = {
      completeness: mean((p) => p.completeness),
      validity: mean((p) => p.validity),
      uniqueness: mean((p) => p.uniqueness),
      freshness: mean((p) => p.freshness),
    };
    return {
      score: round1(scoreOf(parts)),
      parts: roundParts(parts),
      staleMonths: months,
      measuredAt: at.toISOString(),
      kinds,
    };
  }

  /**
   * The daily measurement (the `data_quality.measure` job): the report over every live person and company, published
   * as `data_quality.measured` for the metrics (scores and parts 0-100).
   */
  async measure(): Promise<{ message: string }> {
    const ctx: Ctx = {
      actor: {
        kind: 'user',
        id: 'data-quality',
        name: 'Data-quality measurement',
        email: 'data-quality@localhost',
        roleId: 'system',
        roleKey: 'system',
        policy: {
          objects: { people: ['read'], companies: ['read'] },
          visibility: { people: 'all', companies: 'all' },
          fields: {},
        },
        teamIds: [],
      },
      requestId: 'job:data_quality.measure',
      ip: null,
    };
    const report = await this.report(ctx);
    const pct = (n: number) => Math.round(n * 1000) / 10;
    const count = (k: QualityKind) => report.kinds.find((r) => r.kind === k)?.total ?? 0;
    await this.#d.database.db.transaction().execute(async (trx) => {
      await this.#d.events?.publish(trx, null, {
        type: 'data_quality.measured',
        object: 'data_quality',
        recordId: newId(),
        payload: {
          score: report.score,
          completeness: pct(report.parts.completeness),
          validity: pct(report.parts.validity),
          uniqueness: pct(report.parts.uniqueness),
          freshness: pct(report.parts.freshness),
          people: count('people'),
          companies: count('companies'),
        },
      });
    });
    return { message: `Data-quality score ${report.score.toFixed(1)}` };
  }

  /** One record's score, its parts and what lowers it. */
  async recordScore(
    ctx: Ctx,
    kind: QualityKind,
    id: string,
    opts: { staleMonths?: number } = {},
  ): Promise<{ kind: QualityKind; id: string; score: number; parts: Parts; problems: string[] }> {
    await this.#kernel(kind).load(ctx, id);
    const months = opts.staleMonths ?? DEFAULT_STALE_MONTHS;
    const row = await repo.recordRow(this.#d.database.db, kind, id, staleCutoff(this.#now(), months));
    if (!row) throw codedError(QUALITY_ERRORS, 'quality.not_found', 'Not found', 'No such record.');
    const country = (await this.#d.workspace.get()).defaultCountry;
    const values = await repo.contactValues(
      this.#d.database.db,
      kind,
      sql<SqlBool>`${sql.ref(`${kind}.id`)} = ${id}`,
      undefined,
      1,
    );
    const invalid = values.some(
      (r) =>
        (r.email !== null && !normaliseEmail(r.email).ok) ||
        (r.phone !== null && !normalisePhone(r.phone, country).ok) ||
        (r.domain !== null && !normaliseDomain(r.domain)),
    );
    const filled = Object.fromEntries(
      COMPLETENESS[kind].map((f) => [f.key, row[f.key] !== null && row[f.key] !== undefined && row[f.key] !== '']),
    );
    const facts = { filled, invalid, duplicate: Number(row.duplicate) === 1, stale: Number(row.stale) === 1 };
    const parts = recordParts(kind, facts);
    const problems = [
      ...COMPLETENESS[kind].filter((f) => !filled[f.key]).map((f) => `no ${f.label}`),
      ...(facts.invalid ? ['a value that does not validate'] : []),
      ...(facts.duplicate ? ['a likely duplicate not yet reviewed'] : []),
      ...(facts.stale ? [`not contacted in ${months} months`] : []),
    ];
    return { kind, id, score: round1(scoreOf(parts)), parts, problems };
  }
}
