/**
 * Sales performance per rep or team over any period: the metrics of `sales.metrics.ts` computed from the deals the
 * reader may see (won amount and count, win rate, average deal size, sales cycle, deals stalled), the activities their
 * owners logged, and the stage-to-stage funnel of a pipeline.
 */
import type { Database } from '../../db/database.ts';
import { assertCan, type Ctx, visibilityScope } from '../../platform/access/policy.ts';
import { AppError } from '../../platform/errors.ts';
import type { ActivitiesService } from '../activities/index.ts';
import { teamBriefs, userNames } from '../identity/index.ts';
import type { WorkspaceService } from '../workspace/index.ts';
import * as repo from './deals.repository.ts';
import type { PipelinesService } from './pipelines.service.ts';
import { addFacts, emptyFacts, SALES_METRICS, type SalesFacts, STAGE_CONVERSION } from './sales.metrics.ts';

export interface PerformanceDeps {
  database: Database;
  workspace: WorkspaceService;
  activities: Pick<ActivitiesService, 'countLogged'>;
  pipelines: PipelinesService;
}

export interface PerformanceRow {
  key: string | null;
  label: string;
  values: Record<string, number | null>;
}

export interface Performance {
  from: string;
  to: string;
  by: 'owner' | 'team';
  currency: string;
  metrics: {
    id: string;
    name: string;
    definition: string;
    unit: string;
    goodDirection: string;
    dimensions: string[];
  }[];
  rows: PerformanceRow[];
  total: PerformanceRow;
  funnel: {
    pipelineId: string;
    pipelineName: string;
    stages: { stageId: string; name: string; entered: number; reachedNext: number; conversion: number | null }[];
  } | null;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class PerformanceService {
  readonly #d: PerformanceDeps;

  constructor(deps: PerformanceDeps) {
    this.#d = deps;
  }

  async report(
    ctx: Ctx,
    opts: { from: string; to: string; by: 'owner' | 'team'; pipelineId?: string },
  ): Promise<Performance> {
    assertCan(ctx.actor, 'deals', 'read');
    const bad = (pointer: string, detail: string) =>
      new AppError('deals.bad_period', 400, 'Bad Request', `${pointer.slice(1)} ${detail}`, [
        { pointer, detail, in: 'query' },
      ]);
    if (!DATE.test(opts.from) || Number.isNaN(Date.parse(opts.from)))
      throw bad('/from', 'must be a date as YYYY-MM-DD');
    if (!DATE.test(opts.to) || Number.isNaN(Date.parse(opts.to))) throw bad('/to', 'must be a date as YYYY-MM-DD');
    if (opts.to <= opts.from) throw bad('/to', 'must be after from');
    const { db, dialect } = this.#d.database;
    const scope = visibilityScope(ctx.actor, 'deals');
    const currency = (await this.#d.workspace.get()).defaultCurrency;
    const pipelines = await this.#d.pipelines.list({ includeArchived: true });
    const pipeline = opts.pipelineId
      ? await this.#d.pipelines.get(opts.pipelineId)
      : pipelines.find((p) => !p.archived);
    const stages = (opts.pipelineId ? [pipeline!] : pipelines).flatMap((p) => p.stages);

    const facts = new Map<string | null, SalesFacts>();
    const at = (k: string | null) => {
      const f = facts.get(k) ?? emptyFacts();
      facts.set(k, f);
      return f;
    };
    for (const r of await repo.closedFacts(db, dialect, scope, { ...opts, currency })) {
      const f = at(r.key);
      if (r.outcome === 'won') {
        f.wonCount += Number(r.n);
        f.wonAmount += Number(r.amount ?? 0);
        f.cycleDaysSum += Number(r.days ?? 0);
      } else f.lostCount += Number(r.n);
    }
    const stalled = await repo.stalledCounts(db, scope, {
      by: opts.by,
      at: Date.now(),
      stages: stages.flatMap((s) =>
        s.outcome === 'open' && s.stalledAfterDays ? [{ id: s.id, stalledAfterDays: s.stalledAfterDays }] : [],
      ),
    });
    for (const [k, n] of stalled) at(k).stalled += n;
    // Activities count for the owners/teams the reader's deals show, and for the reader themself.
    const activities = await this.#d.activities.countLogged(opts.by, opts.from, opts.to);
    const mine = opts.by === 'owner' ? ctx.actor.id : (ctx.actor.teamIds[0] ?? null);
    if (mine !== null) at(mine);
    for (const [k, f] of facts) f.activities = activities.get(k) ?? 0;

    const keys = [...facts.keys()].filter((k): k is string => k !== null);
    const names =
      opts.by === 'owner'
        ? await userNames(db, keys)
        : new Map([...(await teamBriefs(db, keys))].map(([id, t]) => [id, t.name]));
    const values = (f: SalesFacts) => Object.fromEntries(SALES_METRICS.map((m) => [m.id, m.compute(f)]));
    const rows = [...facts]
      .map(([k, f]) => ({
        key: k,
        label: k === null ? (opts.by === 'owner' ? 'No owner' : 'No team') : (names.get(k) ?? 'Former user'),
        values: values(f),
      }))
      .sort(
        (a, b) =>
          (b.values['sales.won_amount'] ?? 0) - (a.values['sales.won_amount'] ?? 0) || a.label.localeCompare(b.label),
      );
    const total = [...facts.values()].reduce(addFacts, emptyFacts());

    let funnel: Performance['funnel'] = null;
    if (pipeline) {
      const open = pipeline.stages.filter((s) => s.outcome === 'open');
      const won = pipeline.stages.filter((s) => s.outcome === 'won').map((s) => s.id);
      const steps = [];
      for (const [i, s] of open.entries()) {
        const next = i + 1 < open.length ? [open[i + 1]!.id] : won;
        const r = await repo.funnelStep(db, scope, { stageId: s.id, next, from: opts.from, to: opts.to });
        steps.push({
          stageId: s.id,
          name: s.name,
          entered: r.entered,
          reachedNext: r.reachedNext,
          conversion: r.entered === 0 ? null : Math.round((1000 * r.reachedNext) / r.entered) / 10,
        });
      }
      funnel = { pipelineId: pipeline.id, pipelineName: pipeline.name, stages: steps };
    }
    return {
      from: opts.from,
      to: opts.to,
      by: opts.by,
      currency,
      metrics: [...SALES_METRICS, STAGE_CONVERSION].map((m) => ({
        id: m.id,
        name: m.name,
        definition: m.definition,
        unit: m.unit,
        goodDirection: m.goodDirection,
        dimensions: [...m.dimensions],
      })),
      rows,
      total: { key: null, label: 'Total', values: values(total) },
      funnel,
    };
  }
}
