/**
 * The metric registry. Each module registers its metrics in code beside its own files (`sales.metrics.ts`,
 * `activities.metrics.ts`...) through a small function the module exports and `services.ts` calls; the platform never
 * imports a module. A metric says what it means (shown to users) and how one event of the spine adds to its daily
 * rollup; a period's value is then computed from the summed rollups (see rollups.ts).
 */
import type { Executor } from '../../db/database.ts';

export const METRIC_UNITS = ['ratio', 'count', 'minutes', 'money', 'score', 'days'] as const;
export type MetricUnit = (typeof METRIC_UNITS)[number];
export type MetricDirection = 'up' | 'down';

/** What the rollup consumer hands a metric: one event of the spine. */
export interface MetricEvent {
  id: string;
  type: string;
  /** ISO-8601 UTC; the rollup day is its date part. */
  at: string;
  actorId: string | null;
  payload: Record<string, unknown>;
}

/** What one event adds to its day's rollup. `userId` defaults to the event's actor; `teamId` to that user's team. */
export interface MetricContribution {
  numerator: number;
  denominator?: number;
  userId?: string | null;
  teamId?: string | null;
  /**
   * The instant whose day it counts on, when not the event's own: a correction counts on the day of what it corrects
   * (a reopen takes back the first-contact flag of the resolution, on the resolution's day).
   */
  at?: string;
  /**
   * Values of the metric's extra dimensions (beyond user and team, e.g. `{ channel: 'email', caseType: '…' }`): the
   * contribution is also counted once under each, so `by=channel` splits the metric. null or absent: not counted
   * under that dimension (its groups then add up to less than the whole).
   */
  dims?: Record<string, string | null | undefined>;
}

/** Names the values of an extra dimension for its groups (e.g. case type ids → names), from the database. */
export type DimensionLabeller = (db: Executor, keys: string[]) => Promise<Map<string, string>>;

export interface MetricDef {
  /** `<module>.<name>`, e.g. `sales.win_rate`. */
  id: string;
  name: string;
  /** In words, shown to users and listed in docs/metrics.md. */
  definition: string;
  unit: MetricUnit;
  /** Which way is good. */
  direction: MetricDirection;
  /** What it can be split by (`by=`); every metric splits by user and team. */
  dimensions: readonly string[];
  /**
   * The object whose record visibility (own / team / all) bounds what a reader sees of it, e.g. `deals` for sales
   * metrics: own counts only rollups of the reader's own user, team only the reader's teams, all everything.
   */
  visibility: string;
  /** The event types it counts. */
  events: readonly string[];
  /** What one event adds (undefined: the event does not count for this metric). Pure: rebuilds replay it. */
  contribute(event: MetricEvent): MetricContribution | MetricContribution[] | undefined;
  /**
   * How a period's value comes from the summed rollups: `sum` the numerators; `ratio` numerators ÷ denominators
   * (no value when nothing was counted); `mean` the same division, for averages (e.g. minutes per case);
   * `per_user` the numerators ÷ the distinct users with a counted event in the period (one whose numerator is 0 counts
   * them too), e.g. activities per active user; `weekly_users` the distinct users with a counted event in each ISO week
   * the period touches (within the period), averaged over those weeks, e.g. weekly active users; `level` a state
   * rather than a flow: contributions are +1/−1 changes to a level (a case opened, resolved, reopened), a day's rollup
   * is its net change, and a period's value is the level at its end: the running sum of every contribution up to it
   * (each series point the level at its interval's end, each group its level at the period's end), e.g. the backlog;
   * `snapshot` a state no event can keep (it changes by the mere passing of time, e.g. records going stale): `measure`
   * computes it directly for a day, and the period's value is the measure at its end.
   */
  aggregate: 'sum' | 'ratio' | 'mean' | 'per_user' | 'weekly_users' | 'level' | 'snapshot';
  /**
   * For a `snapshot` metric: its value at the end of a UTC day (YYYY-MM-DD), per user (with the user's team), computed
   * straight from the tables. Groups with no user have `userId` ''.
   */
  measure?: (db: Executor, day: string) => Promise<SnapshotRow[]>;
}

/** One user's share of a `snapshot` metric at the end of a day. */
export interface SnapshotRow {
  userId: string;
  teamId: string;
  value: number;
}

export type MetricInfo = Pick<MetricDef, 'id' | 'name' | 'definition' | 'unit' | 'direction'> & {
  dimensions: string[];
};

export class MetricRegistry {
  readonly #metrics = new Map<string, MetricDef>();
  readonly #labellers = new Map<string, DimensionLabeller>();

  /** How an extra dimension's values are named in groups; without one, a value is shown as it is stored. */
  labelDimension(name: string, labeller: DimensionLabeller): void {
    this.#labellers.set(name, labeller);
  }

  labeller(name: string): DimensionLabeller | undefined {
    return this.#labellers.get(name);
  }

  /** Registers metrics; an id registered twice is a programming error. */
  register(...defs: MetricDef[]): void {
    for (const def of defs) {
      if (this.#metrics.has(def.id)) throw new Error(`Metric ${def.id} is already registered`);
      if (!/^[a-z_]+\.[a-z0-9_]+$/.test(def.id)) throw new Error(`Metric id ${def.id} is not <module>.<name>`);
      this.#metrics.set(def.id, def);
    }
  }

  get(id: string): MetricDef | undefined {
    return this.#metrics.get(id);
  }

  /** Every metric, by id. */
  list(): MetricDef[] {
    return [...this.#metrics.values()].sort((a, b) => a.id.localeCompare(b.id));
  }

  /** Every event type some metric counts. */
  eventTypes(): string[] {
    return [...new Set(this.list().flatMap((m) => m.events))].sort();
  }
}

export const metricInfo = (m: MetricDef): MetricInfo => ({
  id: m.id,
  name: m.name,
  definition: m.definition,
  unit: m.unit,
  direction: m.direction,
  dimensions: [...m.dimensions],
});

export const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
export const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
