import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, json, login, type Session, type TestContext, type TestUser, testApp } from '../../test/harness.ts';
import { periodOf, periodParts, periodRange } from './periods.ts';

let t: TestContext;
let admin: Session;
let rep: TestUser;
let repS: Session;
let other: TestUser;
let otherS: Session;
let currency: string;
let pipeline: { id: string; stages: { id: string; name: string }[] };
let teamId: string;

interface Money {
  amountMinor: number;
  currency: string;
}
interface Problem {
  code: string;
  errors?: { pointer: string; detail: string }[];
}

const thisQuarter = periodOf(new Date(), 'quarter');
const stageId = (name: string) => pipeline.stages.find((s) => s.name === name)!.id;

beforeAll(async () => {
  t = await testApp();
  admin = await login(t.app, (await createUser(t.services, 'admin', 'North')).email);
  rep = await createUser(t.services, 'sales', 'North', 'rep');
  repS = await login(t.app, rep.email);
  other = await createUser(t.services, 'sales', 'North', 'other');
  otherS = await login(t.app, other.email);
  currency = (await t.services.workspace.get()).defaultCurrency;
  teamId = (
    await t.services.database.db.selectFrom('teams').select('id').where('name', '=', 'North').executeTakeFirstOrThrow()
  ).id;
  pipeline = json(
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/pipelines',
      headers: admin.headers,
      payload: {
        name: 'Perf',
        stages: [
          { name: 'Early', probability: 10, stalledAfterDays: 5 },
          { name: 'Late', probability: 50 },
          { name: 'Won', outcome: 'won' },
          { name: 'Lost', outcome: 'lost' },
        ],
      },
    }),
  );
  await t.app.inject({
    method: 'PUT',
    url: '/api/v1/lost-reasons',
    headers: admin.headers,
    payload: { reasons: [{ label: 'Price' }] },
  });
});
afterAll(() => t.close());

const setQuotas = (s: Session, quotas: object[]) =>
  t.app.inject({ method: 'PUT', url: '/api/v1/quotas', headers: s.headers, payload: { quotas } });

async function deal(s: Session, name: string, amountMinor: number, stage = 'Early') {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/deals',
    headers: s.headers,
    payload: { name, pipelineId: pipeline.id, stageId: stageId(stage), amount: { amountMinor, currency } },
  });
  expect(res.statusCode).toBe(201);
  return json<{ id: string; version: number }>(res);
}
const move = async (s: Session, id: string, stage: string, extra: object = {}) => {
  const res = await t.app.inject({
    method: 'PATCH',
    url: `/api/v1/deals/${id}`,
    headers: s.headers,
    payload: { stageId: stageId(stage), ...extra },
  });
  expect(res.statusCode).toBe(200);
};

describe('quotas', () => {
  it('admins set quotas per user and team, a quarter as its three months; all or nothing', async () => {
    const months = periodParts(thisQuarter)[0]!;
    const res = await setQuotas(admin, [
      ...months.map((period) => ({
        subjectKind: 'user',
        subjectId: rep.id,
        period,
        amount: { amountMinor: 100_000, currency },
      })),
      {
        subjectKind: 'team',
        subjectId: teamId,
        period: thisQuarter,
        amount: { amountMinor: 1_000_000, currency },
        dealCount: 10,
      },
    ]);
    expect(res.statusCode).toBe(200);
    expect(json<{ data: unknown[] }>(res).data).toHaveLength(4);
    const listed = json<{ data: { subjectName: string; period: string; amount: Money | null }[] }>(
      await t.app.inject({ url: `/api/v1/quotas?period=${thisQuarter}`, headers: repS.headers }),
    );
    expect(listed.data.map((q) => q.subjectName).sort()).toEqual(['North', 'rep North', 'rep North', 'rep North']);

    const bad = await setQuotas(admin, [
      { subjectKind: 'user', subjectId: 'nobody', period: thisQuarter, amount: { amountMinor: 1, currency } },
      { subjectKind: 'user', subjectId: rep.id, period: thisQuarter },
    ]);
    expect(bad.statusCode).toBe(422);
    expect(json<Problem>(bad).errors?.map((e) => e.pointer)).toEqual(['/quotas/0/subjectId', '/quotas/1']);
    expect(
      (await setQuotas(admin, [{ subjectKind: 'user', subjectId: rep.id, period: '2027-Q5', dealCount: 1 }]))
        .statusCode,
    ).toBe(400);
    expect(
      (await setQuotas(repS, [{ subjectKind: 'user', subjectId: rep.id, period: thisQuarter, dealCount: 1 }]))
        .statusCode,
    ).toBe(403);
  });

  it('the forecast shows each quota (a quarter summed from its months) and a rep sees their own progress', async () => {
    const w = await deal(repS, 'Won this quarter', 150_000);
    await move(repS, w.id, 'Won');
    const forecast = json<{
      rows: { key: string | null; quota: Money | null; closedWon: Money }[];
      total: { quota: Money | null };
    }>(await t.app.inject({ url: `/api/v1/forecast?period=${thisQuarter}&by=owner`, headers: admin.headers }));
    const row = forecast.rows.find((r) => r.key === rep.id)!;
    expect(row.quota).toEqual({ amountMinor: 300_000, currency });
    expect(row.closedWon.amountMinor).toBe(150_000);
    expect(forecast.total.quota?.amountMinor).toBe(300_000);
    const byTeam = json<{ rows: { key: string | null; quota: Money | null }[] }>(
      await t.app.inject({ url: `/api/v1/forecast?period=${thisQuarter}&by=team`, headers: admin.headers }),
    );
    expect(byTeam.rows.find((r) => r.key === teamId)?.quota?.amountMinor).toBe(1_000_000);

    const progress = json<{
      period: string;
      quota: Money | null;
      closedWon: Money;
      wonCount: number;
      percent: number | null;
    }>(await t.app.inject({ url: '/api/v1/quotas/progress', headers: repS.headers }));
    expect(progress).toMatchObject({
      period: thisQuarter,
      quota: { amountMinor: 300_000 },
      closedWon: { amountMinor: 150_000 },
      wonCount: 1,
      percent: 50,
    });
    const none = json<{ quota: Money | null; percent: number | null }>(
      await t.app.inject({ url: '/api/v1/quotas/progress', headers: otherS.headers }),
    );
    expect(none).toMatchObject({ quota: null, percent: null });
  });

  it('removes a quota', async () => {
    const q = json<{ data: { id: string }[] }>(
      await setQuotas(admin, [{ subjectKind: 'user', subjectId: other.id, period: '2031', dealCount: 3 }]),
    ).data[0]!;
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/v1/quotas/${q.id}`, headers: admin.headers })).statusCode,
    ).toBe(204);
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/v1/quotas/${q.id}`, headers: admin.headers })).statusCode,
    ).toBe(404);
  });
});

describe('sales performance', () => {
  it('computes won amount, win rate, deal size, cycle, activities, stalled deals and the funnel per rep', async () => {
    const f = await testApp();
    try {
      const a = await login(f.app, (await createUser(f.services, 'admin', 'North')).email);
      const r = await createUser(f.services, 'sales', 'North', 'rep');
      const rs = await login(f.app, r.email);
      const cur = (await f.services.workspace.get()).defaultCurrency;
      const p = json<{ id: string; stages: { id: string; name: string }[] }>(
        await f.app.inject({
          method: 'POST',
          url: '/api/v1/pipelines',
          headers: a.headers,
          payload: {
            name: 'Perf',
            stages: [
              { name: 'Early', probability: 10, stalledAfterDays: 5 },
              { name: 'Late', probability: 50 },
              { name: 'Won', outcome: 'won' },
              { name: 'Lost', outcome: 'lost' },
            ],
          },
        }),
      );
      const sid = (n: string) => p.stages.find((s) => s.name === n)!.id;
      const reason = json<{ data: { id: string }[] }>(
        await f.app.inject({
          method: 'PUT',
          url: '/api/v1/lost-reasons',
          headers: a.headers,
          payload: { reasons: [{ label: 'Price' }] },
        }),
      ).data[0]!.id;
      const mk = async (name: string, amountMinor: number) =>
        json<{ id: string }>(
          await f.app.inject({
            method: 'POST',
            url: '/api/v1/deals',
            headers: rs.headers,
            payload: { name, pipelineId: p.id, stageId: sid('Early'), amount: { amountMinor, currency: cur } },
          }),
        ).id;
      const mv = (id: string, stage: string, extra: object = {}) =>
        f.app.inject({
          method: 'PATCH',
          url: `/api/v1/deals/${id}`,
          headers: rs.headers,
          payload: { stageId: sid(stage), ...extra },
        });
      const d1 = await mk('One', 100_000);
      const d2 = await mk('Two', 300_000);
      const d3 = await mk('Three', 50_000);
      const d4 = await mk('Four', 70_000);
      await mk('Stalled', 10_000);
      expect((await mv(d1, 'Late')).statusCode).toBe(200);
      expect((await mv(d1, 'Won')).statusCode).toBe(200);
      expect((await mv(d2, 'Won')).statusCode).toBe(200);
      expect((await mv(d3, 'Lost', { lostReasonId: reason })).statusCode).toBe(200);
      expect((await mv(d4, 'Late')).statusCode).toBe(200);
      // Opened ten days ago: the won deals took ten days, and the one left in Early has stalled (5 days allowed).
      const tenDaysAgo = new Date(Date.now() - 10 * 86_400_000).toISOString();
      await f.services.database.db
        .updateTable('deals')
        .set({ created_at: tenDaysAgo })
        .where('id', 'in', [d1, d2])
        .execute();
      await f.services.database.db
        .updateTable('deals')
        .set({ stage_entered_at: tenDaysAgo })
        .where('name', '=', 'Stalled')
        .execute();
      const person = json<{ id: string }>(
        await f.app.inject({
          method: 'POST',
          url: '/api/v1/people',
          headers: rs.headers,
          payload: { firstName: 'Pat' },
        }),
      ).id;
      for (const subject of ['Call one', 'Call two']) {
        const res = await f.app.inject({
          method: 'POST',
          url: '/api/v1/activities',
          headers: rs.headers,
          payload: { type: 'call', subject, personId: person },
        });
        expect(res.statusCode).toBe(201);
      }

      const today = new Date();
      const from = new Date(today.getTime() - 30 * 86_400_000).toISOString().slice(0, 10);
      const to = new Date(today.getTime() + 2 * 86_400_000).toISOString().slice(0, 10);
      const res = await f.app.inject({
        url: `/api/v1/sales/performance?from=${from}&to=${to}&by=owner&pipelineId=${p.id}`,
        headers: a.headers,
      });
      expect(res.statusCode).toBe(200);
      const perf = json<{
        rows: { key: string | null; values: Record<string, number | null> }[];
        metrics: { id: string; definition: string }[];
        funnel: { stages: { name: string; entered: number; reachedNext: number; conversion: number | null }[] };
      }>(res);
      const row = perf.rows.find((x) => x.key === r.id)!;
      expect(row.values).toMatchObject({
        'sales.won_amount': 400_000,
        'sales.won_count': 2,
        'sales.win_rate': 66.7,
        'sales.avg_deal_size': 200_000,
        'sales.activities_logged': 2,
        'sales.deals_stalled': 1,
      });
      expect(row.values['sales.cycle_days']).toBeCloseTo(10, 0);
      expect(perf.metrics.every((m) => m.definition.length > 20)).toBe(true);
      // Five deals entered Early; two went on to Late (d1, d4). One entered Late and went on to Won.
      expect(perf.funnel.stages).toEqual([
        { stageId: sid('Early'), name: 'Early', entered: 5, reachedNext: 2, conversion: 40 },
        { stageId: sid('Late'), name: 'Late', entered: 2, reachedNext: 1, conversion: 50 },
      ]);

      const empty = json<{ rows: { values: Record<string, number | null> }[] }>(
        await f.app.inject({ url: '/api/v1/sales/performance?from=2001-01-01&to=2001-02-01', headers: a.headers }),
      );
      expect(empty.rows.every((x) => x.values['sales.win_rate'] === null)).toBe(true);
      const bad = await f.app.inject({ url: `/api/v1/sales/performance?from=${to}&to=${from}`, headers: a.headers });
      expect(bad.statusCode).toBe(400);
      expect(json<Problem>(bad).errors?.[0]?.pointer).toBe('/to');
    } finally {
      await f.close();
    }
  });

  it('periods are years, quarters and months', () => {
    expect(periodParts('2027')[0]).toEqual(['2027-Q1', '2027-Q2', '2027-Q3', '2027-Q4']);
    expect(periodParts('2027-Q2')).toEqual([['2027-04', '2027-05', '2027-06']]);
    expect(periodParts('2027-05')).toEqual([]);
    expect(periodOf(new Date('2027-11-30T23:59:59Z'), 'quarter')).toBe('2027-Q4');
    expect(periodRange(periodOf(new Date('2027-02-10T00:00:00Z'), 'month'))).toEqual({
      from: '2027-02-01',
      to: '2027-03-01',
    });
  });
});
