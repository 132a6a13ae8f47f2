import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { dealCreatedLine, stageChangedLine } from '../modules/sales/index.ts';
import { testDatabase } from '../test/harness.ts';
import { DEFAULT_SEED_NOW } from './generate.ts';
import { dealCount } from './sales.ts';
import { seedWorkspace } from './seed.ts';

let database: Database;
let drop: () => Promise<void>;
let deals: number;

beforeAll(async () => {
  const t = await testDatabase();
  database = t.database;
  drop = t.drop;
  deals = (await seedWorkspace(database, { scale: 500, now: DEFAULT_SEED_NOW })).deals;
}, 120_000);
afterAll(() => drop());

describe('seeded sales', () => {
  it('has two described pipelines, lost reasons, a year of deals and quotas for the reps', async () => {
    const { db } = database;
    expect(deals).toBe(dealCount(100));
    const pipelines = await db.selectFrom('pipelines').select('name').orderBy('position').execute();
    expect(pipelines.map((p) => p.name)).toEqual(['New business', 'Renewals']);
    const stages = await db.selectFrom('pipeline_stages').selectAll().execute();
    expect(stages.filter((s) => s.playbook).length).toBeGreaterThan(3);
    expect(
      Number(
        (
          await db
            .selectFrom('deals')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ).toBe(deals);
    const outcomes = await db
      .selectFrom('deals')
      .innerJoin('pipeline_stages as st', 'st.id', 'deals.stage_id')
      .select(['st.outcome', (eb) => eb.fn.countAll().as('n')])
      .groupBy('st.outcome')
      .execute();
    const by = Object.fromEntries(outcomes.map((o) => [o.outcome, Number(o.n)]));
    // A realistic mix: some won, more lost, a good share still open.
    expect(by.won).toBeGreaterThan(deals * 0.05);
    expect(by.lost).toBeGreaterThan(deals * 0.2);
    expect(by.open).toBeGreaterThan(deals * 0.1);
    const end = Date.parse(DEFAULT_SEED_NOW);
    const span = await db
      .selectFrom('deals')
      .select(['created_at', 'closed_at', 'lost_reason_id', 'stage_id'])
      .execute();
    for (const d of span) {
      expect(Date.parse(d.created_at)).toBeGreaterThan(end - 366 * 86_400_000);
      expect(Date.parse(d.created_at)).toBeLessThan(end);
    }
    const quotas = await db.selectFrom('quotas').selectAll().execute();
    expect(quotas.length).toBeGreaterThan(0);
    const products = await db.selectFrom('products').select(['sku', 'active']).execute();
    expect(products.length).toBeGreaterThan(3);
    expect(new Set(products.map((p) => p.sku)).size).toBe(products.length);
  });

  it("every deal's stage history starts where it opened and ends in its stage; closed deals are dated, lost ones have a reason", async () => {
    const { db } = database;
    const rows = await db
      .selectFrom('deals')
      .innerJoin('pipeline_stages as st', 'st.id', 'deals.stage_id')
      .select(['deals.id', 'deals.stage_id', 'deals.closed_at', 'deals.lost_reason_id', 'st.outcome'])
      .execute();
    const history = await db.selectFrom('deal_stage_history').selectAll().orderBy('changed_at').orderBy('id').execute();
    const byDeal = new Map<string, typeof history>();
    for (const h of history) byDeal.set(h.deal_id, [...(byDeal.get(h.deal_id) ?? []), h]);
    for (const d of rows) {
      const steps = byDeal.get(d.id) ?? [];
      expect(steps[0]?.from_stage_id).toBeNull();
      expect(steps.at(-1)?.to_stage_id).toBe(d.stage_id);
      for (let i = 1; i < steps.length; i++) expect(steps[i]?.from_stage_id).toBe(steps[i - 1]?.to_stage_id);
      expect(d.closed_at === null).toBe(d.outcome === 'open');
      expect(d.lost_reason_id !== null).toBe(d.outcome === 'lost');
    }
  });

  it('writes the timeline lines the app writes, on the deal, its company and its people', async () => {
    const { db } = database;
    const deal = await db
      .selectFrom('deals')
      .innerJoin('pipeline_stages as st', 'st.id', 'deals.stage_id')
      .select(['deals.id', 'deals.name', 'deals.company_id', 'st.outcome', 'st.name as stage_name'])
      .where('st.outcome', '=', 'won')
      .orderBy('deals.id')
      .executeTakeFirstOrThrow();
    const entries = await db
      .selectFrom('timeline')
      .selectAll()
      .where('object', '=', 'deals')
      .where('record_id', '=', deal.id)
      .orderBy('at')
      .execute();
    const history = await db
      .selectFrom('deal_stage_history as h')
      .innerJoin('pipeline_stages as f', 'f.id', 'h.from_stage_id')
      .innerJoin('pipeline_stages as t', 't.id', 'h.to_stage_id')
      .select(['f.name as from', 't.name as to', 't.outcome', 'h.days_in_stage'])
      .where('h.deal_id', '=', deal.id)
      .orderBy('h.changed_at')
      .execute();
    const onDeal = entries.filter((e) => e.subject_kind === 'deals');
    const first = await db
      .selectFrom('deal_stage_history as h')
      .innerJoin('pipeline_stages as t', 't.id', 'h.to_stage_id')
      .select('t.name')
      .where('h.deal_id', '=', deal.id)
      .where('h.from_stage_id', 'is', null)
      .executeTakeFirstOrThrow();
    const row = await db
      .selectFrom('deals')
      .select(['amount_minor', 'currency'])
      .where('id', '=', deal.id)
      .executeTakeFirstOrThrow();
    expect(onDeal.map((e) => e.summary)).toEqual([
      dealCreatedLine({
        name: deal.name,
        stageName: first.name,
        amount: { amountMinor: Number(row.amount_minor), currency: row.currency! },
      }),
      ...history.map((h) =>
        stageChangedLine({
          name: deal.name,
          from: h.from,
          to: h.to,
          outcome: h.outcome,
          days: Number(h.days_in_stage),
        }),
      ),
    ]);
    expect(onDeal.every((e) => e.company_id === deal.company_id)).toBe(true);
    const people = await db.selectFrom('deal_people').select('person_id').where('deal_id', '=', deal.id).execute();
    const onPeople = entries.filter((e) => e.subject_kind === 'people');
    expect(onPeople).toHaveLength(people.length * history.length);
    const events = await db
      .selectFrom('events')
      .select('id')
      .where('object', '=', 'deals')
      .where('record_id', '=', deal.id)
      .execute();
    expect(events).toHaveLength(1 + history.length);
    const doc = await db
      .selectFrom('search_documents')
      .selectAll()
      .where('kind', '=', 'deals')
      .where('record_id', '=', deal.id)
      .executeTakeFirst();
    expect(doc?.title).toBe(deal.name);
  });
});
