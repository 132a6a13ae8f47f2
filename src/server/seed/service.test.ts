import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { caseStatusLine, NO_CLOCK } from '../modules/service/index.ts';
import { createServices } from '../services.ts';
import { testConfig, testDatabase } from '../test/harness.ts';
import { DEFAULT_SEED_NOW } from './generate.ts';
import { seedWorkspace } from './seed.ts';
import { bankHolidays, CASE_TYPES, COST_RATES, caseCount } from './service.ts';

let database: Database;
let drop: () => Promise<void>;
let cases: number;
const end = Date.parse(DEFAULT_SEED_NOW);
const DAY = 86_400_000;

beforeAll(async () => {
  const t = await testDatabase();
  database = t.database;
  drop = t.drop;
  cases = (await seedWorkspace(database, { scale: 500, now: DEFAULT_SEED_NOW })).cases;
}, 120_000);
afterAll(() => drop());

describe('seeded service', () => {
  it('has described case types, SLA policies by priority, bank holidays and a year of cases', async () => {
    const { db } = database;
    expect(cases).toBe(caseCount(100));
    const types = await db.selectFrom('case_types').selectAll().orderBy('position').execute();
    expect(types.map((t) => t.name)).toEqual(CASE_TYPES.map((t) => t.name));
    expect(types.every((t) => t.process && t.default_queue_id)).toBe(true);
    const policies = await db.selectFrom('sla_policies').select('priority').execute();
    expect(policies.map((p) => p.priority).sort()).toEqual(['high', 'low', 'normal', 'urgent']);
    expect((await db.selectFrom('holidays').select('date').execute()).length).toBe(18);
    const rows = await db.selectFrom('cases').selectAll().orderBy('reference').execute();
    expect(rows).toHaveLength(cases);
    const by = (s: string) => rows.filter((r) => r.status === s).length;
    // A realistic desk: most cases done, some open or waiting on the customer, a few reopened.
    expect(by('closed') + by('resolved')).toBeGreaterThan(cases * 0.8);
    expect(by('closed')).toBeGreaterThan(cases * 0.7);
    expect(rows.some((r) => r.reopen_count > 0)).toBe(true);
    expect(rows.some((r) => Number(r.pending_count) > 0)).toBe(true);
    for (const r of rows) {
      expect(Date.parse(r.opened_at)).toBeGreaterThan(end - 367 * DAY);
      expect(Date.parse(r.opened_at)).toBeLessThan(end);
      expect(r.updated_at <= new Date(end).toISOString()).toBe(true);
      if (r.status === 'resolved' || r.status === 'closed') expect(r.sla_due_at).toBe(NO_CLOCK);
      else expect(r.resolved_at).toBeNull();
    }
    // References are C-1001 on, and the counter continues after the last one.
    expect(rows[0]!.reference).toBe('C-1001');
    const seq = await db.selectFrom('sequences').select('value').where('name', '=', 'cases').executeTakeFirstOrThrow();
    expect(seq.value).toBe(1000 + cases);
  });

  it("writes each case's history as the app would: events, timeline lines, the status on the row", async () => {
    const { db } = database;
    const sample = await db.selectFrom('cases').selectAll().orderBy('id').limit(60).execute();
    for (const c of sample) {
      const events = await db
        .selectFrom('events')
        .select(['type', 'payload'])
        .where('record_id', '=', c.id)
        .orderBy('id')
        .execute();
      expect(events[0]!.type).toBe('case.created');
      const changes = events
        .filter((e) => e.type === 'case.status_changed')
        .map((e) => JSON.parse(e.payload) as { fromStatus: string; toStatus: string });
      const last = changes.at(-1);
      expect(last?.toStatus ?? 'new').toBe(c.status);
      const lines = await db.selectFrom('timeline').select('summary').where('record_id', '=', c.id).execute();
      if (last)
        expect(lines.map((l) => l.summary)).toContain(
          caseStatusLine(c.reference, last.fromStatus as never, last.toStatus as never),
        );
    }
  });

  it('gives the service metrics a believable year (rebuilt from the seeded events)', async () => {
    const services = createServices(database, testConfig());
    await services.metricRollups.rebuild();
    const q = { from: new Date(end - 365 * DAY).toISOString().slice(0, 10), to: DEFAULT_SEED_NOW.slice(0, 10) };
    const value = async (id: string) => (await services.metrics.valueForAll(id, q)).value;
    expect(await value('service.cases_opened')).toBe(cases);
    const fcr = (await value('service.fcr_rate'))!;
    expect(fcr).toBeGreaterThan(0.4);
    expect(fcr).toBeLessThan(0.85);
    const sla = (await value('service.sla_met_rate'))!;
    expect(sla).toBeGreaterThan(0.6);
    expect(sla).toBeLessThan(1);
    expect(await value('service.reopen_rate')).toBeGreaterThan(0);
    // Costs: every case's channel cost plus the time logged on it, so the cost per case lies between the cheapest
    // channel alone and the dearest channel with an hour and a half of agent time.
    const perCase = (await value('service.cost_per_case'))!;
    expect(perCase).toBeGreaterThan(COST_RATES.channels.portal);
    expect(perCase).toBeLessThan(COST_RATES.channels['walk-in'] + 90 * COST_RATES.agentMinute);
    const total = await database.db
      .selectFrom('case_costs')
      .select((eb) => eb.fn.sum<number>('cost_minor').as('sum'))
      .executeTakeFirstOrThrow();
    const costFrom = new Date(end - 365 * DAY).toISOString().slice(0, 10);
    const inYear = await database.db
      .selectFrom('case_costs')
      .select((eb) => eb.fn.sum<number>('cost_minor').as('sum'))
      .where('at', '>=', costFrom)
      .executeTakeFirstOrThrow();
    expect(Number(total.sum)).toBeGreaterThan(0);
    expect(await value('service.cost')).toBe(Number(inYear.sum));
    // CSAT: some of the resolved cases were rated (only resolved ones, after their resolution), and the metric is the
    // mean of the ratings given in the year.
    const ratings = await database.db
      .selectFrom('case_ratings')
      .innerJoin('cases', 'cases.id', 'case_ratings.case_id')
      .select(['case_ratings.score', 'case_ratings.rated_at', 'cases.status', 'cases.resolved_at'])
      .execute();
    expect(ratings.length).toBeGreaterThan(cases * 0.15);
    expect(ratings.length).toBeLessThan(cases * 0.5);
    for (const r of ratings) {
      expect(['resolved', 'closed']).toContain(r.status);
      expect(r.rated_at > r.resolved_at!).toBe(true);
      expect(r.rated_at <= DEFAULT_SEED_NOW).toBe(true);
    }
    const inPeriod = ratings.filter((r) => r.rated_at.slice(0, 10) >= q.from);
    const csat = (await value('service.csat'))!;
    expect(csat).toBeCloseTo(inPeriod.reduce((n, r) => n + Number(r.score), 0) / inPeriod.length, 6);
    expect(csat).toBeGreaterThan(3);
    expect(csat).toBeLessThan(4.8);
    // The backlog at the end of the year is the cases still open.
    const open = await database.db
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', 'in', ['new', 'open', 'pending_customer'])
      .executeTakeFirstOrThrow();
    expect(await value('service.backlog')).toBe(Number(open.n));
  });

  it('knows the fixed-rule bank holidays', () => {
    expect(bankHolidays([2027]).map((h) => h.date)).toEqual([
      '2027-01-01',
      '2027-05-03',
      '2027-05-31',
      '2027-08-30',
      '2027-12-25',
      '2027-12-26',
    ]);
  });
});
