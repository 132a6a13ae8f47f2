/**
 * The service part of a seeded workspace: case types described the way a service desk works (default priority and
 * queue, the documented steps to resolve each), SLA policies by priority, the bank holidays, and a year of cases from
 * the seeded customers, each walked through its statuses (answered, waiting on the customer, resolved, reopened,
 * closed, or still open) with its SLA clocks, events, search document and timeline entries, written with the same
 * line builders and facts the app uses. Deterministic for a seed and an end instant; bulk-written in chunks.
 */
import type { Insertable } from 'kysely';
import { insertRows } from '../db/bulk.ts';
import type { Database } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import {
  addBusinessMinutes,
  type BusinessCalendar,
  businessMinutesBetween,
  caseOpenedLine,
  caseSearchDocument,
  caseStatusLine,
  NO_CLOCK,
  serviceFacts,
} from '../modules/service/index.ts';
import { documentRow } from '../platform/search/documents.ts';
import { Rng, SeededIds } from './random.ts';

const DAY = 86_400_000;
const MIN = 60_000;
/** The demo's service cost rates (minor units): what a case costs by channel, and an agent-minute. */
export const COST_RATES = {
  agentMinute: 45,
  channels: { phone: 350, email: 180, portal: 25, chat: 120, 'walk-in': 500 },
} as const;
const CHUNK = 400;

type Priority = 'low' | 'normal' | 'high' | 'urgent';
type Status = 'new' | 'open' | 'pending_customer' | 'resolved' | 'closed';

interface CaseTypeSpec {
  name: string;
  priority: Priority;
  weight: number;
  subjects: string[];
  process: string;
}

export const CASE_TYPES: CaseTypeSpec[] = [
  {
    name: 'Login or access',
    priority: 'high',
    weight: 22,
    subjects: [
      'Cannot log in after password reset',
      'New starter needs an account',
      'Locked out after too many attempts',
      'Two-step code never arrives',
      'Former employee still has access',
    ],
    process:
      '## Login or access\n\n1. Confirm who is asking: the contact must be on the account, or an administrator of it.\n2. Check the account is active and not locked; unlock or resend the invitation.\n3. For a leaver, remove access **the same day** and say so in writing.\n4. Resolve once the customer confirms they are in.',
  },
  {
    name: 'Billing question',
    priority: 'normal',
    weight: 20,
    subjects: [
      'Invoice shows the wrong number of seats',
      'Need a copy of last quarter’s invoice',
      'Purchase order number missing on invoice',
      'Card payment failed',
      'Question about the renewal price',
    ],
    process:
      '## Billing question\n\n1. Open the company’s accounts: invoices, payments and credit status.\n2. Answer from the invoice itself; never quote a price from memory.\n3. A credit note or refund needs the finance team: hand over with the invoice number.\n4. Resolve when the customer has what they asked for.',
  },
  {
    name: 'Fault',
    priority: 'high',
    weight: 24,
    subjects: [
      'Reports page will not load',
      'Export to CSV stops half way',
      'Calendar sync duplicates meetings',
      'Emails not logged since Monday',
      'Error when saving a contact',
      'Mobile app crashes on start',
    ],
    process:
      '## Fault\n\n1. Reproduce it: browser, time, the record and the exact message.\n2. Search the known issues; link the case to the one it matches.\n3. If the customer cannot work, raise the priority to **urgent** and tell the on-call engineer.\n4. Give a workaround when there is one; resolve when the fix is confirmed by the customer.',
  },
  {
    name: 'How-to question',
    priority: 'low',
    weight: 22,
    subjects: [
      'How do I add a custom field?',
      'How to import contacts from a spreadsheet',
      'Can we change the pipeline stages?',
      'How do I share a saved view with my team?',
      'Where do I set our business hours?',
    ],
    process:
      '## How-to question\n\n1. Answer in the first reply, with the steps and a link to the help article.\n2. No article? Write the steps in the case and suggest one to the knowledge base owner.\n3. Resolve with the answer: most of these should be first-contact resolutions.',
  },
  {
    name: 'Cancellation',
    priority: 'normal',
    weight: 6,
    subjects: ['We would like to cancel at renewal', 'Reduce our seats from next month', 'Pause our subscription'],
    process:
      '## Cancellation\n\n1. Thank them and ask why: record the reason in the case.\n2. Tell the account owner the same day; a save offer needs their approval.\n3. Confirm the date the change takes effect, in writing.\n4. Resolve once confirmed; the account owner follows up on the renewal deal.',
  },
  {
    name: 'Complaint',
    priority: 'high',
    weight: 6,
    subjects: [
      'Unhappy with the response time last week',
      'Onboarding session was cancelled twice',
      'Charged after we cancelled',
    ],
    process:
      '## Complaint\n\n1. Acknowledge within the first-response target, in your own words.\n2. Put the facts together from the timeline: what we promised, what happened.\n3. Agree a remedy with your manager; make it a promise with a due date.\n4. Resolve only when the customer agrees it is put right.',
  },
];

/** First response and resolution targets in business minutes, per priority. */
const POLICIES: [Priority, string, number, number][] = [
  ['urgent', 'Urgent', 60, 240],
  ['high', 'High', 240, 960],
  ['normal', 'Normal', 480, 2_400],
  ['low', 'Low', 960, 4_800],
];

const CHANNELS: [string, number][] = [
  ['email', 40],
  ['phone', 35],
  ['chat', 12],
  ['portal', 8],
  ['walk-in', 5],
];

/** England's bank holidays that fall on fixed rules, for the given years. */
export function bankHolidays(years: number[]): { date: string; name: string }[] {
  const out: { date: string; name: string }[] = [];
  const iso = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d)).toISOString().slice(0, 10);
  const weekday = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d)).getUTCDay();
  for (const y of years) {
    out.push({ date: iso(y, 0, 1), name: 'New Year’s Day' });
    const firstMay = 1 + ((8 - weekday(y, 4, 1)) % 7);
    out.push({ date: iso(y, 4, firstMay), name: 'Early May bank holiday' });
    const lastMay = 31 - ((weekday(y, 4, 31) + 6) % 7);
    out.push({ date: iso(y, 4, lastMay), name: 'Spring bank holiday' });
    const lastAug = 31 - ((weekday(y, 7, 31) + 6) % 7);
    out.push({ date: iso(y, 7, lastAug), name: 'Summer bank holiday' });
    out.push({ date: iso(y, 11, 25), name: 'Christmas Day' });
    out.push({ date: iso(y, 11, 26), name: 'Boxing Day' });
  }
  return out;
}

export interface SeedServiceOptions {
  seed: number;
  nowMs: number;
  cases: number;
  calendar: Omit<BusinessCalendar, 'holidays'>;
  onProgress?: (done: number, total: number) => void;
}

/** How many cases a seeded workspace gets: about one per four companies, at least 400. */
export function caseCount(companies: number): number {
  return Math.max(400, Math.round(companies / 4));
}

/** What customers write beside a rating, by score. */
const RATING_COMMENTS: Record<number, string[]> = {
  5: ['Sorted in one call, thank you!', 'Quick and friendly.', 'Exactly what I needed.'],
  4: ['Good, took a little while.', 'Helpful, thanks.'],
  3: ['Fixed in the end.', 'Had to explain it twice.'],
  2: ['Slow to hear back.', 'Took several emails.'],
  1: ['Still not happy with how this went.', 'Nobody got back to me for days.'],
};

/** Seeds case types, SLA policies, holidays and cases; does nothing when the workspace has a case type. */
export async function seedService(database: Database, opts: SeedServiceOptions): Promise<number> {
  const { db, dialect } = database;
  if (await db.selectFrom('case_types').select('id').limit(1).executeTakeFirst()) return 0;
  const rng = new Rng(opts.seed * 104_729 + 31);
  const ids = new SeededIds(rng.fork());
  // Ratings draw from their own stream, so adding them leaves every case as it was.
  const rateRng = new Rng(opts.seed * 104_729 + 977);
  const setupMs = opts.nowMs - 400 * DAY;
  const setupAt = new Date(setupMs).toISOString();
  const insert = <T extends keyof DB & string>(table: T, rows: readonly Insertable<DB[T]>[]) =>
    insertRows(db, dialect, table, rows);

  const desk = await db.selectFrom('teams').select('id').where('name', '=', 'Service desk').executeTakeFirst();
  const agents = await db
    .selectFrom('users')
    .innerJoin('roles', 'roles.id', 'users.role_id')
    .select('users.id')
    .where('roles.key', '=', 'service')
    .where('users.active', '=', 1)
    .orderBy('users.id')
    .execute();
  const agentIds = agents.map((a) => a.id);

  const types = CASE_TYPES.map((t, position) => ({ ...t, id: ids.at(setupMs + position), position }));
  await insert(
    'case_types',
    types.map((t) => ({
      id: t.id,
      name: t.name,
      default_priority: t.priority,
      default_queue_id: desk?.id ?? null,
      required_fields: '[]',
      process: t.process,
      position: t.position,
      archived: 0,
      version: 1,
      created_at: setupAt,
      updated_at: setupAt,
    })),
  );
  const policies = POLICIES.map(([priority, name, first, resolution], i) => ({
    id: ids.at(setupMs + 50 + i),
    name,
    priority,
    case_type_id: null,
    first_response_minutes: first,
    resolution_minutes: resolution,
    created_at: setupAt,
    updated_at: setupAt,
  }));
  await insert('sla_policies', policies);
  const year = new Date(opts.nowMs).getUTCFullYear();
  const holidays = bankHolidays([year - 1, year, year + 1]);
  await insert('holidays', holidays);
  const cal: BusinessCalendar = { ...opts.calendar, holidays: new Set(holidays.map((h) => h.date)) };
  // What service costs (Settings → Service costs): per case by channel, per agent-minute, in the workspace's currency.
  const currency =
    (await db.selectFrom('workspace').select('default_currency').executeTakeFirst())?.default_currency ?? 'GBP';
  await insert('service_cost_rates', [
    {
      id: 'default',
      currency,
      agent_minute_minor: COST_RATES.agentMinute,
      channels: JSON.stringify(COST_RATES.channels),
      version: 1,
      updated_at: setupAt,
    },
  ]);

  // Customers who raise cases: people at companies, a stable sample.
  const customers = await db
    .selectFrom('people')
    .select(['id', 'company_id'])
    .where('deleted_at', 'is', null)
    .where('company_id', 'is not', null)
    .orderBy('id')
    .limit(20_000)
    .execute();
  if (customers.length === 0) return 0;

  const typePool = types.flatMap((t) => Array.from({ length: t.weight }, () => t));
  const channelPool = CHANNELS.flatMap(([c, w]) => Array.from({ length: w }, () => c));
  const bumped: Record<Priority, Priority> = { low: 'normal', normal: 'high', high: 'urgent', urgent: 'urgent' };
  // Opened in business hours mostly: a random working day, 08:00-18:00 London (close enough in UTC for a demo).
  const openedMsOf = () => {
    const day = Math.floor((opts.nowMs - (1 + rng.int(365)) * DAY) / DAY) * DAY;
    return day + (7 * 60 + rng.int(11 * 60)) * MIN;
  };
  const businessLater = (fromMs: number, minutes: number) =>
    addBusinessMinutes(new Date(fromMs), Math.max(1, Math.round(minutes)), cal)?.getTime() ?? fromMs + minutes * MIN;

  const opened = Array.from({ length: opts.cases }, openedMsOf).sort((a, b) => a - b);
  let reference = 1000;
  let written = 0;
  for (let start = 0; start < opened.length; start += CHUNK) {
    const cases: Insertable<DB['cases']>[] = [];
    const events: Insertable<DB['events']>[] = [];
    const costs: Insertable<DB['case_costs']>[] = [];
    const timeline: Insertable<DB['timeline']>[] = [];
    const documents: Insertable<DB['search_documents']>[] = [];
    const ratings: Insertable<DB['case_ratings']>[] = [];
    for (const openedMs of opened.slice(start, start + CHUNK)) {
      reference += 1;
      const ref = `C-${reference}`;
      const id = ids.at(openedMs);
      const customer = customers[rng.int(customers.length)]!;
      const type = typePool[rng.int(typePool.length)]!;
      const priority: Priority = rng.chance(0.1) ? bumped[type.priority] : type.priority;
      const policy = policies.find((p) => p.priority === priority)!;
      const subject = type.subjects[rng.int(type.subjects.length)]!;
      const channel = channelPool[rng.int(channelPool.length)]!;
      const agent = agentIds.length > 0 ? agentIds[rng.int(agentIds.length)]! : null;
      const openedAt = new Date(openedMs).toISOString();
      const firstDue = businessLater(openedMs, policy.first_response_minutes);

      // The walk: a first response (usually inside the target), then resolved at once (first contact), or worked on,
      // sometimes waiting on the customer, then resolved; some are reopened; resolved cases close after a week.
      type Step = { to: Status; at: number };
      const steps: Step[] = [];
      const firstMs = businessLater(openedMs, policy.first_response_minutes * (rng.chance(0.85) ? rng.next() : 1.6));
      let pausedMinutes = 0;
      let pending = 0;
      let reopens = 0;
      let t = firstMs;
      if (rng.chance(type.priority === 'low' ? 0.55 : 0.35)) steps.push({ to: 'resolved', at: t });
      else {
        steps.push({ to: 'open', at: t });
        if (rng.chance(0.35)) {
          const wait = businessLater(t, 30 + rng.int(600));
          steps.push({ to: 'pending_customer', at: wait });
          const back = businessLater(wait, 60 + rng.int(1_800));
          steps.push({ to: 'open', at: back });
          t = back;
        }
        const work = policy.resolution_minutes * (rng.chance(0.8) ? 0.2 + rng.next() * 0.7 : 1.1 + rng.next());
        steps.push({ to: 'resolved', at: businessLater(t, work) });
      }
      if (rng.chance(0.06)) {
        const last = steps.at(-1)!.at;
        const reopenAt = last + (1 + rng.int(10)) * DAY;
        steps.push({ to: 'open', at: reopenAt }, { to: 'resolved', at: businessLater(reopenAt, 120 + rng.int(600)) });
      }
      const resolvedAt = steps.at(-1)!.at;
      if (resolvedAt + 7 * DAY < opts.nowMs) steps.push({ to: 'closed', at: resolvedAt + 7 * DAY });
      // What has happened by now: later steps have not happened yet.
      const done = steps.filter((s) => s.at <= opts.nowMs);

      const row: Insertable<DB['cases']> & {
        reopen_count: number;
        pending_count: number;
        exchange_count: number;
        first_responded_at: string | null;
        resolved_at: string | null;
        first_response_due_at: string | null;
        resolution_due_at: string | null;
        opened_at: string;
      } = {
        id,
        reference: ref,
        subject,
        description: null,
        channel,
        case_type_id: type.id,
        priority,
        status: 'new',
        owner_id: agent,
        team_id: desk?.id ?? null,
        person_id: customer.id,
        company_id: customer.company_id,
        related_case_ids: '[]',
        tags: '[]',
        custom_fields: '{}',
        opened_at: openedAt,
        first_responded_at: null,
        resolved_at: null,
        closed_at: null,
        reopen_count: 0,
        pending_count: 0,
        exchange_count: 0,
        sla_paused_at: null,
        sla_paused_minutes: 0,
        sla_policy_id: policy.id,
        first_response_due_at: new Date(firstDue).toISOString(),
        resolution_due_at: new Date(businessLater(openedMs, policy.resolution_minutes)).toISOString(),
        sla_due_at: new Date(firstDue).toISOString(),
        version: 1,
        created_by: agent,
        created_at: openedAt,
        updated_at: openedAt,
        deleted_at: null,
      };
      const event = (type: string, atMs: number, summary: string, payload: Record<string, unknown>) => {
        const eventId = ids.at(atMs);
        const at = new Date(atMs).toISOString();
        const body = JSON.stringify(payload);
        events.push({ id: eventId, at, type, actor_id: agent, object: 'cases', record_id: id, payload: body });
        timeline.push({
          id: ids.at(atMs),
          at,
          event_id: eventId,
          type,
          department: 'service',
          actor_id: agent,
          object: 'cases',
          record_id: id,
          summary,
          payload: body,
          person_id: customer.id,
          company_id: customer.company_id,
          subject_kind: 'cases',
          subject_id: id,
        });
      };
      const common = () => ({
        caseId: id,
        reference: ref,
        priority,
        channel,
        caseTypeId: type.id,
        personId: customer.id,
        companyId: customer.company_id,
        ownerId: agent,
        teamId: row.team_id,
      });
      event('case.created', openedMs, caseOpenedLine({ reference: ref, subject }), {
        ...common(),
        status: 'new',
        openedAt,
        changes: {},
      });
      // The channel's cost when the case came in, and the minutes agents log as they work on it (as the app records them).
      const cost = (kind: 'channel' | 'time', atMs: number, minutes: number | null, costMinor: number) => {
        const costId = ids.at(atMs);
        const costAt = new Date(atMs).toISOString();
        costs.push({
          id: costId,
          case_id: id,
          kind,
          user_id: kind === 'time' ? agent : (agent ?? null),
          minutes,
          cost_minor: costMinor,
          currency,
          note: null,
          at: costAt,
          source_event_id: null,
          created_at: costAt,
        });
        const payload = JSON.stringify({
          caseId: id,
          reference: ref,
          costId,
          kind,
          minutes,
          costMinor,
          currency,
          channel,
          caseTypeId: type.id,
          userId: agent,
          teamId: row.team_id,
          costAt,
        });
        const eventId = ids.at(atMs);
        events.push({
          id: eventId,
          at: costAt,
          type: 'case.cost_recorded',
          actor_id: agent,
          object: 'cases',
          record_id: id,
          payload,
        });
        if (kind === 'time') {
          timeline.push({
            id: ids.at(atMs),
            at: costAt,
            event_id: eventId,
            type: 'case.cost_recorded',
            department: 'service',
            actor_id: agent,
            object: 'cases',
            record_id: id,
            summary: `Case ${ref}: ${minutes} min logged`,
            payload,
            person_id: null,
            company_id: null,
            subject_kind: 'cases',
            subject_id: id,
          });
        }
      };
      const channelCost = COST_RATES.channels[channel as keyof typeof COST_RATES.channels] ?? 0;
      if (channelCost > 0) cost('channel', openedMs + 1000, null, channelCost);
      let status: Status = 'new';
      for (const step of done) {
        // Work before each move: a few minutes to answer, longer to resolve.
        if (agent && (step.to === 'open' || step.to === 'pending_customer' || step.to === 'resolved')) {
          const minutes = step.to === 'resolved' ? 10 + rng.int(35) : 3 + rng.int(12);
          cost('time', step.at - MIN, minutes, minutes * COST_RATES.agentMinute);
        }
        const at = new Date(step.at).toISOString();
        const from = status;
        let undone: { resolvedAt: string; firstContact: boolean } | undefined;
        if (from === 'new') row.first_responded_at = at;
        if (from === 'pending_customer' && row.sla_paused_at) {
          pausedMinutes += businessMinutesBetween(new Date(row.sla_paused_at), new Date(step.at), cal);
          row.sla_paused_at = null;
          row.resolution_due_at = new Date(
            businessLater(openedMs, policy.resolution_minutes + pausedMinutes),
          ).toISOString();
        }
        if (step.to === 'pending_customer') {
          row.sla_paused_at = at;
          pending += 1;
        }
        if (step.to === 'open' && (from === 'resolved' || from === 'closed')) {
          undone = { resolvedAt: row.resolved_at!, firstContact: reopens === 0 && pending === 0 };
          reopens += 1;
          row.resolved_at = null;
          row.closed_at = null;
        }
        if (step.to === 'resolved') row.resolved_at = at;
        if (step.to === 'closed') row.closed_at = at;
        row.status = step.to;
        row.reopen_count = reopens;
        row.pending_count = pending;
        row.sla_paused_minutes = pausedMinutes;
        row.updated_at = at;
        row.version = (row.version ?? 1) + 1;
        status = step.to;
        const change = { from, to: step.to, ...(undone ? { undone } : {}) };
        event('case.status_changed', step.at, caseStatusLine(ref, from, step.to), {
          ...common(),
          fromStatus: from,
          toStatus: step.to,
          reopened: step.to === 'open' && (from === 'resolved' || from === 'closed'),
          ...serviceFacts(row, change),
        });
      }
      const finished = status === 'resolved' || status === 'closed';
      // About a third of the customers answer the "How did we do?" mail, within a few days of the resolution: happier
      // when it was solved at first contact and in time, less so after a reopen or a missed SLA.
      const lastResolved = [...done].reverse().find((s) => s.to === 'resolved')?.at;
      const ratedMs = lastResolved === undefined ? undefined : lastResolved + (1 + rateRng.int(72 * 60)) * MIN;
      if (finished && ratedMs !== undefined && ratedMs <= opts.nowMs && rateRng.chance(0.35)) {
        const late =
          row.resolution_due_at !== null && row.resolved_at !== null && row.resolved_at > row.resolution_due_at;
        const mood = (reopens === 0 && pending === 0 ? 0.6 : 0.25) - (reopens > 0 ? 0.2 : 0) - (late ? 0.2 : 0);
        const r = rateRng.next();
        const score = r < mood ? 5 : r < mood + 0.25 ? 4 : r < mood + 0.4 ? 3 : r < mood + 0.55 ? 2 : 1;
        const comment = rateRng.chance(0.3)
          ? RATING_COMMENTS[score]![rateRng.int(RATING_COMMENTS[score]!.length)]!
          : null;
        const ratedAt = new Date(ratedMs).toISOString();
        ratings.push({
          case_id: id,
          person_id: customer.id,
          score,
          comment,
          source: 'email',
          owner_id: agent,
          team_id: row.team_id ?? null,
          channel,
          case_type_id: type.id,
          rated_at: ratedAt,
          updated_at: ratedAt,
        });
        event('case.rated', ratedMs, `Case ${ref} rated ${score}/5${comment ? `: “${comment}”` : ''}`, {
          ...common(),
          score,
          previousScore: null,
          firstRatedAt: ratedAt,
          hasComment: comment !== null,
          source: 'email',
        });
      }
      const next = row.first_responded_at ? row.resolution_due_at : row.first_response_due_at;
      row.sla_due_at = finished || row.sla_paused_at || !next ? NO_CLOCK : next;
      cases.push(row);
      documents.push(
        documentRow(
          caseSearchDocument({ id, reference: ref, subject, status, owner_id: agent, team_id: row.team_id ?? null }),
          row.updated_at!,
        ),
      );
    }
    await db.transaction().execute(async (trx) => {
      for (const [table, rows] of [
        ['cases', cases],
        ['events', events],
        ['case_costs', costs],
        ['case_ratings', ratings],
        ['timeline', timeline],
        ['search_documents', documents],
      ] as const) {
        for (let i = 0; i < rows.length; i += CHUNK) {
          await insertRows(trx, dialect, table, rows.slice(i, i + CHUNK) as never);
        }
      }
    });
    written += cases.length;
    opts.onProgress?.(written, opts.cases);
  }
  await db.updateTable('sequences').set({ value: reference }).where('name', '=', 'cases').execute();
  return written;
}
