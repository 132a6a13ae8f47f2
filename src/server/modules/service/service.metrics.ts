/**
 * Service's metrics in the metric registry, counted from the cases' own events by the case's assignee and queue (and
 * split by the case's channel and case type):
 * `case.created` for the cases opened, `case.status_changed` for first responses, resolutions and reopens (its
 * payload carries the facts: see `serviceFacts` in cases.service.ts). Times are wall-clock minutes from opening (the
 * SLA clocks, in business minutes, decide "met" or "breached").
 */
import {
  type MetricContribution,
  type MetricEvent,
  type MetricRegistry,
  num,
  str,
} from '../../platform/metrics/registry.ts';
import { FCR_REOPEN_WINDOW_DAYS } from './cases.service.ts';

const DAY_MS = 86_400_000;
const base = { dimensions: ['user', 'team', 'channel', 'caseType'], visibility: 'cases' } as const;
const who = (e: MetricEvent) => ({
  userId: str(e.payload.ownerId),
  teamId: str(e.payload.teamId),
  dims: { channel: str(e.payload.channel), caseType: str(e.payload.caseTypeId) },
});
/** A cost counts for the agent who logged the time (or the case's assignee, for its channel cost) and the case's queue. */
const costWho = (e: MetricEvent) => ({
  userId: str(e.payload.userId),
  teamId: str(e.payload.teamId),
  at: str(e.payload.costAt) ?? undefined,
  dims: { channel: str(e.payload.channel), caseType: str(e.payload.caseTypeId) },
});

/** How the channels read in a split (the values cases store). */
export const CHANNEL_LABELS: Record<string, string> = {
  phone: 'Phone',
  email: 'Email',
  portal: 'Portal',
  chat: 'Chat',
  'walk-in': 'Walk-in',
};
/** The statuses a case is in the backlog in: not yet resolved or closed. */
const OPEN_STATUSES = ['new', 'open', 'pending_customer'];
const isOpen = (status: unknown) => typeof status === 'string' && OPEN_STATUSES.includes(status);

/**
 * A case's +1/−1 changes to the backlog: +1 when opened (on its opening date) unless logged already resolved, −1 when
 * resolved or closed, +1 when reopened, −1 when moved to the bin open and +1 when restored open. A change of assignee,
 * queue, channel or case type while open moves its 1 from the old values to the new (the status change of the same save
 * is counted under the new values, so a case reassigned as it is resolved leaves nothing behind).
 */
function backlogChange(e: MetricEvent): MetricContribution[] | undefined {
  const p = e.payload;
  if (e.type === 'case.created')
    return isOpen(p.status) ? [{ numerator: 1, ...who(e), at: str(p.openedAt) ?? undefined }] : undefined;
  if (e.type === 'case.deleted') return isOpen(p.status) ? [{ numerator: -1, ...who(e) }] : undefined;
  if (e.type === 'case.restored') return isOpen(p.status) ? [{ numerator: 1, ...who(e) }] : undefined;
  if (e.type === 'case.status_changed') {
    const was = isOpen(p.fromStatus);
    const is = isOpen(p.toStatus);
    return was === is ? undefined : [{ numerator: is ? 1 : -1, ...who(e) }];
  }
  if (e.type === 'case.updated') {
    const changes = (p.changes ?? {}) as Record<string, { from: unknown; to: unknown } | undefined>;
    const moved = ['ownerId', 'teamId', 'channel', 'caseTypeId'].filter((k) => changes[k] !== undefined);
    const openBefore = isOpen(changes.status ? changes.status.from : p.status);
    if (moved.length === 0 || !openBefore) return undefined;
    const before = (k: string) => str(changes[k] ? changes[k].from : p[k]);
    return [
      {
        numerator: -1,
        userId: before('ownerId'),
        teamId: before('teamId'),
        dims: { channel: before('channel'), caseType: before('caseTypeId') },
      },
      { numerator: 1, ...who(e) },
    ];
  }
  return undefined;
}

const isStatus = (e: MetricEvent) => e.type === 'case.status_changed';
const isResolution = (e: MetricEvent) => isStatus(e) && e.payload.resolution === true;

/** A reopen within the window of a first-contact resolution takes the flag back, on the resolution's own day. */
function fcrCorrection(e: MetricEvent): MetricContribution | undefined {
  const resolvedAt = str(e.payload.undoneResolvedAt);
  if (!isStatus(e) || e.payload.reopened !== true || !resolvedAt || e.payload.undoneFirstContact !== true) return;
  const window = num(e.payload.fcrWindowDays) ?? FCR_REOPEN_WINDOW_DAYS;
  if (Date.parse(e.at) - Date.parse(resolvedAt) > window * DAY_MS) return;
  return { numerator: -1, denominator: 0, at: resolvedAt, ...who(e) };
}

export function registerServiceMetrics(registry: MetricRegistry): void {
  registry.labelDimension('channel', async (_db, keys) => new Map(keys.map((k) => [k, CHANNEL_LABELS[k] ?? k])));
  registry.labelDimension('caseType', async (db, keys) => {
    const rows = await db.selectFrom('case_types').select(['id', 'name']).where('id', 'in', keys).execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  });
  registry.register(
    {
      ...base,
      id: 'service.cases_opened',
      name: 'Cases opened',
      definition: 'Cases opened in the period (by their opening date as recorded), by the queue and assignee they got.',
      unit: 'count',
      direction: 'down',
      events: ['case.created'],
      aggregate: 'sum',
      contribute: (e) => ({ numerator: 1, ...who(e), at: str(e.payload.openedAt) ?? undefined }),
    },
    {
      ...base,
      id: 'service.backlog',
      name: 'Backlog',
      definition:
        'Cases open at the end of the period (new, open or pending customer: opened and not yet resolved or closed, or reopened since), by the assignee, queue, channel and case type they have then. Each point of a series is the backlog at the end of its day, week or month. Cases in the bin do not count.',
      unit: 'count',
      direction: 'down',
      events: ['case.created', 'case.status_changed', 'case.updated', 'case.deleted', 'case.restored'],
      aggregate: 'level',
      contribute: backlogChange,
    },
    {
      ...base,
      id: 'service.cases_resolved',
      name: 'Cases resolved',
      definition:
        'Cases resolved in the period (marked resolved, or closed without having been resolved), by assignee and queue. A case resolved again after a reopen counts again.',
      unit: 'count',
      direction: 'up',
      events: ['case.status_changed'],
      aggregate: 'sum',
      contribute: (e) => (isResolution(e) ? { numerator: 1, ...who(e) } : undefined),
    },
    {
      ...base,
      id: 'service.first_response_minutes',
      name: 'First response time',
      definition:
        'For the cases first answered in the period, the average minutes from opening to the first response (the case leaving "new"), wall-clock time.',
      unit: 'minutes',
      direction: 'down',
      events: ['case.status_changed'],
      aggregate: 'mean',
      contribute: (e) => {
        const m = num(e.payload.firstResponseMinutes);
        return isStatus(e) && m !== null ? { numerator: m, denominator: 1, ...who(e) } : undefined;
      },
    },
    {
      ...base,
      id: 'service.resolution_minutes',
      name: 'Resolution time',
      definition:
        'For the cases resolved in the period, the average minutes from opening to resolution, wall-clock time (including time waiting on the customer).',
      unit: 'minutes',
      direction: 'down',
      events: ['case.status_changed'],
      aggregate: 'mean',
      contribute: (e) => {
        const m = num(e.payload.resolutionMinutes);
        return isResolution(e) && m !== null ? { numerator: m, denominator: 1, ...who(e) } : undefined;
      },
    },
    {
      ...base,
      id: 'service.sla_met_rate',
      name: 'SLA met',
      definition:
        'Of the cases resolved in the period under an SLA policy, the share resolved by their resolution due time and first answered by their first-response due time (both counted in business hours, without the time spent waiting on the customer). A ratio from 0 to 1.',
      unit: 'ratio',
      direction: 'up',
      events: ['case.status_changed'],
      aggregate: 'ratio',
      contribute: (e) => {
        if (!isResolution(e) || e.payload.hasSla !== true) return undefined;
        const met = e.payload.resolutionBreached !== true && e.payload.firstResponseBreached !== true;
        return { numerator: met ? 1 : 0, denominator: 1, ...who(e) };
      },
    },
    {
      ...base,
      id: 'service.fcr_rate',
      name: 'First-contact resolution',
      definition: `Of the cases resolved in the period, the share resolved at first contact: their first resolution, in at most one exchange with the customer (replies sent to them plus their messages after the first: a call resolved on the call has none, an email answered once has one), without ever waiting on the customer ("pending customer"), and not reopened within N days (Settings → Service, ${FCR_REOPEN_WINDOW_DAYS} by default; a later reopen takes the flag back on the resolution's day). A ratio from 0 to 1.`,
      unit: 'ratio',
      direction: 'up',
      events: ['case.status_changed'],
      aggregate: 'ratio',
      contribute: (e) => {
        if (isResolution(e)) return { numerator: e.payload.firstContact === true ? 1 : 0, denominator: 1, ...who(e) };
        return fcrCorrection(e);
      },
    },
    {
      ...base,
      id: 'service.reopen_rate',
      name: 'Reopen rate',
      definition:
        'Cases reopened in the period (resolved or closed, then opened again) per case resolved in the period. A ratio, usually from 0 to 1.',
      unit: 'ratio',
      direction: 'down',
      events: ['case.status_changed'],
      aggregate: 'ratio',
      contribute: (e) => {
        if (isResolution(e)) return { numerator: 0, denominator: 1, ...who(e) };
        if (isStatus(e) && e.payload.reopened === true) return { numerator: 1, denominator: 0, ...who(e) };
        return undefined;
      },
    },
    {
      ...base,
      id: 'service.cost',
      name: 'Service cost',
      definition:
        "What service cost in the period, in minor units of the cost rates' currency: each case's channel cost (Settings → Service costs, per case by the channel it came in on, counted on the day it was opened) plus the agent time logged on cases at the agent-minute rate of the day it was logged. Rates changed later do not rewrite costs already recorded.",
      unit: 'money',
      direction: 'down',
      events: ['case.cost_recorded'],
      aggregate: 'sum',
      contribute: (e) => {
        const cost = num(e.payload.costMinor);
        return cost === null ? undefined : { numerator: cost, ...costWho(e) };
      },
    },
    {
      ...base,
      id: 'service.cost_per_case',
      name: 'Cost per case',
      definition:
        'Service cost in the period (channel costs of the cases opened, plus agent time logged, at the rates of the day) per case opened in the period, in minor units. Time logged in one period on a case opened in an earlier one counts in the period it was logged.',
      unit: 'money',
      direction: 'down',
      events: ['case.cost_recorded', 'case.created'],
      aggregate: 'ratio',
      contribute: (e) => {
        if (e.type === 'case.created')
          return { numerator: 0, denominator: 1, ...who(e), at: str(e.payload.openedAt) ?? undefined };
        const cost = num(e.payload.costMinor);
        return cost === null ? undefined : { numerator: cost, denominator: 0, ...costWho(e) };
      },
    },
    {
      ...base,
      id: 'service.csat',
      name: 'Customer satisfaction (CSAT)',
      definition:
        'The average rating, from 1 (very dissatisfied) to 5 (very satisfied), that customers gave resolved cases, through the one-click link mailed on resolution or in the portal. One rating per case: a changed rating replaces the first (on the day of the first rating). Counted on the day of the first rating, under the assignee, queue, channel and case type the case had then. Cases nobody rated do not count (they are not assumed satisfied).',
      unit: 'score',
      direction: 'up',
      events: ['case.rated'],
      aggregate: 'mean',
      contribute: (e) => {
        const score = num(e.payload.score);
        if (score === null) return undefined;
        const before = num(e.payload.previousScore);
        if (before === null) return { numerator: score, denominator: 1, ...who(e) };
        return { numerator: score - before, denominator: 0, at: str(e.payload.firstRatedAt) ?? undefined, ...who(e) };
      },
    },
  );
}
