/**
 * Adoption analytics in the metric registry: whether staff work in the CRM rather than around it. Counted from the
 * event spine: an *action* is an event a signed-in staff user caused (the event's actor; events of system work, the
 * ERP sync and the customer portal have no staff actor and do not count). Each action counts on the day it was done:
 * the day the event was written, except `activity.logged`, whose event is dated when the touchpoint happened, so it
 * counts on `loggedAt`, the day it was logged.
 */
import type { Executor } from '../../db/database.ts';
import {
  type MetricContribution,
  type MetricDef,
  type MetricEvent,
  type MetricRegistry,
  type SnapshotRow,
  str,
} from '../../platform/metrics/registry.ts';
import { DEFAULT_STALE_MONTHS, staleCutoff } from '../quality/index.ts';

/** The parts of Rapport staff act in, and the events that mean they did: what "features used" counts. */
export const ADOPTION_FEATURES = [
  { key: 'people', label: 'People', events: ['person.created', 'person.updated', 'person.deleted', 'person.restored'] },
  {
    key: 'companies',
    label: 'Companies',
    events: ['company.created', 'company.updated', 'company.deleted', 'company.restored'],
  },
  {
    key: 'deals',
    label: 'Deals',
    events: ['deal.created', 'deal.updated', 'deal.deleted', 'deal.restored', 'deal.stage_changed'],
  },
  {
    key: 'cases',
    label: 'Cases',
    events: [
      'case.created',
      'case.updated',
      'case.deleted',
      'case.restored',
      'case.status_changed',
      'case.message_added',
    ],
  },
  { key: 'activities', label: 'Activities', events: ['activity.logged', 'activity.updated', 'activity.deleted'] },
  { key: 'tasks', label: 'Tasks', events: ['task.created', 'task.updated', 'task.completed', 'task.deleted'] },
  {
    key: 'promises',
    label: 'Promises',
    events: [
      'promise.created',
      'promise.updated',
      'promise.kept',
      'promise.broken',
      'promise.renegotiated',
      'promise.customer_told',
      'promise.reopened',
    ],
  },
  {
    key: 'knowledge',
    label: 'Knowledge base',
    events: ['article.created', 'article.updated', 'article.deleted', 'article.restored'],
  },
] as const;

/** Every event that is a staff action. */
export const ADOPTION_ACTION_EVENTS: readonly string[] = ADOPTION_FEATURES.flatMap((f) => [...f.events]);

/** The kinds of record whose `created` and `updated` events count as records created and updated. */
const RECORD_KINDS = ['person', 'company', 'deal', 'case', 'article'];

/** A touchpoint logged within this long of happening counts as logged in time. */
export const LOGGED_IN_TIME_MS = 86_400_000;

const base = { dimensions: ['user', 'team'], visibility: 'people', direction: 'up' } as const;

/** The day an action was done: an activity's event is dated when it happened, so it counts when it was logged. */
const doneAt = (e: MetricEvent): string | undefined =>
  e.type === 'activity.logged' ? (str(e.payload.loggedAt) ?? undefined) : undefined;

/** One action by the event's actor, adding `numerator`; none when no staff user caused the event. */
const action = (e: MetricEvent, numerator: number): MetricContribution | undefined =>
  e.actorId ? { numerator, at: doneAt(e) } : undefined;

/** A count per active user: every action makes its user active, the matching ones add 1. */
const perUser = (id: string, name: string, definition: string, counts: (e: MetricEvent) => boolean): MetricDef => ({
  ...base,
  id,
  name,
  definition,
  unit: 'count',
  events: ADOPTION_ACTION_EVENTS,
  aggregate: 'per_user',
  contribute: (e) => action(e, counts(e) ? 1 : 0),
});

/** The kinds of record a stale record can be: table, event object and prefix, and the activity column linking it. */
const STALE_KINDS = [
  { table: 'people', prefix: 'person', link: 'person_id' },
  { table: 'companies', prefix: 'company', link: 'company_id' },
  { table: 'deals', prefix: 'deal', link: 'deal_id' },
] as const;

/**
 * The records each user owned that were stale at the end of `day` (UTC), straight from the tables: live then (created
 * by then, not in the bin then), added more than the freshness window (the data-quality one, 6 months) before,
 * with no change saved (`<kind>.updated` event) and no activity linked to it in the window. Counted under the record's
 * owner now, with that owner's first team. A change or a contact is only ever news to the record it touches: a record
 * goes stale by nothing happening, which no event says, so this is measured rather than rolled up.
 */
export async function staleRecords(db: Executor, day: string): Promise<SnapshotRow[]> {
  const end = `${day}T23:59:59.999Z`;
  const cutoff = staleCutoff(new Date(end), DEFAULT_STALE_MONTHS);
  const counts = new Map<string, number>();
  for (const k of STALE_KINDS) {
    const rows = await db
      .selectFrom(`${k.table} as r` as 'people as r')
      .select((eb) => ['r.owner_id', eb.fn.countAll<number>().as('n')])
      .where('r.owner_id', 'is not', null)
      .where('r.created_at', '<', cutoff)
      .where((eb) => eb.or([eb('r.deleted_at', 'is', null), eb('r.deleted_at', '>', end)]))
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('events as ev')
              .select('ev.id')
              .where('ev.object', '=', k.table)
              .whereRef('ev.record_id', '=', 'r.id')
              .where('ev.type', '=', `${k.prefix}.updated`)
              .where('ev.at', '>=', cutoff)
              .where('ev.at', '<=', end),
          ),
        ),
      )
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('activities as a')
              .select('a.id')
              .whereRef(`a.${k.link}`, '=', 'r.id')
              .where('a.deleted_at', 'is', null)
              .where('a.occurred_at', '>=', cutoff)
              .where('a.occurred_at', '<=', end),
          ),
        ),
      )
      .groupBy('r.owner_id')
      .execute();
    for (const r of rows) counts.set(r.owner_id!, (counts.get(r.owner_id!) ?? 0) + Number(r.n));
  }
  if (counts.size === 0) return [];
  const teams = await db
    .selectFrom('user_teams')
    .select(['user_id', 'team_id'])
    .where('user_id', 'in', [...counts.keys()])
    .orderBy('team_id')
    .execute();
  const teamOf = new Map<string, string>();
  for (const t of teams) if (!teamOf.has(t.user_id)) teamOf.set(t.user_id, t.team_id);
  return [...counts].map(([userId, value]) => ({ userId, teamId: teamOf.get(userId) ?? '', value }));
}

const WHO = 'Staff are active in a week when they took at least one action in Rapport that week';

export function registerAdoptionMetrics(registry: MetricRegistry): void {
  registry.register(
    {
      ...base,
      id: 'adoption.weekly_active_users',
      name: 'Weekly active users',
      definition: `How many staff were active each week, averaged over the weeks of the period. ${WHO}: created, changed or deleted a record, logged an activity, moved a deal, worked a case, a task or a promise, or edited an article (system work, the ERP sync and the customer portal do not count). Split by user, it is the share of the period's weeks they were active in.`,
      unit: 'count',
      events: ADOPTION_ACTION_EVENTS,
      aggregate: 'weekly_users',
      contribute: (e) => action(e, 1),
    },
    perUser(
      'adoption.activities_per_user',
      'Activities logged per user',
      'Activities (calls, emails, meetings, visits, notes...) logged in the period (on the day they were logged) per active user: staff who took any action in Rapport in the period. Split by user, that user’s own count.',
      (e) => e.type === 'activity.logged',
    ),
    perUser(
      'adoption.records_created_per_user',
      'Records created per user',
      'People, companies, deals, cases and articles created in the period (by hand or by an import the user ran) per active user: staff who took any action in Rapport in the period. Split by user, that user’s own count.',
      (e) => RECORD_KINDS.some((k) => e.type === `${k}.created`),
    ),
    perUser(
      'adoption.records_updated_per_user',
      'Records updated per user',
      'Changes saved to people, companies, deals, cases and articles in the period per active user: staff who took any action in Rapport in the period. Each save counts once. Split by user, that user’s own count.',
      (e) => RECORD_KINDS.some((k) => e.type === `${k}.updated`),
    ),
    {
      ...base,
      id: 'adoption.logged_in_time_rate',
      name: 'Touchpoints logged within a day',
      definition:
        'Of the activities logged in the period (counted on the day they were logged), the share logged within 24 hours of when they happened (their date and time as entered), or ahead of it. Activities logged before this was measured (without a logging time on their event) are left out. A ratio from 0 to 1.',
      unit: 'ratio',
      events: ['activity.logged'],
      aggregate: 'ratio',
      contribute: (e) => {
        const loggedAt = str(e.payload.loggedAt);
        if (!e.actorId || !loggedAt) return undefined;
        const inTime = Date.parse(loggedAt) - Date.parse(e.at) <= LOGGED_IN_TIME_MS;
        return { numerator: inTime ? 1 : 0, denominator: 1, at: loggedAt };
      },
    },
    {
      ...base,
      id: 'adoption.stale_records',
      name: 'Stale records owned',
      direction: 'down',
      definition: `People, companies and deals owned by staff that were stale at the end of the period: added more than ${DEFAULT_STALE_MONTHS} months before (the data-quality freshness window) and neither changed nor linked to an activity in those ${DEFAULT_STALE_MONTHS} months. Split by user, each owner's count (by the record's owner now); each point of a series is the count at the end of its day, week or month. Measured from the records, their change events and activities whenever asked (a record goes stale by nothing happening, which no event says), not rolled up.`,
      unit: 'count',
      events: [],
      aggregate: 'snapshot',
      contribute: () => undefined,
      measure: staleRecords,
    },
    ...ADOPTION_FEATURES.map(
      (f): MetricDef => ({
        ...base,
        id: `adoption.used_${f.key}`,
        name: `Feature used: ${f.label}`,
        definition: `How many actions staff took in ${f.label} in the period (${f.events.map((t) => `\`${t}\``).join(', ')}). With the other "Feature used" metrics, it shows which parts of Rapport are used and which are not.`,
        unit: 'count',
        events: f.events,
        aggregate: 'sum',
        contribute: (e) => action(e, 1),
      }),
    ),
  );
}
