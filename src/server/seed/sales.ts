/**
 * The sales part of a seeded workspace: two pipelines described the way a business would (stages, probabilities,
 * stalled-after days, required fields, playbooks), the lost reasons, and a year of deals at the seeded companies, each
 * walked through its stages (won, lost, or still open and sometimes stalled) with its stage history, its people, its
 * search document and its timeline entries, written with the same line builders the app uses. A price list, and
 * quotas for the sales reps this quarter. Deterministic for a seed and an end instant; bulk-written in chunks.
 */
import type { Insertable } from 'kysely';
import { insertRows } from '../db/bulk.ts';
import type { Database } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import { dealCreatedLine, dealSearchDocument, stageChangedLine } from '../modules/sales/index.ts';
import { documentRow } from '../platform/search/documents.ts';
import { Rng, SeededIds } from './random.ts';

const DAY = 86_400_000;
const CHUNK = 500;

interface StageSpec {
  name: string;
  probability: number;
  stalledAfterDays: number | null;
  requiredFields: string[];
  playbook: string | null;
  outcome: 'open' | 'won' | 'lost';
}

const NEW_BUSINESS: StageSpec[] = [
  {
    name: 'Qualified',
    probability: 10,
    stalledAfterDays: 14,
    requiredFields: [],
    playbook:
      '## Qualify in the first call\n\n- Who decides, who signs, who uses it?\n- What happens if they do nothing?\n- Budget and timing: this quarter or next?\n\nMove on when you know the decision maker and the pain.',
    outcome: 'open',
  },
  {
    name: 'Discovery',
    probability: 25,
    stalledAfterDays: 21,
    requiredFields: ['people'],
    playbook:
      '## Discovery\n\n1. Map their current process with the people who run it.\n2. Agree on the two or three outcomes that matter.\n3. Book the proposal meeting before you leave.',
    outcome: 'open',
  },
  {
    name: 'Proposal',
    probability: 50,
    stalledAfterDays: 21,
    requiredFields: ['amount', 'expectedCloseDate'],
    playbook:
      '## Proposal\n\n- Send the proposal within two working days of discovery.\n- Walk the decision maker through it, never only by email.\n- [ ] Pricing approved by your manager above GBP 20,000',
    outcome: 'open',
  },
  {
    name: 'Negotiation',
    probability: 75,
    stalledAfterDays: 14,
    requiredFields: ['amount', 'expectedCloseDate'],
    playbook: '## Negotiation\n\nTrade, never give: any discount comes with a longer term or a reference.',
    outcome: 'open',
  },
  { name: 'Won', probability: 100, stalledAfterDays: null, requiredFields: [], playbook: null, outcome: 'won' },
  { name: 'Lost', probability: 0, stalledAfterDays: null, requiredFields: [], playbook: null, outcome: 'lost' },
];

const RENEWALS: StageSpec[] = [
  {
    name: 'Renewal due',
    probability: 60,
    stalledAfterDays: 30,
    requiredFields: [],
    playbook: 'Call the customer 90 days before the end of their term; check usage and open cases first.',
    outcome: 'open',
  },
  {
    name: 'In talks',
    probability: 80,
    stalledAfterDays: 21,
    requiredFields: ['amount'],
    playbook: null,
    outcome: 'open',
  },
  { name: 'Renewed', probability: 100, stalledAfterDays: null, requiredFields: [], playbook: null, outcome: 'won' },
  { name: 'Churned', probability: 0, stalledAfterDays: null, requiredFields: [], playbook: null, outcome: 'lost' },
];

const LOST_REASONS = ['Price', 'Timing', 'Went with a competitor', 'No decision', 'Missing feature'];
const SOURCES: [string, number][] = [
  ['referral', 3],
  ['web_form', 4],
  ['outbound', 3],
  ['event', 1],
  ['partner', 1],
  ['campaign', 2],
];
const DEAL_KINDS = ['Annual licence', 'Pilot', 'Expansion', 'Support plan', 'Onboarding', 'Upgrade', 'Team plan'];
const NEXT_STEPS = [
  'Send the proposal',
  'Book a demo with the team',
  'Call the decision maker',
  'Agree the pilot scope',
  'Chase the signed order form',
  'Review pricing with finance',
];
const ROLES = ['decision_maker', 'champion', 'influencer', 'user', 'blocker'] as const;

export interface SeedSalesOptions {
  seed: number;
  /** The instant the history ends at. */
  nowMs: number;
  /** How many deals (spread over the year before `nowMs`). */
  deals: number;
  currency: string;
  onProgress?: (done: number, total: number) => void;
}

/** Deals for a seeded dataset: about one per two companies, at least 300. */
export function dealCount(companies: number): number {
  return Math.max(300, Math.round(companies / 2));
}

/** Seeds the sales pipelines and deals; does nothing when the workspace already has a pipeline. Returns the deals. */
export async function seedSales(database: Database, opts: SeedSalesOptions): Promise<number> {
  const { db, dialect } = database;
  if (await db.selectFrom('pipelines').select('id').limit(1).executeTakeFirst()) return 0;
  const rng = new Rng(opts.seed * 7919 + 17);
  const ids = new SeededIds(rng.fork());
  const setupMs = opts.nowMs - 400 * DAY;
  const setupAt = new Date(setupMs).toISOString();
  const insert = <T extends keyof DB & string>(table: T, rows: readonly Insertable<DB[T]>[]) =>
    insertRows(db, dialect, table, rows);

  const pipelines = [
    { name: 'New business', stages: NEW_BUSINESS, share: 0.8 },
    { name: 'Renewals', stages: RENEWALS, share: 0.2 },
  ].map((p, position) => ({
    ...p,
    id: ids.at(setupMs + position),
    stages: p.stages.map((s, i) => ({ ...s, id: ids.at(setupMs + 10 + position * 10 + i), position: i })),
  }));
  const reasons = LOST_REASONS.map((label, i) => ({ id: ids.at(setupMs + 100 + i), label }));
  await insert(
    'pipelines',
    pipelines.map((p, position) => ({
      id: p.id,
      name: p.name,
      description: null,
      position,
      archived: 0,
      created_at: setupAt,
      updated_at: setupAt,
    })),
  );
  await insert(
    'pipeline_stages',
    pipelines.flatMap((p) =>
      p.stages.map((s) => ({
        id: s.id,
        pipeline_id: p.id,
        name: s.name,
        position: s.position,
        probability: s.probability,
        stalled_after_days: s.stalledAfterDays,
        required_fields: JSON.stringify(s.requiredFields),
        playbook: s.playbook,
        outcome: s.outcome,
        created_at: setupAt,
        updated_at: setupAt,
      })),
    ),
  );
  const PRICE_LIST: [string, string, number, string][] = [
    ['Team plan (annual, per seat)', 'TEAM-1Y', 360_00, 'Licence for one user for a year'],
    ['Business plan (annual, per seat)', 'BIZ-1Y', 720_00, 'Licence with priority support for one user for a year'],
    ['Onboarding package', 'ONB-STD', 2_500_00, 'Set-up, data import and two training sessions'],
    ['Training day', 'TRN-DAY', 950_00, 'On site or remote, up to 12 people'],
    ['Premium support (annual)', 'SUP-PREM', 4_800_00, 'Four-hour response, a named contact'],
    ['Custom integration (per day)', 'INT-DAY', 1_100_00, 'Our engineers build what your systems need'],
  ];
  await insert(
    'products',
    PRICE_LIST.map(([name, sku, price, description], i) => ({
      id: ids.at(setupMs + 200 + i),
      name,
      sku,
      unit_price_minor: price,
      currency: opts.currency,
      active: 1,
      description,
      version: 1,
      created_at: setupAt,
      updated_at: setupAt,
    })),
  );
  await insert(
    'lost_reasons',
    reasons.map((r, position) => ({ id: r.id, label: r.label, position, active: 1, created_at: setupAt })),
  );

  // Reps: the active sales users with their first team; a company's deals go to its owner when it has one.
  const reps = await db
    .selectFrom('users')
    .innerJoin('roles', 'roles.id', 'users.role_id')
    .leftJoin('user_teams', 'user_teams.user_id', 'users.id')
    .select(['users.id', 'user_teams.team_id'])
    .where('roles.key', '=', 'sales')
    .where('users.active', '=', 1)
    .orderBy('users.id')
    .execute();
  const repTeam = new Map<string, string | null>();
  for (const r of reps) if (!repTeam.has(r.id)) repTeam.set(r.id, r.team_id);
  const repIds = [...repTeam.keys()];
  const companies = await db
    .selectFrom('companies')
    .select(['id', 'name', 'owner_id', 'team_id'])
    .where('deleted_at', 'is', null)
    .orderBy('id')
    .execute();
  if (companies.length === 0 || repIds.length === 0) return 0;

  const sourcePool = SOURCES.flatMap(([s, w]) => Array.from({ length: w }, () => s));
  let written = 0;
  for (let start = 0; start < opts.deals; start += CHUNK) {
    const n = Math.min(CHUNK, opts.deals - start);
    const picked = Array.from({ length: n }, () => companies[rng.int(companies.length)]!);
    const contactRows = await db
      .selectFrom('people')
      .select(['id', 'company_id'])
      .where('company_id', 'in', [...new Set(picked.map((c) => c.id))])
      .where('deleted_at', 'is', null)
      .orderBy('id')
      .execute();
    const contacts = new Map<string, string[]>();
    for (const p of contactRows) contacts.set(p.company_id!, [...(contacts.get(p.company_id!) ?? []), p.id]);

    const deals: Insertable<DB['deals']>[] = [];
    const people: Insertable<DB['deal_people']>[] = [];
    const history: Insertable<DB['deal_stage_history']>[] = [];
    const events: Insertable<DB['events']>[] = [];
    const timeline: Insertable<DB['timeline']>[] = [];
    const documents: Insertable<DB['search_documents']>[] = [];

    for (const company of picked) {
      const pipeline = rng.chance(pipelines[0]!.share) ? pipelines[0]! : pipelines[1]!;
      const open = pipeline.stages.filter((s) => s.outcome === 'open');
      const won = pipeline.stages.find((s) => s.outcome === 'won')!;
      const lost = pipeline.stages.find((s) => s.outcome === 'lost')!;
      const createdMs = opts.nowMs - Math.floor(rng.next() * 365 * DAY) - 3_600_000;
      const id = ids.at(createdMs);
      const ownerId =
        company.owner_id && repTeam.has(company.owner_id) ? company.owner_id : repIds[rng.int(repIds.length)]!;
      const teamId = company.team_id ?? repTeam.get(ownerId) ?? null;
      const amountMinor = Math.round((1_500 + Math.min(rng.pareto(1.4), 40) * 2_000) / 50) * 50 * 100;
      const name =
        pipeline === pipelines[1]
          ? `${company.name} renewal ${new Date(createdMs).getUTCFullYear()}`
          : `${company.name}: ${DEAL_KINDS[rng.int(DEAL_KINDS.length)]}`;
      const dealPeople = (contacts.get(company.id) ?? []).slice(0, 1 + rng.int(2));

      // Walk the stages: each step takes a few days up to about the stage's stalled-after days, and at each step the
      // deal may be lost; a deal whose next step would be after `now` stays open where it is.
      const moves: { stage: (typeof pipeline.stages)[number]; at: number }[] = [{ stage: open[0]!, at: createdMs }];
      for (let i = 0; ; i++) {
        const current = moves[moves.length - 1]!;
        // Some deals of the last months stop moving where they are: the stalled deals every pipeline has.
        if (opts.nowMs - current.at < 120 * DAY && rng.chance(0.12)) break;
        const dwell = (2 + rng.next() * (current.stage.stalledAfterDays ?? 14) * 1.6) * DAY;
        const at = current.at + dwell;
        if (at >= opts.nowMs) break;
        if (rng.chance(0.22)) {
          moves.push({ stage: lost, at });
          break;
        }
        if (i + 1 >= open.length) {
          moves.push({ stage: won, at });
          break;
        }
        moves.push({ stage: open[i + 1]!, at });
      }
      const last = moves[moves.length - 1]!;
      const closed = last.stage.outcome !== 'open';
      const lastAt = new Date(last.at).toISOString();
      const createdAt = new Date(createdMs).toISOString();
      const closeDate = closed
        ? lastAt.slice(0, 10)
        : new Date(Math.max(last.at, opts.nowMs) + (7 + rng.int(90)) * DAY).toISOString().slice(0, 10);
      const lateOpen = !closed && open.indexOf(last.stage) >= open.length - 2;
      const row = {
        id,
        name,
        pipeline_id: pipeline.id,
        stage_id: last.stage.id,
        amount_minor: amountMinor,
        currency: opts.currency,
        expected_close_date: closeDate,
        company_id: company.id,
        owner_id: ownerId,
        team_id: teamId,
        source: sourcePool[rng.int(sourcePool.length)]!,
        next_step: closed ? null : NEXT_STEPS[rng.int(NEXT_STEPS.length)]!,
        next_step_date: closed ? null : new Date(opts.nowMs + (rng.int(18) - 4) * DAY).toISOString().slice(0, 10),
        commit_flag: lateOpen && rng.chance(0.5) ? 1 : 0,
        lost_reason_id: last.stage.outcome === 'lost' ? reasons[rng.int(reasons.length)]!.id : null,
        lost_note: null,
        closed_at: closed ? lastAt : null,
        stage_entered_at: lastAt,
        tags: '[]',
        custom_fields: '{}',
        version: 1 + moves.length - 1,
        created_by: ownerId,
        created_at: createdAt,
        updated_at: lastAt,
        deleted_at: null,
      };
      deals.push(row);
      for (const [position, personId] of dealPeople.entries()) {
        people.push({
          deal_id: id,
          person_id: personId,
          role: position === 0 ? 'decision_maker' : ROLES[1 + rng.int(4)]!,
          position,
        });
      }
      documents.push(documentRow(dealSearchDocument(row), lastAt));

      const event = (type: string, atMs: number, summary: string, payload: Record<string, unknown>) => {
        const eventId = ids.at(atMs);
        const at = new Date(atMs).toISOString();
        const body = JSON.stringify(payload);
        events.push({ id: eventId, at, type, actor_id: ownerId, object: 'deals', record_id: id, payload: body });
        const base = {
          at,
          event_id: eventId,
          type,
          department: 'sales',
          actor_id: ownerId,
          object: 'deals',
          record_id: id,
          summary,
          payload: body,
        };
        timeline.push({
          ...base,
          id: ids.at(atMs),
          person_id: null,
          company_id: company.id,
          subject_kind: 'deals',
          subject_id: id,
        });
        return {
          base,
          also: (personIds: string[]) => {
            for (const p of personIds) {
              timeline.push({
                ...base,
                id: ids.at(atMs),
                person_id: p,
                company_id: null,
                subject_kind: 'people',
                subject_id: p,
              });
            }
          },
        };
      };
      event(
        'deal.created',
        createdMs,
        dealCreatedLine({ name, stageName: open[0]!.name, amount: { amountMinor, currency: opts.currency } }),
        {
          dealId: id,
          pipelineId: pipeline.id,
          stageId: open[0]!.id,
          companyId: company.id,
          changes: {},
        },
      );
      history.push({
        id: ids.at(createdMs),
        deal_id: id,
        pipeline_id: pipeline.id,
        from_stage_id: null,
        to_stage_id: open[0]!.id,
        changed_at: createdAt,
        changed_by: ownerId,
        days_in_stage: null,
      });
      for (let m = 1; m < moves.length; m++) {
        const from = moves[m - 1]!;
        const to = moves[m]!;
        const days = (to.at - from.at) / DAY;
        history.push({
          id: ids.at(to.at),
          deal_id: id,
          pipeline_id: pipeline.id,
          from_stage_id: from.stage.id,
          to_stage_id: to.stage.id,
          changed_at: new Date(to.at).toISOString(),
          changed_by: ownerId,
          days_in_stage: days,
        });
        event(
          'deal.stage_changed',
          to.at,
          stageChangedLine({ name, from: from.stage.name, to: to.stage.name, outcome: to.stage.outcome, days }),
          {
            dealId: id,
            pipelineId: pipeline.id,
            fromStageId: from.stage.id,
            toStageId: to.stage.id,
            outcome: to.stage.outcome,
            daysInStage: days,
            companyId: company.id,
            personIds: dealPeople,
          },
        ).also(dealPeople);
      }
    }
    await db.transaction().execute(async (trx) => {
      for (const [table, rows] of [
        ['deals', deals],
        ['deal_people', people],
        ['deal_stage_history', history],
        ['events', events],
        ['timeline', timeline],
        ['search_documents', documents],
      ] as const) {
        for (let i = 0; i < rows.length; i += CHUNK) {
          await insertRows(trx, dialect, table, rows.slice(i, i + CHUNK) as never);
        }
      }
    });
    written += n;
    opts.onProgress?.(written, opts.deals);
  }

  // Each sales rep's quota this quarter and this year, so the forecast and the home page have targets.
  const quarterStart = new Date(opts.nowMs);
  const q = Math.floor(quarterStart.getUTCMonth() / 3) + 1;
  const year = quarterStart.getUTCFullYear();
  const quotaAt = new Date(opts.nowMs).toISOString();
  await insert(
    'quotas',
    repIds.flatMap((repId, i) => [
      {
        id: ids.at(opts.nowMs - DAY + i * 2),
        subject_kind: 'user' as const,
        subject_id: repId,
        period: `${year}-Q${q}`,
        amount_minor: (60_000 + 10_000 * (i % 3)) * 100,
        currency: opts.currency,
        deal_count: 6,
        created_at: quotaAt,
        updated_at: quotaAt,
      },
      {
        id: ids.at(opts.nowMs - DAY + i * 2 + 1),
        subject_kind: 'user' as const,
        subject_id: repId,
        period: String(year),
        amount_minor: (240_000 + 40_000 * (i % 3)) * 100,
        currency: opts.currency,
        deal_count: 24,
        created_at: quotaAt,
        updated_at: quotaAt,
      },
    ]),
  );
  return written;
}
