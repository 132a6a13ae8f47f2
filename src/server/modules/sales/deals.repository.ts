/** All SQL for deals, the people on them and their stage history. Lists and aggregates apply the visibility scope. */
import { type Expression, type RawBuilder, type Selectable, type SqlBool, sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { DealsTable } from '../../db/schema.ts';
import type { Scope } from '../../platform/access/policy.ts';
import { visibleTo } from '../../platform/access/scope-sql.ts';
import { teamNameSql, userNameSql } from '../identity/index.ts';

export type DealRow = Selectable<DealsTable>;

/** What a deal's response shows beside its own columns, read with the row in the same query. */
export interface DealRelations {
  pipeline_name: string | null;
  stage_name: string | null;
  stage_probability: number | null;
  stage_outcome: 'open' | 'won' | 'lost' | null;
  stage_stalled_after_days: number | null;
  owner_name: string | null;
  team_name: string | null;
  /** Null when the company is deleted or the reader may not see it. */
  company_name: string | null;
  lost_reason_label: string | null;
}

export type DealRecord = DealRow & DealRelations;

/** A deal with the names it shows, in one query; `companyName` is the reader's visible-name SQL for `deals.company_id`. */
export function records(db: Executor, companyName: RawBuilder<string | null>) {
  // Correlated lookups rather than joins: the kernel locks the row it updates (FOR UPDATE on PostgreSQL), which an
  // outer join's nullable side does not allow.
  const stage = <T>(column: string) =>
    sql<T>`(select ${sql.ref(`st.${column}`)} from pipeline_stages st where st.id = deals.stage_id)`;
  return db
    .selectFrom('deals')
    .selectAll('deals')
    .select([
      sql<string | null>`(select pl.name from pipelines pl where pl.id = deals.pipeline_id)`.as('pipeline_name'),
      stage<string | null>('name').as('stage_name'),
      stage<number | null>('probability').as('stage_probability'),
      stage<'open' | 'won' | 'lost' | null>('outcome').as('stage_outcome'),
      stage<number | null>('stalled_after_days').as('stage_stalled_after_days'),
      sql<string | null>`(select lr.label from lost_reasons lr where lr.id = deals.lost_reason_id)`.as(
        'lost_reason_label',
      ),
      userNameSql('deals.owner_id').as('owner_name'),
      teamNameSql('deals.team_id').as('team_name'),
      companyName.as('company_name'),
    ]);
}

export interface DealPersonRow {
  deal_id: string;
  person_id: string;
  role: string;
  position: number;
}

export function peopleOf(db: Executor, dealIds: string[]): Promise<DealPersonRow[]> {
  if (dealIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('deal_people')
    .selectAll()
    .where('deal_id', 'in', dealIds)
    .orderBy('deal_id')
    .orderBy('position')
    .execute();
}

export async function replacePeople(db: Executor, dealId: string, people: { personId: string; role: string }[]) {
  await db.deleteFrom('deal_people').where('deal_id', '=', dealId).execute();
  if (people.length === 0) return;
  await db
    .insertInto('deal_people')
    .values(people.map((p, i) => ({ deal_id: dealId, person_id: p.personId, role: p.role, position: i })))
    .execute();
}

/** The deals a person is on (for their timeline and the context card). */
export async function dealIdsOfPerson(db: Executor, personId: string): Promise<string[]> {
  const rows = await db.selectFrom('deal_people').select('deal_id').where('person_id', '=', personId).execute();
  return rows.map((r) => r.deal_id);
}

export function findRow(db: Executor, id: string): Promise<DealRow | undefined> {
  return db.selectFrom('deals').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function setStageFacts(
  db: Executor,
  id: string,
  facts: { stage_entered_at: string; closed_at: string | null },
): Promise<void> {
  await db.updateTable('deals').set(facts).where('id', '=', id).execute();
}

export async function insertStageChange(
  db: Executor,
  row: {
    id: string;
    deal_id: string;
    pipeline_id: string;
    from_stage_id: string | null;
    to_stage_id: string;
    changed_at: string;
    changed_by: string | null;
    days_in_stage: number | null;
  },
): Promise<void> {
  await db.insertInto('deal_stage_history').values(row).execute();
}

export function stageHistory(db: Executor, dealId: string) {
  return db
    .selectFrom('deal_stage_history as h')
    .leftJoin('pipeline_stages as f', 'f.id', 'h.from_stage_id')
    .leftJoin('pipeline_stages as t', 't.id', 'h.to_stage_id')
    .select([
      'h.id',
      'h.from_stage_id',
      'f.name as from_name',
      'h.to_stage_id',
      't.name as to_name',
      'h.changed_at',
      'h.changed_by',
      userNameSql('h.changed_by').as('changed_by_name'),
      'h.days_in_stage',
    ])
    .where('h.deal_id', '=', dealId)
    .orderBy('h.changed_at', 'desc')
    .orderBy('h.id', 'desc')
    .execute();
}

/** Per stage of a pipeline: count, and sums of amount and weighted amount in `currency`, over visible live deals. */
export async function boardTotals(
  db: Executor,
  scope: Scope,
  pipelineId: string,
  currency: string,
  where: Expression<SqlBool>[],
) {
  let qb = db
    .selectFrom('deals')
    .select([
      'deals.stage_id',
      sql<number | string>`count(*)`.as('n'),
      sql<number | string | null>`sum(case when deals.currency = ${currency} then deals.amount_minor else 0 end)`.as(
        'amount',
      ),
      sql<
        number | string
      >`sum(case when deals.currency is not null and deals.currency <> ${currency} then 1 else 0 end)`.as(
        'other_currency',
      ),
    ])
    .where('deals.pipeline_id', '=', pipelineId)
    .where('deals.deleted_at', 'is', null)
    .where(visibleTo(scope, 'deals'));
  for (const w of where) qb = qb.where(w);
  return qb.groupBy('deals.stage_id').execute();
}

/** The first `limit` visible live deal ids of one stage, most valuable first. */
export async function stagePage(
  db: Executor,
  scope: Scope,
  stageId: string,
  where: Expression<SqlBool>[],
  limit: number,
): Promise<string[]> {
  let qb = db
    .selectFrom('deals')
    .select('deals.id')
    .where('deals.stage_id', '=', stageId)
    .where('deals.deleted_at', 'is', null)
    .where(visibleTo(scope, 'deals'));
  for (const w of where) qb = qb.where(w);
  const rows = await qb
    .orderBy('deals.amount_minor', (ob) => ob.desc().nullsLast())
    .orderBy('deals.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

export interface ForecastDealRow {
  key: string | null;
  outcome: string;
  probability: number;
  amount_minor: number | string | null;
  commit_flag: number;
  n: number | string;
}

/**
 * Visible live deals of the pipelines asked for, in `currency`, grouped by owner or team and by stage outcome,
 * probability and commit flag: open deals by expected close date in [from, to), won deals by close date.
 */
export async function forecastRows(
  db: Executor,
  scope: Scope,
  opts: { pipelineId?: string; from: string; to: string; by: 'owner' | 'team'; currency: string },
): Promise<ForecastDealRow[]> {
  const keyCol = opts.by === 'owner' ? 'deals.owner_id' : 'deals.team_id';
  let qb = db
    .selectFrom('deals')
    .innerJoin('pipeline_stages as st', 'st.id', 'deals.stage_id')
    .select([
      sql<string | null>`${sql.ref(keyCol)}`.as('key'),
      'st.outcome as outcome',
      'st.probability as probability',
      'deals.commit_flag',
      sql<number | string | null>`sum(deals.amount_minor)`.as('amount_minor'),
      sql<number | string>`count(*)`.as('n'),
    ])
    .where('deals.deleted_at', 'is', null)
    .where('deals.currency', '=', opts.currency)
    .where(visibleTo(scope, 'deals'))
    .where((eb) =>
      eb.or([
        eb.and([
          eb('st.outcome', '=', 'open'),
          eb('deals.expected_close_date', '>=', opts.from),
          eb('deals.expected_close_date', '<', opts.to),
        ]),
        eb.and([
          eb('st.outcome', '=', 'won'),
          eb('deals.closed_at', '>=', opts.from),
          eb('deals.closed_at', '<', opts.to),
        ]),
      ]),
    );
  if (opts.pipelineId) qb = qb.where('deals.pipeline_id', '=', opts.pipelineId);
  return qb.groupBy([sql.ref(keyCol), 'st.outcome', 'st.probability', 'deals.commit_flag']).execute() as Promise<
    ForecastDealRow[]
  >;
}

export function dealNames(db: Executor, ids: string[]): Promise<{ id: string; name: string }[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('deals').select(['id', 'name']).where('id', 'in', ids).execute();
}

/** Deals an owner won (entered a won stage) in [from, to). */
export async function wonCount(db: Executor, ownerId: string, from: string, to: string): Promise<number> {
  const r = await db
    .selectFrom('deals')
    .innerJoin('pipeline_stages as st', 'st.id', 'deals.stage_id')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('deals.owner_id', '=', ownerId)
    .where('deals.deleted_at', 'is', null)
    .where('st.outcome', '=', 'won')
    .where('deals.closed_at', '>=', from)
    .where('deals.closed_at', '<', to)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Closed deals in [from, to) per owner or team and outcome: count, amount in `currency`, and days from open to close. */
export async function closedFacts(
  db: Executor,
  dialect: 'sqlite' | 'postgres',
  scope: Scope,
  opts: { by: 'owner' | 'team'; from: string; to: string; currency: string; pipelineId?: string },
) {
  const keyCol = opts.by === 'owner' ? 'deals.owner_id' : 'deals.team_id';
  const days =
    dialect === 'postgres'
      ? sql<number>`extract(epoch from (deals.closed_at::timestamptz - deals.created_at::timestamptz)) / 86400.0`
      : sql<number>`julianday(deals.closed_at) - julianday(deals.created_at)`;
  let qb = db
    .selectFrom('deals')
    .innerJoin('pipeline_stages as st', 'st.id', 'deals.stage_id')
    .select([
      sql<string | null>`${sql.ref(keyCol)}`.as('key'),
      'st.outcome as outcome',
      sql<number | string>`count(*)`.as('n'),
      sql<
        number | string | null
      >`sum(case when deals.currency = ${opts.currency} then deals.amount_minor else 0 end)`.as('amount'),
      sql<number | string | null>`sum(${days})`.as('days'),
    ])
    .where('deals.deleted_at', 'is', null)
    .where('st.outcome', 'in', ['won', 'lost'])
    .where('deals.closed_at', '>=', opts.from)
    .where('deals.closed_at', '<', opts.to)
    .where(visibleTo(scope, 'deals'));
  if (opts.pipelineId) qb = qb.where('deals.pipeline_id', '=', opts.pipelineId);
  return qb.groupBy([sql.ref(keyCol), 'st.outcome']).execute();
}

/** Open deals longer in their stage than the stage allows, as of `at`, per owner or team. */
export async function stalledCounts(
  db: Executor,
  scope: Scope,
  opts: { by: 'owner' | 'team'; at: number; stages: { id: string; stalledAfterDays: number }[] },
): Promise<Map<string | null, number>> {
  const keyCol = opts.by === 'owner' ? 'deals.owner_id' : 'deals.team_id';
  const out = new Map<string | null, number>();
  for (const s of opts.stages) {
    const before = new Date(opts.at - s.stalledAfterDays * 86_400_000).toISOString();
    const rows = await db
      .selectFrom('deals')
      .select([sql<string | null>`${sql.ref(keyCol)}`.as('key'), sql<number | string>`count(*)`.as('n')])
      .where('deals.stage_id', '=', s.id)
      .where('deals.deleted_at', 'is', null)
      .where('deals.stage_entered_at', '<', before)
      .where(visibleTo(scope, 'deals'))
      .groupBy(sql.ref(keyCol))
      .execute();
    for (const r of rows) out.set(r.key, (out.get(r.key) ?? 0) + Number(r.n));
  }
  return out;
}

/** Visible deals that entered `stageId` in [from, to), and how many of them later entered one of `next`. */
export async function funnelStep(
  db: Executor,
  scope: Scope,
  opts: { stageId: string; next: string[]; from: string; to: string },
): Promise<{ entered: number; reachedNext: number }> {
  const base = db
    .selectFrom('deal_stage_history as h')
    .innerJoin('deals', 'deals.id', 'h.deal_id')
    .where('h.to_stage_id', '=', opts.stageId)
    .where('h.changed_at', '>=', opts.from)
    .where('h.changed_at', '<', opts.to)
    .where('deals.deleted_at', 'is', null)
    .where(visibleTo(scope, 'deals'));
  const entered = await base.select(sql<number | string>`count(distinct h.deal_id)`.as('n')).executeTakeFirst();
  const reached =
    opts.next.length === 0
      ? { n: 0 }
      : await base
          .where(({ exists, selectFrom }) =>
            exists(
              selectFrom('deal_stage_history as h2')
                .select(sql`1`.as('one'))
                .whereRef('h2.deal_id', '=', 'h.deal_id')
                .where('h2.to_stage_id', 'in', opts.next)
                .whereRef('h2.changed_at', '>=', 'h.changed_at'),
            ),
          )
          .select(sql<number | string>`count(distinct h.deal_id)`.as('n'))
          .executeTakeFirst();
  return { entered: Number(entered?.n ?? 0), reachedNext: Number(reached?.n ?? 0) };
}

/** Open deals (visible, live) per company or per person among `ids`: how many, and their total in `currency`. */
export async function openDealsBy(
  db: Executor,
  scope: Scope,
  subject: { kind: 'people' | 'companies'; ids: string[] },
  currency: string,
): Promise<{ key: string; n: number | string; amount: number | string | null }[]> {
  if (subject.ids.length === 0) return [];
  const base = db
    .selectFrom('deals')
    .innerJoin('pipeline_stages as st', 'st.id', 'deals.stage_id')
    .where('deals.deleted_at', 'is', null)
    .where('st.outcome', '=', 'open')
    .where(visibleTo(scope, 'deals'));
  const sums = [
    sql<number | string>`count(*)`.as('n'),
    sql<number | string | null>`sum(case when deals.currency = ${currency} then deals.amount_minor else 0 end)`.as(
      'amount',
    ),
  ] as const;
  if (subject.kind === 'companies') {
    return base
      .select([sql<string>`deals.company_id`.as('key'), ...sums])
      .where('deals.company_id', 'in', subject.ids)
      .groupBy('deals.company_id')
      .execute();
  }
  return base
    .innerJoin('deal_people as dp', 'dp.deal_id', 'deals.id')
    .select([sql<string>`dp.person_id`.as('key'), ...sums])
    .where('dp.person_id', 'in', subject.ids)
    .groupBy('dp.person_id')
    .execute();
}
