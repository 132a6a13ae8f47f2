/**
 * Daily metric rollups, kept current by one event-spine consumer (`metrics.rollup`) and rebuilt from the event log on
 * demand (`rapport metrics rebuild`). A rollup row is one metric's numerator, denominator and event count for one UTC
 * day, user and team ('' when none). An event counts once: its id goes into `metric_rollup_events` in the same
 * transaction as its rollup rows, and a redelivery finds it there.
 */
import { sql } from 'kysely';
import type { Database, Executor } from '../../db/database.ts';
import type { DeliveredEvent, EventBus } from '../events.ts';
import { now } from '../ids.ts';
import type { MetricContribution, MetricDef, MetricEvent, MetricRegistry } from './registry.ts';

export const ROLLUP_CONSUMER = 'metrics.rollup';

export interface RollupRow {
  metric_id: string;
  day: string;
  user_id: string;
  team_id: string;
  dim: string;
  dim_value: string;
  numerator: number;
  denominator: number;
  count: number;
}

const keyOf = (r: Pick<RollupRow, 'metric_id' | 'day' | 'user_id' | 'team_id' | 'dim' | 'dim_value'>) =>
  `${r.metric_id}\u0000${r.day}\u0000${r.user_id}\u0000${r.team_id}\u0000${r.dim}\u0000${r.dim_value}`;

/** A user's team for rollups: the first of their teams (by id), or '' without one. */
export type TeamOf = (userId: string) => string;

/** The rollup rows a list of events adds up to: what the consumer writes incrementally and a rebuild writes at once. */
export function rollupsOf(
  metrics: readonly MetricDef[],
  events: Iterable<MetricEvent>,
  teamOf: TeamOf,
  into = new Map<string, RollupRow>(),
): Map<string, RollupRow> {
  const byType = new Map<string, MetricDef[]>();
  for (const m of metrics) for (const t of m.events) byType.set(t, [...(byType.get(t) ?? []), m]);
  for (const e of events) {
    for (const m of byType.get(e.type) ?? []) {
      const out = m.contribute(e);
      if (!out) continue;
      for (const c of Array.isArray(out) ? out : [out]) {
        const plain = rowOf(m.id, e, c, teamOf);
        // The plain row, and one row per extra dimension the contribution names a value for.
        const rows = [plain];
        for (const [dim, value] of Object.entries(c.dims ?? {})) {
          if (m.dimensions.includes(dim) && typeof value === 'string' && value !== '')
            rows.push({ ...plain, dim, dim_value: value });
        }
        for (const row of rows) {
          const k = keyOf(row);
          const have = into.get(k);
          if (have) {
            have.numerator += row.numerator;
            have.denominator += row.denominator;
            have.count += 1;
          } else into.set(k, row);
        }
      }
    }
  }
  return into;
}

function rowOf(metricId: string, e: MetricEvent, c: MetricContribution, teamOf: TeamOf): RollupRow {
  const user = c.userId === undefined ? (e.actorId ?? '') : (c.userId ?? '');
  const team = c.teamId === undefined || c.teamId === null ? (user ? teamOf(user) : '') : c.teamId;
  return {
    metric_id: metricId,
    day: (c.at ?? e.at).slice(0, 10),
    user_id: user,
    team_id: team,
    dim: '',
    dim_value: '',
    numerator: c.numerator,
    denominator: c.denominator ?? 0,
    count: 1,
  };
}

export async function loadTeams(db: Executor): Promise<TeamOf> {
  const rows = await db.selectFrom('user_teams').select(['user_id', 'team_id']).orderBy('team_id').execute();
  const map = new Map<string, string>();
  for (const r of rows) if (!map.has(r.user_id)) map.set(r.user_id, r.team_id);
  return (u) => map.get(u) ?? '';
}

async function addRows(db: Executor, rows: RollupRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('metric_rollups')
      .values(rows.slice(i, i + 500))
      .onConflict((oc) =>
        oc.columns(['metric_id', 'day', 'user_id', 'team_id', 'dim', 'dim_value']).doUpdateSet({
          numerator: sql`metric_rollups.numerator + excluded.numerator`,
          denominator: sql`metric_rollups.denominator + excluded.denominator`,
          count: sql`metric_rollups.count + excluded.count`,
        }),
      )
      .execute();
  }
}

export class MetricRollups {
  readonly #database: Database;
  readonly #registry: MetricRegistry;

  constructor(database: Database, registry: MetricRegistry) {
    this.#database = database;
    this.#registry = registry;
  }

  /** Subscribes the rollup consumer to every event type a registered metric counts; call after every module registered. */
  subscribe(events: EventBus): void {
    const types = this.#registry.eventTypes();
    if (types.length > 0)
      events.subscribe(ROLLUP_CONSUMER, types, async (e) => {
        await this.apply(e);
      });
  }

  /** Adds one delivered event to its rollups, once: a redelivery of an event already counted changes nothing. */
  async apply(delivered: DeliveredEvent): Promise<boolean> {
    const { actorId, at, ...payload } = delivered.payload;
    const event: MetricEvent = { id: delivered.eventId, type: delivered.type, at, actorId, payload };
    return this.#database.db.transaction().execute(async (trx) => {
      const first = await trx
        .insertInto('metric_rollup_events')
        .values({ event_id: event.id, processed_at: now() })
        .onConflict((oc) => oc.column('event_id').doNothing())
        .returning('event_id')
        .executeTakeFirst();
      if (!first) return false;
      const rows = rollupsOf(this.#registry.list(), [event], await loadTeams(trx));
      await addRows(trx, [...rows.values()]);
      return true;
    });
  }

  /**
   * Recomputes every rollup from the event log, in one transaction: what `rapport metrics rebuild` runs after a new
   * metric is registered or a definition changes. Events it counted are marked, so pending deliveries do not add them
   * again.
   */
  async rebuild(progress?: (done: number) => void): Promise<{ events: number; rows: number; ms: number }> {
    const started = Date.now();
    const types = this.#registry.eventTypes();
    return this.#database.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('metric_rollups').execute();
      await trx.deleteFrom('metric_rollup_events').execute();
      const teamOf = await loadTeams(trx);
      const acc = new Map<string, RollupRow>();
      let after = '';
      let count = 0;
      const t = now();
      while (types.length > 0) {
        const batch = await trx
          .selectFrom('events')
          .select(['id', 'type', 'at', 'actor_id', 'payload'])
          .where('type', 'in', types)
          .where('id', '>', after)
          .orderBy('id')
          .limit(5000)
          .execute();
        if (batch.length === 0) break;
        rollupsOf(
          this.#registry.list(),
          batch.map((r) => ({ id: r.id, type: r.type, at: r.at, actorId: r.actor_id, payload: JSON.parse(r.payload) })),
          teamOf,
          acc,
        );
        for (let i = 0; i < batch.length; i += 500) {
          await trx
            .insertInto('metric_rollup_events')
            .values(batch.slice(i, i + 500).map((r) => ({ event_id: r.id, processed_at: t })))
            .execute();
        }
        count += batch.length;
        after = batch.at(-1)!.id;
        progress?.(count);
      }
      await addRows(trx, [...acc.values()]);
      return { events: count, rows: acc.size, ms: Date.now() - started };
    });
  }
}
