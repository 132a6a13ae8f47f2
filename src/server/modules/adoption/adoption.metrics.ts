/**
 * Adoption analytics in the metric registry: whether staff work in the CRM rather than around it. Counted from the
 * event spine: an *action* is an event a signed-in staff user caused (the event's actor; events of system work, the
 * ERP sync and the customer portal have no staff actor and do not count). Each action counts on the day it was done:
 * the day the event was written, except `activity.logged`, whose event is dated when the touchpoint happened, so it
 * counts on `loggedAt`, the day it was logged.
 */
import {
  type MetricContribution,
  type MetricDef,
  type MetricEvent,
  type MetricRegistry,
  str,
} from '../../platform/metrics/registry.ts';

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
