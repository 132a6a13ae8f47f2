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
import { type MetricDef, type MetricInfo, type MetricRegistry, metricInfo } from './registry.ts';

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

  async #compute(metric: MetricDef, q: MetricQuery, scope: Scope): Promise<MetricValue> {
    const interval = q.interval ?? 'month';
    const me = scope.kind === 'all' ? '' : scope.userId;
    const teams = scope.kind === 'team' ? scope.teamIds : [];
    const extra = q.by !== undefined && q.by !== 'team' && q.by !== 'user' ? q.by : null;
    const groupCol = q.by === 'team' ? 'team_id' : q.by === 'user' ? 'user_id' : extra ? 'dim_value' : null;
    const rows = await this.#database.db
      .selectFrom('metric_rollups')
      .select((eb) => [
        'day',
        groupCol ? eb.ref(groupCol).as('g') : sql<string>`''`.as('g'),
        eb.fn.sum<number>('numerator').as('numerator'),
        eb.fn.sum<number>('denominator').as('denominator'),
        eb.fn.sum<number>('count').as('count'),
      ])
      .where('metric_id', '=', metric.id)
      // The plain rows, or (split by an extra dimension) that dimension's rows.
      .where('dim', '=', extra ?? '')
      .where('day', '>=', q.from)
      .where('day', '<=', q.to)
      .$if(q.teamId !== undefined, (qb) => qb.where('team_id', '=', q.teamId!))
      .$if(q.userId !== undefined, (qb) => qb.where('user_id', '=', q.userId!))
      .$if(scope.kind === 'own', (qb) => qb.where('user_id', '=', me))
      .$if(scope.kind === 'team', (qb) =>
        qb.where((eb: ExpressionBuilder<DB, 'metric_rollups'>) =>
          eb.or([eb('user_id', '=', me), ...(teams.length > 0 ? [eb('team_id', 'in', teams)] : [])]),
        ),
      )
      .groupBy(groupCol ? ['day', groupCol] : ['day'])
      .execute();
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
    const groups: MetricValue['groups'] = [];
    if (groupCol) {
      const keys = [...byGroup.keys()].filter((k) => k !== '');
      const labels = new Map<string, string>();
      const labeller = extra ? this.registry.labeller(extra) : undefined;
      if (extra) {
        if (labeller && keys.length > 0) for (const [k, v] of await labeller(this.#database.db, keys)) labels.set(k, v);
      } else if (keys.length > 0) {
        const named =
          q.by === 'team'
            ? await this.#database.db.selectFrom('teams').select(['id', 'name']).where('id', 'in', keys).execute()
            : await this.#database.db.selectFrom('users').select(['id', 'name']).where('id', 'in', keys).execute();
        for (const n of named) labels.set(n.id, n.name);
      }
      for (const [k, s] of byGroup) {
        groups.push({
          key: k === '' ? null : k,
          label: k === '' ? (q.by === 'team' ? 'No team' : 'Nobody') : (labels.get(k) ?? k),
          value: metricValue(metric, s),
        });
      }
      groups.sort((a, b) => a.label.localeCompare(b.label));
    }
    return { value: metricValue(metric, total), series, groups };
  }
}
