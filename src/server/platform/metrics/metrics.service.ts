/**
 * Reading metrics from their daily rollups: a value for a period, a series by day, week or month, and groups by user
 * or team, counting only what the reader may see. The rule: the metric's visibility object (e.g. `deals` for sales
 * metrics) decides; with `own` visibility a reader sees only rollups of their own user, with `team` those of their
 * teams (and their own), with `all` everything.
 */
import { type ExpressionBuilder, sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { DB } from '../../db/schema.ts';
import { type Actor, type Scope, visibilityScope } from '../access/policy.ts';
import { AppError, type FieldError, validation } from '../errors.ts';
import { type MetricDef, type MetricInfo, type MetricRegistry, metricInfo, type SnapshotRow } from './registry.ts';

export type Interval = 'day' | 'week' | 'month';

export interface MetricQuery {
  from: string;
  to: string;
  interval?: Interval;
  /** `team`, `user`, or one of the metric's extra dimensions (e.g. `channel`, `caseType`). */
  by?: string;
  /** Narrows to one team or user (an objective's filter). */
  teamId?: string;
  userId?: string;
}

export interface MetricValue {
  value: number | null;
  series: { period: string; value: number | null }[];
  groups: { key: string | null; label: string; value: number | null }[];
}

const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar day as YYYY-MM-DD (2027-02-30 is not). */
export const isDate = (s: string): boolean => {
  if (!DATE.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
};
export const addDays = (day: string, n: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
export const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/** The Monday of a day's ISO week, as YYYY-MM-DD: a week's period key. */
export function weekOf(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  return addDays(day, -((d.getUTCDay() + 6) % 7));
}

export function periodOf(day: string, interval: Interval): string {
  if (interval === 'day') return day;
  if (interval === 'week') return weekOf(day);
  return day.slice(0, 7);
}

/** The last day of a period (a period key of `periodOf`), no later than `cap`. */
export function periodEnd(period: string, interval: Interval, cap: string): string {
  let end = period;
  if (interval === 'week') end = addDays(period, 6);
  if (interval === 'month') {
    const [y, m] = period.split('-').map(Number);
    end = new Date(Date.UTC(y!, m!, 0)).toISOString().slice(0, 10);
  }
  return end < cap ? end : cap;
}

/** Every period key from `from` to `to`, in order. */
export function periodsBetween(from: string, to: string, interval: Interval): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const p = periodOf(d, interval);
    if (out.at(-1) !== p) out.push(p);
  }
  return out;
}

export interface Sums {
  numerator: number;
  denominator: number;
  count: number;
}

/** Whether a metric's value needs the distinct users behind its rollups, not only their sums. */
const byDistinctUsers = (m: Pick<MetricDef, 'aggregate'>) =>
  m.aggregate === 'per_user' || m.aggregate === 'weekly_users';

/** What a period, group or total adds up to for a metric counted by distinct users. */
interface UserSums {
  numerator: number;
  users: Set<string>;
  /** `week|user` pairs: who was counted in which ISO week. */
  userWeeks: Set<string>;
}

const userSums = (): UserSums => ({ numerator: 0, users: new Set(), userWeeks: new Set() });

/** A `per_user` or `weekly_users` value from its distinct users; `weeks` is how many ISO weeks the span touches. */
export function distinctValue(
  metric: Pick<MetricDef, 'aggregate'>,
  s: UserSums | undefined,
  weeks: number,
): number | null {
  if (metric.aggregate === 'weekly_users') return weeks === 0 ? null : (s?.userWeeks.size ?? 0) / weeks;
  if (!s || s.users.size === 0) return null;
  return s.numerator / s.users.size;
}

export function metricValue(metric: Pick<MetricDef, 'aggregate'>, s: Sums | undefined): number | null {
  if (metric.aggregate === 'sum') return s?.numerator ?? 0;
  if (!s || s.denominator === 0) return null;
  return s.numerator / s.denominator;
}

const add = (a: Sums | undefined, b: Sums): Sums =>
  a
    ? { numerator: a.numerator + b.numerator, denominator: a.denominator + b.denominator, count: a.count + b.count }
    : { ...b };

export class MetricsService {
  readonly #database: Database;
  readonly registry: MetricRegistry;

  constructor(database: Database, registry: MetricRegistry) {
    this.#database = database;
    this.registry = registry;
  }

  list(): MetricInfo[] {
    return this.registry.list().map(metricInfo);
  }

  metric(id: string): MetricDef {
    const m = this.registry.get(id);
    if (!m) throw new AppError('metrics.not_found', 404, 'Not found', `There is no metric ${id}.`);
    return m;
  }

  /** Checks a query's dates and dimension; problems name the query field. */
  check(metric: MetricDef, q: MetricQuery, where: 'query' | 'body' = 'query', names = { from: 'from', to: 'to' }) {
    const errors: FieldError[] = [];
    if (!isDate(q.from)) errors.push({ pointer: `/${names.from}`, detail: 'must be a date (YYYY-MM-DD)', in: where });
    if (!isDate(q.to)) errors.push({ pointer: `/${names.to}`, detail: 'must be a date (YYYY-MM-DD)', in: where });
    else if (isDate(q.from) && q.to < q.from)
      errors.push({ pointer: `/${names.to}`, detail: `must not be before ${names.from}`, in: where });
    else if (isDate(q.from) && daysBetween(q.from, q.to) > 3660)
      errors.push({ pointer: `/${names.to}`, detail: 'must be at most ten years after from', in: where });
    if (q.by && !metric.dimensions.includes(q.by))
      errors.push({ pointer: '/by', detail: `must be one of ${metric.dimensions.join(', ')}`, in: where });
    if (errors.length === 0) return;
    // A bad query string is a bad request (400); a body that parsed but does not make sense, 422.
    if (where === 'query') {
      const detail = errors.map((e) => `${e.pointer}: ${e.detail}`).join('; ');
      throw new AppError('validation.failed', 400, 'Bad Request', detail, errors);
    }
    throw validation(errors);
  }

  /** The metric over [from, to] (inclusive UTC days), its series and its groups, as the actor may see it. */
  async value(actor: Actor, id: string, q: MetricQuery): Promise<MetricValue> {
    const metric = this.metric(id);
    this.check(metric, q);
    return this.#compute(metric, q, visibilityScope(actor, metric.visibility));
  }

  /**
   * The metric over everything, whoever asks: for numbers the business publishes to everyone (an objective's baseline,
   * progress and projection), which its author chose when setting it up.
   */
  async valueForAll(id: string, q: MetricQuery): Promise<MetricValue> {
    const metric = this.metric(id);
    return this.#compute(metric, q, { kind: 'all' });
  }

  /**
   * How many contributions the metric has over [from, to] (narrowed like `valueForAll`): 0 means no data, which a sum
   * would otherwise read as a value of 0 (an objective's baseline on a workspace without history).
   */
  async contributionsForAll(id: string, q: Pick<MetricQuery, 'from' | 'to' | 'teamId' | 'userId'>): Promise<number> {
    const metric = this.metric(id);
    // A snapshot is measured whenever asked: there is always data.
    if (metric.aggregate === 'snapshot') return 1;
    const row = await this.#database.db
      .selectFrom('metric_rollups')
      .select((eb) => eb.fn.sum<number>('count').as('count'))
      .where('metric_id', '=', metric.id)
      // the plain rows: each contribution counted once, not again under its extra dimensions
      .where('dim', '=', '')
      // A level's contributions before the period make its level in the period.
      .$if(metric.aggregate !== 'level', (qb) => qb.where('day', '>=', q.from))
      .where('day', '<=', q.to)
      .$if(q.teamId !== undefined, (qb) => qb.where('team_id', '=', q.teamId!))
      .$if(q.userId !== undefined, (qb) => qb.where('user_id', '=', q.userId!))
      .executeTakeFirst();
    return Number(row?.count ?? 0);
  }

  async #compute(metric: MetricDef, q: MetricQuery, scope: Scope): Promise<MetricValue> {
    const interval = q.interval ?? 'month';
    const me = scope.kind === 'all' ? '' : scope.userId;
    const teams = scope.kind === 'team' ? scope.teamIds : [];
    if (metric.aggregate === 'snapshot') return this.#bySnapshot(metric, q, interval, scope);
    // team and user are columns of every rollup row; any other split (channel, case type) is an extra dimension.
    const extra = q.by !== undefined && q.by !== 'team' && q.by !== 'user' ? q.by : null;
    const groupCol = q.by === 'team' ? 'team_id' : q.by === 'user' ? 'user_id' : extra ? 'dim_value' : null;
    const distinct = byDistinctUsers(metric);
    const groupBy: ('day' | 'user_id' | 'team_id' | 'dim_value')[] = ['day'];
    if (groupCol) groupBy.push(groupCol);
    if (distinct && groupCol !== 'user_id') groupBy.push('user_id');
    const rows = await this.#database.db
      .selectFrom('metric_rollups')
      .select((eb) => [
        'day',
        distinct ? eb.ref('user_id').as('u') : sql<string>`''`.as('u'),
        groupCol ? eb.ref(groupCol).as('g') : sql<string>`''`.as('g'),
        eb.fn.sum<number>('numerator').as('numerator'),
        eb.fn.sum<number>('denominator').as('denominator'),
        eb.fn.sum<number>('count').as('count'),
      ])
      .where('metric_id', '=', metric.id)
      // The plain rows, or (split by an extra dimension) that dimension's rows.
      .where('dim', '=', extra ?? '')
      // A level at the end of the period is the running sum of everything up to it, from before the period too.
      .$if(metric.aggregate !== 'level', (qb) => qb.where('day', '>=', q.from))
      .where('day', '<=', q.to)
      .$if(q.teamId !== undefined, (qb) => qb.where('team_id', '=', q.teamId!))
      .$if(q.userId !== undefined, (qb) => qb.where('user_id', '=', q.userId!))
      .$if(scope.kind === 'own', (qb) => qb.where('user_id', '=', me))
      .$if(scope.kind === 'team', (qb) =>
        qb.where((eb: ExpressionBuilder<DB, 'metric_rollups'>) =>
          eb.or([eb('user_id', '=', me), ...(teams.length > 0 ? [eb('team_id', 'in', teams)] : [])]),
        ),
      )
      .groupBy(groupBy)
      .execute();
    if (distinct) return this.#byDistinct(metric, q, interval, groupCol, rows);
    if (metric.aggregate === 'level') return this.#byLevel(q, interval, groupCol, rows);
    let total: Sums | undefined;
    const byPeriod = new Map<string, Sums>();
    const byGroup = new Map<string, Sums>();
    for (const r of rows) {
      const s = { numerator: Number(r.numerator), denominator: Number(r.denominator), count: Number(r.count) };
      total = add(total, s);
      const p = periodOf(r.day, interval);
      byPeriod.set(p, add(byPeriod.get(p), s));
      if (groupCol) byGroup.set(r.g, add(byGroup.get(r.g), s));
    }
    const series = periodsBetween(q.from, q.to, interval).map((period) => ({
      period,
      value: metricValue(metric, byPeriod.get(period)),
    }));
    const groups = groupCol ? await this.#labelled(q.by!, byGroup, (s) => metricValue(metric, s)) : [];
    return { value: metricValue(metric, total), series, groups };
  }

  /**
   * A `level` metric from its daily net changes up to `to`: the value and each group are the level at `to`, each series
   * point the level at its interval's end (or at `to`). Groups whose level is 0 (nothing open) are left out.
   */
  async #byLevel(
    q: MetricQuery,
    interval: Interval,
    groupCol: string | null,
    rows: { day: string; g: string; numerator: number }[],
  ): Promise<MetricValue> {
    let value = 0;
    const byGroup = new Map<string, number>();
    for (const r of rows) {
      value += Number(r.numerator);
      if (groupCol) byGroup.set(r.g, (byGroup.get(r.g) ?? 0) + Number(r.numerator));
    }
    const series = periodsBetween(q.from, q.to, interval).map((period) => {
      const end = periodEnd(period, interval, q.to);
      return { period, value: rows.reduce((n, r) => (r.day <= end ? n + Number(r.numerator) : n), 0) };
    });
    for (const [k, v] of byGroup) if (v === 0) byGroup.delete(k);
    const groups = groupCol ? await this.#labelled(q.by!, byGroup, (v) => v) : [];
    return { value, series, groups };
  }

  /**
   * A `snapshot` metric measured straight from the tables at the end of `to` (the value and the groups) and at the end
   * of each interval (the series), counting only the users the reader may see. Groups whose value is 0 are left out.
   */
  async #bySnapshot(metric: MetricDef, q: MetricQuery, interval: Interval, scope: Scope): Promise<MetricValue> {
    const me = scope.kind === 'all' ? '' : scope.userId;
    const visible = (r: SnapshotRow) =>
      (q.teamId === undefined || r.teamId === q.teamId) &&
      (q.userId === undefined || r.userId === q.userId) &&
      (scope.kind === 'all' ||
        r.userId === me ||
        (scope.kind === 'team' && r.teamId !== '' && scope.teamIds.includes(r.teamId)));
    const measured = new Map<string, SnapshotRow[]>();
    const at = async (day: string) => {
      if (!measured.has(day))
        measured.set(day, ((await metric.measure?.(this.#database.db, day)) ?? []).filter(visible));
      return measured.get(day)!;
    };
    const total = (rows: SnapshotRow[]) => rows.reduce((n, r) => n + r.value, 0);
    const series: MetricValue['series'] = [];
    for (const period of periodsBetween(q.from, q.to, interval))
      series.push({ period, value: total(await at(periodEnd(period, interval, q.to))) });
    const rows = await at(q.to);
    const byGroup = new Map<string, number>();
    if (q.by === 'user' || q.by === 'team')
      for (const r of rows) {
        const k = q.by === 'user' ? r.userId : r.teamId;
        byGroup.set(k, (byGroup.get(k) ?? 0) + r.value);
      }
    for (const [k, v] of byGroup) if (v === 0) byGroup.delete(k);
    const groups = q.by ? await this.#labelled(q.by, byGroup, (v) => v) : [];
    return { value: total(rows), series, groups };
  }

  /** A `per_user` or `weekly_users` metric from rows by day and user: distinct users per period, group and total. */
  async #byDistinct(
    metric: MetricDef,
    q: MetricQuery,
    interval: Interval,
    groupCol: string | null,
    rows: { day: string; u: string; g: string; numerator: number }[],
  ): Promise<MetricValue> {
    const total = userSums();
    const byPeriod = new Map<string, UserSums>();
    const byGroup = new Map<string, UserSums>();
    const into = (s: UserSums, day: string, user: string, n: number) => {
      s.numerator += n;
      if (user === '') return;
      s.users.add(user);
      s.userWeeks.add(`${weekOf(day)}|${user}`);
    };
    for (const r of rows) {
      const n = Number(r.numerator);
      into(total, r.day, r.u, n);
      const p = periodOf(r.day, interval);
      if (!byPeriod.has(p)) byPeriod.set(p, userSums());
      into(byPeriod.get(p)!, r.day, r.u, n);
      if (groupCol) {
        if (!byGroup.has(r.g)) byGroup.set(r.g, userSums());
        into(byGroup.get(r.g)!, r.day, r.u, n);
      }
    }
    // The ISO weeks the whole span, and each period within it, touch.
    const weeksOf = new Map<string, Set<string>>();
    for (let d = q.from; d <= q.to; d = addDays(d, 1)) {
      const p = periodOf(d, interval);
      if (!weeksOf.has(p)) weeksOf.set(p, new Set());
      weeksOf.get(p)!.add(weekOf(d));
    }
    const allWeeks = periodsBetween(q.from, q.to, 'week').length;
    const series = periodsBetween(q.from, q.to, interval).map((period) => ({
      period,
      value: distinctValue(metric, byPeriod.get(period), weeksOf.get(period)?.size ?? 0),
    }));
    const groups = groupCol ? await this.#labelled(q.by!, byGroup, (s) => distinctValue(metric, s, allWeeks)) : [];
    return { value: distinctValue(metric, total, allWeeks), series, groups };
  }

  /** Groups with their teams' or users' names, by name. */
  async #labelled<S>(
    by: string,
    byGroup: Map<string, S>,
    score: (s: S) => number | null,
  ): Promise<MetricValue['groups']> {
    const groups: MetricValue['groups'] = [];
    const keys = [...byGroup.keys()].filter((k) => k !== '');
    const labels = new Map<string, string>();
    if (by !== 'team' && by !== 'user') {
      // An extra dimension's values are named by the labeller its module registered (channel words, case type names).
      const labeller = this.registry.labeller(by);
      if (labeller && keys.length > 0) for (const [k, v] of await labeller(this.#database.db, keys)) labels.set(k, v);
    } else if (keys.length > 0) {
      const named =
        by === 'team'
          ? await this.#database.db.selectFrom('teams').select(['id', 'name']).where('id', 'in', keys).execute()
          : await this.#database.db.selectFrom('users').select(['id', 'name']).where('id', 'in', keys).execute();
      for (const n of named) labels.set(n.id, n.name);
    }
    for (const [k, s] of byGroup) {
      groups.push({
        key: k === '' ? null : k,
        label: k === '' ? (by === 'team' ? 'No team' : 'Nobody') : (labels.get(k) ?? k),
        value: score(s),
      });
    }
    return groups.sort((a, b) => a.label.localeCompare(b.label));
  }
}
