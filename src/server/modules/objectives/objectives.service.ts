/**
 * Objectives: a registered metric (optionally narrowed to a team or user), its baseline captured at creation, a target
 * (absolute, or a change relative to the baseline), progress now and a projection to the end date.
 *
 * The model (docs/architecture.md, "Objectives"):
 * - Scale: a ratio metric is compared as its ratio; a summed metric (counts, money) as its rate per week (the sum over
 *   a period × 7 ÷ the period's days), so a baseline quarter and a current month compare.
 * - current: the metric over the last 28 days up to today (from the start date once the objective has started).
 * - projection: a straight line (least squares) fitted to the metric's last PROJECTION_WEEKS complete weeks, read at
 *   the week of the end date; with fewer than two weeks of data, the current value.
 * - status: on_track when the projection reaches the target; at_risk when it closes at least half of the gap from the
 *   baseline to the target; off_track otherwise (and at_risk when there is not yet anything to project).
 * Everyone who may read objectives sees the same numbers: the metric over everything, as its author set it up.
 */
import type { Database, Executor } from '../../db/database.ts';
import type { Ctx } from '../../platform/access/policy.ts';
import { diff, recordAudit } from '../../platform/audit.ts';
import { codedError, type FieldError, staleVersion, validation } from '../../platform/errors.ts';
import { newId, now } from '../../platform/ids.ts';
import { addDays, daysBetween, isDate, type MetricsService, weekOf } from '../../platform/metrics/index.ts';
import { OBJECTIVES_ERRORS } from './objectives.errors.ts';
import * as repo from './objectives.repository.ts';
import {
  type CheckIn,
  type CreateCheckIn,
  type CreateObjective,
  type KeyResult,
  type KeyResultInput,
  type Objective,
  PROJECTION_WEEKS,
  type UpdateObjective,
} from './objectives.schemas.ts';

type Status = Objective['status'];
type TargetInput = Objective['targetInput'];
type Filter = Objective['filter'];

/** Share of the gap from baseline to target the projection must close to be at risk rather than off track. */
export const AT_RISK_SHARE = 0.5;
const CURRENT_DAYS = 28;

const notFound = () =>
  codedError(OBJECTIVES_ERRORS, 'objectives.not_found', 'Not found', 'There is no such objective.');

export function absoluteTarget(target: TargetInput, baseline: number | null): number | null {
  if ('value' in target) return target.value;
  return baseline === null ? null : baseline * (1 + target.relativeChange);
}

/** Least-squares line through (x, y); undefined with fewer than two points. */
export function fitLine(points: { x: number; y: number }[]): { slope: number; intercept: number } | undefined {
  if (points.length < 2) return undefined;
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  const slope = sxx === 0 ? 0 : points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0) / sxx;
  return { slope, intercept: my - slope * mx };
}

/** The status rule above, as a pure function. */
export function statusOf(
  direction: 'up' | 'down',
  baseline: number | null,
  target: number | null,
  projection: number | null,
): Status {
  if (target === null || projection === null) return 'at_risk';
  const gap = baseline === null ? 0 : target - baseline;
  if (gap === 0) {
    const ok = direction === 'up' ? projection >= target : projection <= target;
    return ok ? 'on_track' : 'off_track';
  }
  const share = (projection - baseline!) / gap;
  if (share >= 1 - 1e-9) return 'on_track';
  if (share >= AT_RISK_SHARE) return 'at_risk';
  return 'off_track';
}

/**
 * How far from the baseline to the target the current value has come, from 0 to 1 (beyond the target counts as 1,
 * going the wrong way as 0); null without a baseline, a target or a current value.
 */
export function progressOf(baseline: number | null, target: number | null, current: number | null): number | null {
  if (baseline === null || target === null || current === null) return null;
  if (target === baseline) return current === target ? 1 : 0;
  return Math.min(1, Math.max(0, (current - baseline) / (target - baseline)));
}

/** The weighted mean of the parts that have a progress; null when none has. */
export function weightedProgress(parts: { progress: number | null; weight: number }[]): number | null {
  const known = parts.filter((p): p is { progress: number; weight: number } => p.progress !== null);
  const weights = known.reduce((n, p) => n + p.weight, 0);
  return weights > 0 ? known.reduce((n, p) => n + p.progress * p.weight, 0) / weights : null;
}

interface PreparedKeyResult {
  input: KeyResultInput;
  filter: Filter;
  baseline: number | null;
}

/** An objective checked and with its baseline captured, ready to be written. */
export interface PreparedObjective {
  input: CreateObjective;
  filter: Filter;
  baseline: number | null;
  keyResults: PreparedKeyResult[];
}

/** Whether an objective compares the metric as a rate per week: sums, and sums per user. */
export const perWeek = (m: { aggregate: string }): boolean => m.aggregate === 'sum' || m.aggregate === 'per_user';

export class ObjectivesService {
  readonly #d: { database: Database; metrics: MetricsService; clock: () => Date };

  constructor(d: { database: Database; metrics: MetricsService; clock?: () => Date }) {
    this.#d = { ...d, clock: d.clock ?? (() => new Date()) };
  }

  get #db() {
    return this.#d.database.db;
  }

  #today(): string {
    return this.#d.clock().toISOString().slice(0, 10);
  }

  /**
   * The baseline: the metric over its period, or null when nothing was measured in it (a sum would read 0 there, and
   * a relative target would then be relative to nothing; a workspace without history, or history not imported yet).
   */
  async #baseline(metricId: string, filter: Filter, from: string, to: string): Promise<number | null> {
    if ((await this.#d.metrics.contributionsForAll(metricId, { from, to, ...filter })) === 0) return null;
    return this.#scaled(metricId, filter, from, to);
  }

  /**
   * The metric on the objective's scale over [from, to]: a ratio or average as is, a sum (or a sum per user) as its
   * rate per week.
   */
  async #scaled(metricId: string, filter: Filter, from: string, to: string): Promise<number | null> {
    const metric = this.#d.metrics.metric(metricId);
    const { value } = await this.#d.metrics.valueForAll(metricId, { from, to, interval: 'month', ...filter });
    if (value === null || !perWeek(metric)) return value;
    return (value * 7) / (daysBetween(from, to) + 1);
  }

  async #evaluate(row: repo.ObjectiveRow, today = this.#today()) {
    return this.#measure(
      row,
      row.metric_id,
      JSON.parse(row.filter) as Filter,
      row.baseline_value,
      row.target_value,
      today,
    );
  }

  /** A metric of an objective (its own, or a key result's) as of `today` and projected to the end date, with its status. */
  async #measure(
    row: repo.ObjectiveRow,
    metricId: string,
    filter: Filter,
    baseline: number | null,
    target: number | null,
    today = this.#today(),
  ) {
    const metric = this.#d.metrics.metric(metricId);
    const asOf = [today, row.end_date].sort()[0]!;
    const windowFrom = addDays(asOf, -(CURRENT_DAYS - 1));
    const from = asOf >= row.start_date && row.start_date > windowFrom ? row.start_date : windowFrom;
    const current = await this.#scaled(metricId, filter, from, asOf);
    // The last complete weeks up to asOf (a week ending on asOf counts as complete).
    const lastWeek = addDays(weekOf(addDays(asOf, 1)), -7);
    const firstWeek = addDays(lastWeek, -7 * (PROJECTION_WEEKS - 1));
    const { series } = await this.#d.metrics.valueForAll(metricId, {
      from: firstWeek,
      to: addDays(lastWeek, 6),
      interval: 'week',
      ...filter,
    });
    const points = series
      .map((s) => ({ x: daysBetween(firstWeek, s.period) / 7, y: s.value }))
      .filter((p): p is { x: number; y: number } => p.y !== null);
    const line = fitLine(points);
    const endX = daysBetween(firstWeek, weekOf(row.end_date)) / 7;
    const projection = line ? line.intercept + line.slope * endX : current;
    return {
      current,
      projection,
      status: statusOf(metric.direction, baseline, target, projection),
    };
  }

  /** The key results of an objective, measured; a missing baseline is captured once its period has data. */
  async #keyResults(row: repo.ObjectiveRow, stored: repo.KeyResultRow[]): Promise<KeyResult[]> {
    const out: KeyResult[] = [];
    for (const kr of stored) {
      const filter = JSON.parse(kr.filter) as Filter;
      const targetInput = JSON.parse(kr.target) as TargetInput;
      let { baseline_value: baseline, target_value: target } = kr;
      if (baseline === null) {
        baseline = await this.#baseline(kr.metric_id, filter, row.baseline_from, row.baseline_to);
        if (baseline !== null) {
          target = absoluteTarget(targetInput, baseline);
          await this.#db
            .updateTable('objective_key_results')
            .set({ baseline_value: baseline, target_value: target })
            .where('id', '=', kr.id)
            .where('baseline_value', 'is', null)
            .execute();
        }
      }
      const live = await this.#measure(row, kr.metric_id, filter, baseline, target);
      out.push({
        id: kr.id,
        metricId: kr.metric_id,
        filter,
        weight: kr.weight,
        baseline,
        targetInput,
        target,
        ...live,
        progress: progressOf(baseline, target, live.current),
      });
    }
    return out;
  }

  /**
   * An objective created before its baseline period had any data (a new workspace, history imported later) has no
   * baseline, and a relative target nothing to be relative to. Once the period has data, the baseline is captured
   * then (once, audited as the system's change) and the target made absolute from it.
   */
  async #withBaseline(row: repo.ObjectiveRow): Promise<repo.ObjectiveRow> {
    if (row.baseline_value !== null) return row;
    const baseline = await this.#baseline(
      row.metric_id,
      JSON.parse(row.filter) as Filter,
      row.baseline_from,
      row.baseline_to,
    );
    if (baseline === null) return row;
    const target = absoluteTarget(JSON.parse(row.target) as TargetInput, baseline);
    const filled = await this.#db.transaction().execute(async (trx) => {
      const set = { baseline_value: baseline, target_value: target, updated_at: now() };
      if (!(await repo.fillBaseline(trx, row.id, set))) return false;
      await recordAudit(trx, null, {
        action: 'update',
        object: 'objectives',
        recordId: row.id,
        changes: {
          baseline: { from: null, to: baseline },
          ...(target !== row.target_value ? { target: { from: row.target_value, to: target } } : {}),
        },
      });
      return true;
    });
    return filled
      ? { ...row, baseline_value: baseline, target_value: target }
      : ((await repo.find(this.#db, row.id)) ?? row);
  }

  async #dto(stored: repo.ObjectiveRow, checkIns: repo.CheckInRow[], krs: repo.KeyResultRow[]): Promise<Objective> {
    const row = await this.#withBaseline(stored);
    const live = await this.#evaluate(row);
    const keyResults = await this.#keyResults(row, krs);
    const progress =
      keyResults.length > 0
        ? weightedProgress(keyResults)
        : progressOf(row.baseline_value, row.target_value, live.current);
    return {
      id: row.id,
      name: row.name,
      problem: row.problem,
      metricId: row.metric_id,
      filter: JSON.parse(row.filter) as Filter,
      baselineFrom: row.baseline_from,
      baselineTo: row.baseline_to,
      baseline: row.baseline_value,
      targetInput: JSON.parse(row.target) as TargetInput,
      target: row.target_value,
      startDate: row.start_date,
      endDate: row.end_date,
      ownerId: row.owner_id,
      ...live,
      progress,
      keyResults,
      checkIns: checkIns.map(checkInDto),
      version: row.version,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  async #check(db: Executor, input: Partial<CreateObjective>, existing?: repo.ObjectiveRow): Promise<void> {
    const errors: FieldError[] = [];
    const err = (pointer: string, detail: string) => errors.push({ pointer, detail, in: 'body' });
    if (input.metricId !== undefined && !this.#d.metrics.registry.get(input.metricId))
      err('/metricId', 'is not a registered metric');
    for (const key of ['baselineFrom', 'baselineTo', 'startDate', 'endDate'] as const) {
      const v = input[key];
      if (v !== undefined && !isDate(v)) err(`/${key}`, 'must be a date (YYYY-MM-DD)');
    }
    const bf = input.baselineFrom;
    const bt = input.baselineTo;
    if (bf && bt && isDate(bf) && isDate(bt)) {
      if (bt < bf) err('/baselineTo', 'must not be before baselineFrom');
      else if (daysBetween(bf, bt) > 3660) err('/baselineTo', 'must be at most ten years after baselineFrom');
    }
    const start = input.startDate ?? existing?.start_date;
    const end = input.endDate ?? existing?.end_date;
    if (start && end && isDate(start) && isDate(end) && end <= start)
      err(input.endDate !== undefined ? '/endDate' : '/startDate', 'the end date must be after the start date');
    if (input.ownerId !== undefined && !(await repo.userExists(db, input.ownerId))) err('/ownerId', 'is not a user');
    const metric = input.metricId ? this.#d.metrics.registry.get(input.metricId) : undefined;
    if (metric && input.filter?.teamId && !metric.dimensions.includes('team'))
      err('/filter/teamId', 'the metric has no teams');
    for (const [i, kr] of (input.keyResults ?? []).entries()) {
      const m = this.#d.metrics.registry.get(kr.metricId);
      if (!m) err(`/keyResults/${i}/metricId`, 'is not a registered metric');
      else if (kr.filter?.teamId && !m.dimensions.includes('team'))
        err(`/keyResults/${i}/filter/teamId`, 'the metric has no teams');
    }
    if (errors.length > 0) throw validation(errors);
  }

  async create(ctx: Ctx, input: CreateObjective): Promise<Objective> {
    const prepared = await this.prepare(input);
    const row = await this.#db.transaction().execute((trx) => this.insertPrepared(ctx, prepared, trx));
    return this.#dto(row, [], await repo.keyResults(this.#db, [row.id]));
  }

  /**
   * Checks an objective and captures its baseline, outside any write transaction (the rollups are read on their own
   * connection): the first half of `create`, for a caller that writes several things in one transaction (the set-up).
   */
  async prepare(input: CreateObjective): Promise<PreparedObjective> {
    await this.#check(this.#db, input);
    const filter: Filter = input.filter ?? {};
    const baseline = await this.#baseline(input.metricId, filter, input.baselineFrom, input.baselineTo);
    const keyResults = await this.#prepareKeyResults(input.keyResults ?? [], input.baselineFrom, input.baselineTo);
    return { input, filter, baseline, keyResults };
  }

  async #prepareKeyResults(krs: KeyResultInput[], from: string, to: string): Promise<PreparedKeyResult[]> {
    const out: PreparedKeyResult[] = [];
    for (const kr of krs) {
      const filter: Filter = kr.filter ?? {};
      out.push({ input: kr, filter, baseline: await this.#baseline(kr.metricId, filter, from, to) });
    }
    return out;
  }

  #keyResultRows(objectiveId: string, krs: PreparedKeyResult[]): repo.KeyResultRow[] {
    return krs.map((kr, position) => ({
      id: newId(),
      objective_id: objectiveId,
      position,
      metric_id: kr.input.metricId,
      filter: JSON.stringify(kr.filter),
      weight: kr.input.weight ?? 1,
      target: JSON.stringify(kr.input.target),
      target_value: absoluteTarget(kr.input.target, kr.baseline),
      baseline_value: kr.baseline,
    }));
  }

  /** Writes a prepared objective in the caller's transaction, audited. */
  async insertPrepared(
    ctx: Ctx,
    { input, filter, baseline, keyResults }: PreparedObjective,
    trx: Executor,
  ): Promise<repo.ObjectiveRow> {
    const t = now();
    const row: repo.ObjectiveRow = {
      id: newId(),
      name: input.name,
      problem: input.problem ?? null,
      metric_id: input.metricId,
      filter: JSON.stringify(filter),
      baseline_from: input.baselineFrom,
      baseline_to: input.baselineTo,
      baseline_value: baseline,
      target: JSON.stringify(input.target),
      target_value: absoluteTarget(input.target, baseline),
      start_date: input.startDate,
      end_date: input.endDate,
      owner_id: input.ownerId,
      version: 1,
      created_at: t,
      updated_at: t,
    };
    await repo.insert(trx, row);
    const krRows = this.#keyResultRows(row.id, keyResults);
    await repo.replaceKeyResults(trx, row.id, krRows);
    await recordAudit(trx, ctx, {
      action: 'create',
      object: 'objectives',
      recordId: row.id,
      changes: diff({}, { ...snap(row), ...(krRows.length > 0 ? { keyResults: krRows.map(krSnap) } : {}) }),
    });
    return row;
  }

  /**
   * An objective's name, metric and target as stored, without measuring it (a dashboard's trend draws the target as a
   * line); `perWeek` says the target is a rate per week (summed metrics). Undefined when there is no such objective.
   */
  async targetLine(
    id: string,
  ): Promise<{ id: string; name: string; metricId: string; target: number | null; perWeek: boolean } | undefined> {
    const row = await repo.find(this.#db, id);
    if (!row) return undefined;
    const metric = this.#d.metrics.registry.get(row.metric_id);
    return {
      id: row.id,
      name: row.name,
      metricId: row.metric_id,
      target: row.target_value,
      perWeek: metric ? perWeek(metric) : false,
    };
  }

  async get(_ctx: Ctx, id: string): Promise<Objective> {
    const row = await repo.find(this.#db, id);
    if (!row) throw notFound();
    return this.#dto(row, await repo.checkIns(this.#db, [id]), await repo.keyResults(this.#db, [id]));
  }

  /**
   * Every objective now and as it stood a week before `today` (its current value, projection and status then), for
   * the weekly digest: the business's published goals, so no reader's scope applies.
   */
  async weekOnWeek(
    today: string,
  ): Promise<
    { objective: Objective; lastWeek: { current: number | null; projection: number | null; status: string } }[]
  > {
    const rows = await repo.list(this.#db);
    const out = [];
    for (const r of rows) {
      const live = await this.#evaluate(r, today);
      const lastWeek = await this.#evaluate(r, addDays(today, -7));
      const dto = await this.#dto(r, [], await repo.keyResults(this.#db, [r.id]));
      out.push({ objective: { ...dto, ...live }, lastWeek });
    }
    return out;
  }

  async list(_ctx: Ctx): Promise<{ data: Objective[] }> {
    const rows = await repo.list(this.#db);
    const checkIns = await repo.checkIns(
      this.#db,
      rows.map((r) => r.id),
    );
    const krs = await repo.keyResults(
      this.#db,
      rows.map((r) => r.id),
    );
    return {
      data: await Promise.all(
        rows.map((r) =>
          this.#dto(
            r,
            checkIns.filter((c) => c.objective_id === r.id),
            krs.filter((k) => k.objective_id === r.id),
          ),
        ),
      ),
    };
  }

  async update(ctx: Ctx, id: string, input: UpdateObjective, ifMatch?: number): Promise<Objective> {
    // Key results' baselines are read before the write transaction (the rollups are read on their own connection).
    const current = await repo.find(this.#db, id);
    if (!current) throw notFound();
    await this.#check(this.#db, { keyResults: input.keyResults ?? [] });
    const preparedKrs =
      input.keyResults === undefined
        ? undefined
        : await this.#prepareKeyResults(input.keyResults, current.baseline_from, current.baseline_to);
    const row = await this.#db.transaction().execute(async (trx) => {
      const before = await repo.find(trx, id);
      if (!before) throw notFound();
      if (ifMatch !== undefined && ifMatch !== before.version) throw staleVersion(before.version);
      await this.#check(trx, input, before);
      const set: Partial<repo.ObjectiveRow> = {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.problem !== undefined ? { problem: input.problem } : {}),
        ...(input.startDate !== undefined ? { start_date: input.startDate } : {}),
        ...(input.endDate !== undefined ? { end_date: input.endDate } : {}),
        ...(input.ownerId !== undefined ? { owner_id: input.ownerId } : {}),
        ...(input.target !== undefined
          ? { target: JSON.stringify(input.target), target_value: absoluteTarget(input.target, before.baseline_value) }
          : {}),
        version: before.version + 1,
        updated_at: now(),
      };
      await repo.update(trx, id, set);
      const after = (await repo.find(trx, id))!;
      let krChanges = {};
      if (preparedKrs) {
        const beforeKrs = (await repo.keyResults(trx, [id])).map(krSnap);
        const rows = this.#keyResultRows(id, preparedKrs);
        await repo.replaceKeyResults(trx, id, rows);
        krChanges = diff({ keyResults: beforeKrs }, { keyResults: rows.map(krSnap) });
      }
      await recordAudit(trx, ctx, {
        action: 'update',
        object: 'objectives',
        recordId: id,
        changes: { ...diff(snap(before), snap(after)), ...krChanges },
      });
      return after;
    });
    return this.#dto(row, await repo.checkIns(this.#db, [id]), await repo.keyResults(this.#db, [id]));
  }

  async remove(ctx: Ctx, id: string): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      const before = await repo.find(trx, id);
      if (!before) throw notFound();
      await repo.remove(trx, id);
      await recordAudit(trx, ctx, {
        action: 'delete',
        object: 'objectives',
        recordId: id,
        changes: diff(snap(before), {}),
      });
    });
  }

  /** A comment with the objective's current value at this moment. */
  async checkIn(ctx: Ctx, id: string, input: CreateCheckIn): Promise<CheckIn> {
    const row = await repo.find(this.#db, id);
    if (!row) throw notFound();
    const { current } = await this.#evaluate(row);
    const checkIn: repo.CheckInRow = {
      id: newId(),
      objective_id: id,
      at: now(),
      author_id: ctx.actor.id,
      comment: input.comment,
      value: current,
    };
    await this.#db.transaction().execute(async (trx) => {
      await repo.insertCheckIn(trx, checkIn);
      await recordAudit(trx, ctx, {
        action: 'update',
        object: 'objectives',
        recordId: id,
        changes: { checkIn: { from: null, to: { comment: checkIn.comment, value: checkIn.value } } },
      });
    });
    return checkInDto(checkIn);
  }
}

const checkInDto = (c: repo.CheckInRow): CheckIn => ({
  id: c.id,
  at: c.at,
  authorId: c.author_id,
  comment: c.comment,
  value: c.value,
});

const snap = (r: repo.ObjectiveRow): Record<string, unknown> => ({
  name: r.name,
  problem: r.problem,
  metricId: r.metric_id,
  filter: r.filter,
  baselineFrom: r.baseline_from,
  baselineTo: r.baseline_to,
  baseline: r.baseline_value,
  target: r.target,
  targetValue: r.target_value,
  startDate: r.start_date,
  endDate: r.end_date,
  ownerId: r.owner_id,
});

/** A key result as the audit trail records it. */
const krSnap = (k: repo.KeyResultRow) => ({
  metricId: k.metric_id,
  filter: JSON.parse(k.filter) as unknown,
  weight: k.weight,
  target: JSON.parse(k.target) as unknown,
});
