import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, json, login, type Session, type TestContext, testApp } from '../../test/harness.ts';
import { periodRange } from './periods.ts';

let t: TestContext;
let admin: Session;
let north: Session;
let north2: Session;
let south: Session;
let pipeline: PipelineDto;
let lostReasonId: string;
let companyId: string;
let personId: string;
let southCompanyId: string;

interface PipelineDto {
  id: string;
  stages: { id: string; name: string; probability: number; outcome: string }[];
}
interface Money {
  amountMinor: number;
  currency: string;
}
interface DealDto {
  id: string;
  name: string;
  stageId: string;
  stage: { id: string; name: string; probability: number; outcome: string } | null;
  amount: Money | null;
  weightedAmount: Money | null;
  companyId: string | null;
  company: { id: string; name: string } | null;
  people: { personId: string; name: string | null; role: string }[];
  ownerId: string | null;
  commit: boolean;
  lostReason: { id: string; label: string } | null;
  closedAt: string | null;
  stalled: boolean;
  daysInStage: number;
  version: number;
}
interface Problem {
  code: string;
  status: number;
  errors?: { pointer: string; detail: string }[];
}

const stage = (name: string) => {
  const s = pipeline.stages.find((x) => x.name === name);
  if (!s) throw new Error(`no stage ${name}`);
  return s.id;
};

const post = (s: Session, url: string, payload: object) =>
  t.app.inject({ method: 'POST', url, headers: s.headers, payload });
const patchDeal = (s: Session, id: string, payload: object, version?: number) =>
  t.app.inject({
    method: 'PATCH',
    url: `/api/v1/deals/${id}`,
    headers: version === undefined ? s.headers : { ...s.headers, 'if-match': `"${version}"` },
    payload,
  });
const createDeal = async (s: Session, payload: object): Promise<DealDto> => {
  const res = await post(s, '/api/v1/deals', { pipelineId: pipeline.id, ...payload });
  if (res.statusCode !== 201) throw new Error(`create deal: ${res.statusCode} ${res.body}`);
  return json<DealDto>(res);
};

beforeAll(async () => {
  t = await testApp();
  admin = await login(t.app, (await createUser(t.services, 'admin', 'North')).email);
  north = await login(t.app, (await createUser(t.services, 'sales', 'North')).email);
  north2 = await login(t.app, (await createUser(t.services, 'sales', 'North', 'second')).email);
  south = await login(t.app, (await createUser(t.services, 'sales', 'South')).email);
  pipeline = json<PipelineDto>(
    await post(admin, '/api/v1/pipelines', {
      name: 'New business',
      stages: [
        { name: 'Qualified', probability: 20, stalledAfterDays: 14 },
        { name: 'Proposal', probability: 60, requiredFields: ['amount', 'expectedCloseDate'] },
        { name: 'Won', outcome: 'won' },
        { name: 'Lost', outcome: 'lost' },
      ],
    }),
  );
  const reasons = await t.app.inject({
    method: 'PUT',
    url: '/api/v1/lost-reasons',
    headers: admin.headers,
    payload: { reasons: [{ label: 'Price' }, { label: 'Timing' }] },
  });
  lostReasonId = json<{ data: { id: string }[] }>(reasons).data[0]!.id;
  companyId = json<{ id: string }>(await post(north, '/api/v1/companies', { name: 'Northwind Traders' })).id;
  southCompanyId = json<{ id: string }>(await post(south, '/api/v1/companies', { name: 'Southern Cross' })).id;
  personId = json<{ id: string }>(
    await post(north, '/api/v1/people', { firstName: 'Nadia', lastName: 'North', companyId }),
  ).id;
});
afterAll(() => t.close());

describe('deals', () => {
  it('opens a deal in the first open stage with its amount, company and people; weighted by the stage', async () => {
    const res = await post(north, '/api/v1/deals', {
      name: 'Northwind renewal',
      pipelineId: pipeline.id,
      amount: { amountMinor: 500_000, currency: 'EUR' },
      companyId,
      people: [{ personId, role: 'champion' }],
      expectedCloseDate: '2027-03-31',
    });
    expect(res.statusCode).toBe(201);
    expect(res.headers.location).toMatch(/^\/api\/v1\/deals\//);
    const d = json<DealDto>(res);
    expect(d).toMatchObject({
      name: 'Northwind renewal',
      stageId: stage('Qualified'),
      stage: { name: 'Qualified', probability: 20, outcome: 'open' },
      amount: { amountMinor: 500_000, currency: 'EUR' },
      weightedAmount: { amountMinor: 100_000, currency: 'EUR' },
      company: { id: companyId, name: 'Northwind Traders' },
      people: [{ personId, name: 'Nadia North', role: 'champion' }],
      commit: false,
      stalled: false,
      closedAt: null,
    });
    expect(d.ownerId).not.toBeNull();
    const history = json<{ data: { fromStage: unknown; toStage: { name: string } }[] }>(
      await t.app.inject({ url: `/api/v1/deals/${d.id}/stage-history`, headers: north.headers }),
    );
    expect(history.data).toMatchObject([{ fromStage: null, toStage: { name: 'Qualified' } }]);
  });

  it('refuses bad input naming the field, and stores nothing', async () => {
    const before = await t.services.database.db
      .selectFrom('deals')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    const badCurrency = await post(north, '/api/v1/deals', {
      name: 'X',
      pipelineId: pipeline.id,
      amount: { amountMinor: 1, currency: 'ZZZ' },
    });
    expect(badCurrency.statusCode).toBe(422);
    expect(json<Problem>(badCurrency).errors?.[0]?.pointer).toBe('/amount/currency');
    const badStage = await post(north, '/api/v1/deals', { name: 'X', pipelineId: pipeline.id, stageId: 'nope' });
    expect(json<Problem>(badStage).errors?.map((e) => e.pointer)).toEqual(['/stageId']);
    const badCompany = await post(north, '/api/v1/deals', {
      name: 'X',
      pipelineId: pipeline.id,
      companyId: southCompanyId,
    });
    expect(json<Problem>(badCompany).errors?.map((e) => e.pointer)).toEqual(['/companyId']);
    const badRole = await post(north, '/api/v1/deals', {
      name: 'X',
      pipelineId: pipeline.id,
      people: [{ personId, role: 'boss' }],
    });
    expect(badRole.statusCode).toBe(400);
    const negative = await post(north, '/api/v1/deals', {
      name: 'X',
      pipelineId: pipeline.id,
      amount: { amountMinor: -5, currency: 'EUR' },
    });
    expect(negative.statusCode).toBe(400);
    const after = await t.services.database.db
      .selectFrom('deals')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    expect(Number(after?.n)).toBe(Number(before?.n));
  });

  it('entering a stage needs its required fields: 400 naming each pointer, nothing changed', async () => {
    const d = await createDeal(north, { name: 'Needs amount' });
    const refused = await patchDeal(north, d.id, { stageId: stage('Proposal') }, d.version);
    expect(refused.statusCode).toBe(400);
    const problem = json<Problem>(refused);
    expect(problem.code).toBe('deals.stage_requirements');
    expect(problem.errors?.map((e) => e.pointer)).toEqual(['/amount', '/expectedCloseDate']);
    const still = json<DealDto>(await t.app.inject({ url: `/api/v1/deals/${d.id}`, headers: north.headers }));
    expect(still).toMatchObject({ stageId: stage('Qualified'), version: d.version });

    const moved = await patchDeal(
      north,
      d.id,
      {
        stageId: stage('Proposal'),
        amount: { amountMinor: 120_000, currency: 'EUR' },
        expectedCloseDate: '2027-02-15',
      },
      d.version,
    );
    expect(moved.statusCode).toBe(200);
    expect(json<DealDto>(moved)).toMatchObject({
      stage: { name: 'Proposal' },
      weightedAmount: { amountMinor: 72_000 },
    });
  });

  it('entering a lost stage needs a lost reason; the move is on the stage history and the timelines of the deal, company and people', async () => {
    const d = await createDeal(north, {
      name: 'Will be lost',
      companyId,
      people: [{ personId, role: 'decision_maker' }],
    });
    const noReason = await patchDeal(north, d.id, { stageId: stage('Lost') });
    expect(noReason.statusCode).toBe(400);
    expect(json<Problem>(noReason).errors?.map((e) => e.pointer)).toEqual(['/lostReasonId']);
    const inactive = await patchDeal(north, d.id, { stageId: stage('Lost'), lostReasonId: 'nope' });
    expect(json<Problem>(inactive).errors?.map((e) => e.pointer)).toEqual(['/lostReasonId']);

    const lost = await patchDeal(north, d.id, {
      stageId: stage('Lost'),
      lostReasonId,
      lostNote: 'Went with a cheaper tool',
    });
    expect(lost.statusCode).toBe(200);
    const dto = json<DealDto>(lost);
    expect(dto).toMatchObject({ stage: { outcome: 'lost' }, lostReason: { id: lostReasonId, label: 'Price' } });
    expect(dto.closedAt).not.toBeNull();

    const history = json<{
      data: {
        fromStage: { name: string } | null;
        toStage: { name: string };
        changedBy: { id: string } | null;
        daysInStage: number | null;
      }[];
    }>(await t.app.inject({ url: `/api/v1/deals/${d.id}/stage-history`, headers: north.headers }));
    expect(history.data.map((h) => [h.fromStage?.name ?? null, h.toStage.name])).toEqual([
      ['Qualified', 'Lost'],
      [null, 'Qualified'],
    ]);
    expect(history.data[0]?.changedBy).not.toBeNull();
    expect(history.data[0]?.daysInStage).toBeGreaterThanOrEqual(0);

    const summaries = async (url: string) =>
      json<{ data: { type: string; summary: string }[] }>(
        await t.app.inject({ url, headers: north.headers }),
      ).data.filter((e) => e.type === 'deal.stage_changed');
    const onDeal = await summaries(`/api/v1/timeline?subjectKind=deals&subjectId=${d.id}`);
    expect(onDeal.map((e) => e.summary)).toEqual(['Deal Will be lost lost (from Qualified after less than a day)']);
    expect(
      (await summaries(`/api/v1/companies/${companyId}/timeline`)).some((e) =>
        e.summary.startsWith('Deal Will be lost lost'),
      ),
    ).toBe(true);
    expect(
      (await summaries(`/api/v1/people/${personId}/timeline`)).some((e) =>
        e.summary.startsWith('Deal Will be lost lost'),
      ),
    ).toBe(true);

    // Back to an open stage: no longer lost, no longer closed.
    const reopened = json<DealDto>(await patchDeal(north, d.id, { stageId: stage('Qualified') }));
    expect(reopened).toMatchObject({ lostReason: null, closedAt: null, stage: { outcome: 'open' } });
  });

  it('a stale If-Match gets 412; changes are in the deal history and audited', async () => {
    const d = await createDeal(north, { name: 'Versioned' });
    expect((await patchDeal(north, d.id, { name: 'Versioned 2' }, d.version)).statusCode).toBe(200);
    expect((await patchDeal(north, d.id, { name: 'Versioned 3' }, d.version)).statusCode).toBe(412);
    const history = json<{ data: { action: string; changes: Record<string, { from: unknown; to: unknown }> }[] }>(
      await t.app.inject({ url: `/api/v1/deals/${d.id}/history`, headers: north.headers }),
    );
    expect(history.data.find((h) => h.action === 'update')?.changes.name).toEqual({
      from: 'Versioned',
      to: 'Versioned 2',
    });
    expect(history.data.map((h) => h.action)).toEqual(['update', 'create']);
  });

  it("a sales user cannot see or move another team's deal; the board counts only visible deals", async () => {
    const southDeal = await createDeal(south, {
      name: 'Southern deal',
      amount: { amountMinor: 900_000, currency: 'GBP' },
    });
    expect((await t.app.inject({ url: `/api/v1/deals/${southDeal.id}`, headers: north.headers })).statusCode).toBe(404);
    expect((await patchDeal(north, southDeal.id, { stageId: stage('Won') })).statusCode).toBe(404);
    const teammate = await createDeal(north2, {
      name: 'Teammate deal',
      amount: { amountMinor: 10_000, currency: 'GBP' },
    });
    expect((await t.app.inject({ url: `/api/v1/deals/${teammate.id}`, headers: north.headers })).statusCode).toBe(200);

    const board = async (s: Session) =>
      json<{
        currency: string;
        columns: { name: string; count: number; amount: Money; weightedAmount: Money; deals: { id: string }[] }[];
      }>(await t.app.inject({ url: `/api/v1/pipelines/${pipeline.id}/board`, headers: s.headers }));
    const northBoard = await board(north);
    const southBoard = await board(south);
    const adminBoard = await board(admin);
    const qualified = (b: typeof northBoard) => b.columns.find((c) => c.name === 'Qualified')!;
    expect(qualified(northBoard).deals.some((x) => x.id === southDeal.id)).toBe(false);
    expect(qualified(southBoard).deals.map((x) => x.id)).toEqual([southDeal.id]);
    expect(qualified(southBoard)).toMatchObject({
      count: 1,
      amount: { amountMinor: 900_000, currency: 'GBP' },
      weightedAmount: { amountMinor: 180_000 },
    });
    expect(qualified(adminBoard).count).toBe(qualified(northBoard).count + 1);
    expect(northBoard.columns.map((c) => c.name)).toEqual(['Qualified', 'Proposal', 'Won', 'Lost']);
  });

  it('lists with filters, quick search, sort and export; a role without deals may not read them', async () => {
    const list = json<{ data: DealDto[]; total: number }>(
      await t.app.inject({ url: `/api/v1/deals?filter=stageId:eq:${stage('Proposal')}`, headers: north.headers }),
    );
    expect(list.data.map((d) => d.name)).toEqual(['Needs amount']);
    const q = json<{ data: DealDto[] }>(await t.app.inject({ url: '/api/v1/deals?q=renew', headers: north.headers }));
    expect(q.data.map((d) => d.name)).toEqual(['Northwind renewal']);
    const sorted = json<{ data: DealDto[] }>(
      await t.app.inject({ url: '/api/v1/deals?sort=-amount&filter=amount:notEmpty', headers: admin.headers }),
    );
    const amounts = sorted.data.map((d) => d.amount?.amountMinor ?? 0);
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));

    const csv = await t.app.inject({
      url: '/api/v1/deals/export.csv?columns=name,stage,amount,currency,company',
      headers: north.headers,
    });
    expect(csv.statusCode).toBe(200);
    const rows = parse(csv.body) as string[][];
    expect(rows[0]).toEqual(['name', 'stage', 'amount', 'currency', 'company']);
    expect(rows).toContainEqual(['Northwind renewal', 'Qualified', '5000.00', 'EUR', 'Northwind Traders']);
    expect(rows.some((r) => r[0] === 'Southern deal')).toBe(false);

    await t.services.database.db
      .updateTable('roles')
      .set({ policy: JSON.stringify({ objects: { people: ['read'] }, visibility: { people: 'all' }, fields: {} }) })
      .where('key', '=', 'read-only')
      .execute();
    const fresh = await login(t.app, (await createUser(t.services, 'read-only', null, 'fresh')).email);
    expect((await t.app.inject({ url: '/api/v1/deals', headers: fresh.headers })).statusCode).toBe(403);
  });

  it("the company's and person's context cards show their open deals and the total the reader may see", async () => {
    const card = async (url: string, s: Session) =>
      json<{ counts: Record<string, number>; amounts: Record<string, Money> }>(
        await t.app.inject({ url, headers: s.headers }),
      );
    const currency = (await t.services.workspace.get()).defaultCurrency;
    await createDeal(north, { name: 'Local currency', companyId, amount: { amountMinor: 250_000, currency } });
    const company = await card(`/api/v1/companies/${companyId}/card`, north);
    // Open deals at Northwind: the renewal (in EUR, not in the workspace's total unless it is EUR), the reopened one
    // (no amount) and this one; the lost one is closed.
    expect(company.counts.openDeals).toBe(3);
    expect(company.amounts.openDeals).toEqual({ amountMinor: 250_000 + (currency === 'EUR' ? 500_000 : 0), currency });
    const hidden = await card(`/api/v1/companies/${companyId}/card`, south).catch(() => undefined);
    expect(hidden?.counts?.openDeals).toBeUndefined();
    const person = await card(`/api/v1/people/${personId}/card`, north);
    expect(person.counts.openDeals).toBe(2);
  });

  it('deletes to the bin and restores', async () => {
    const d = await createDeal(admin, { name: 'Binned' });
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/v1/deals/${d.id}`, headers: admin.headers })).statusCode,
    ).toBe(204);
    const listed = json<{ data: DealDto[] }>(
      await t.app.inject({ url: '/api/v1/deals?q=binned', headers: admin.headers }),
    );
    expect(listed.data).toHaveLength(0);
    const restored = await t.app.inject({
      method: 'POST',
      url: `/api/v1/deals/${d.id}/restore`,
      headers: admin.headers,
    });
    expect(restored.statusCode).toBe(200);
  });
});

describe('forecast', () => {
  it('adds up weighted, best case, commit and closed won per owner for the period, on hand-built data', async () => {
    const f = await testApp();
    try {
      const a = await login(f.app, (await createUser(f.services, 'admin', 'North')).email);
      const rep = await createUser(f.services, 'sales', 'North', 'rep');
      const repS = await login(f.app, rep.email);
      const p = json<PipelineDto>(
        await f.app.inject({
          method: 'POST',
          url: '/api/v1/pipelines',
          headers: a.headers,
          payload: {
            name: 'Forecast',
            stages: [
              { name: 'Early', probability: 10 },
              { name: 'Late', probability: 50 },
              { name: 'Won', outcome: 'won' },
              { name: 'Lost', outcome: 'lost' },
            ],
          },
        }),
      );
      const [early, late, won, lostStage] = p.stages;
      const currency = (await f.services.workspace.get()).defaultCurrency;
      // The period is the quarter after this one (open deals close then); won deals close now, in this quarter.
      const nowDate = new Date();
      const q = Math.floor(nowDate.getUTCMonth() / 3);
      const next = { year: nowDate.getUTCFullYear() + (q === 3 ? 1 : 0), q: ((q + 1) % 4) + 1 };
      const nextPeriod = `${next.year}-Q${next.q}`;
      const thisPeriod = `${nowDate.getUTCFullYear()}-Q${q + 1}`;
      const inNext = periodRange(nextPeriod)!.from;
      const afterNext = periodRange(nextPeriod)!.to;
      const make = async (s: Session, name: string, amountMinor: number, extra: object = {}) => {
        const res = await f.app.inject({
          method: 'POST',
          url: '/api/v1/deals',
          headers: s.headers,
          payload: { name, pipelineId: p.id, amount: { amountMinor, currency }, expectedCloseDate: inNext, ...extra },
        });
        expect(res.statusCode).toBe(201);
        return json<DealDto>(res);
      };
      await make(repS, 'A', 100_000, { stageId: early!.id });
      await make(repS, 'B', 200_000, { stageId: late!.id, commit: true });
      await make(repS, 'Outside the period', 999_000, { stageId: late!.id, expectedCloseDate: afterNext });
      await make(repS, 'Other currency', 50_000, {
        stageId: late!.id,
        amount: { amountMinor: 50_000, currency: currency === 'EUR' ? 'USD' : 'EUR' },
      });
      await make(a, 'Admin deal', 300_000, { stageId: late!.id });
      const w = await make(repS, 'Won one', 400_000, { stageId: early!.id });
      expect(
        (
          await f.app.inject({
            method: 'PATCH',
            url: `/api/v1/deals/${w.id}`,
            headers: repS.headers,
            payload: { stageId: won!.id },
          })
        ).statusCode,
      ).toBe(200);
      const reasons = await f.app.inject({
        method: 'PUT',
        url: '/api/v1/lost-reasons',
        headers: a.headers,
        payload: { reasons: [{ label: 'Price' }] },
      });
      const reason = json<{ data: { id: string }[] }>(reasons).data[0]!.id;
      const l = await make(repS, 'Lost one', 700_000, { stageId: early!.id });
      await f.app.inject({
        method: 'PATCH',
        url: `/api/v1/deals/${l.id}`,
        headers: repS.headers,
        payload: { stageId: lostStage!.id, lostReasonId: reason },
      });

      const get = async (period: string, s: Session = a) =>
        json<{
          rows: {
            key: string | null;
            label: string;
            weighted: Money;
            bestCase: Money;
            commit: Money;
            closedWon: Money;
            dealCount: number;
          }[];
          total: { weighted: Money; bestCase: Money; commit: Money; closedWon: Money };
        }>(
          await f.app.inject({
            url: `/api/v1/forecast?period=${period}&by=owner&pipelineId=${p.id}`,
            headers: s.headers,
          }),
        );
      const next_ = await get(nextPeriod);
      const repRow = next_.rows.find((r) => r.key === rep.id)!;
      expect(repRow).toMatchObject({
        label: 'rep North',
        weighted: { amountMinor: 10_000 + 100_000, currency },
        bestCase: { amountMinor: 300_000 },
        commit: { amountMinor: 200_000 },
        closedWon: { amountMinor: 0 },
        dealCount: 2,
      });
      expect(next_.total).toMatchObject({
        weighted: { amountMinor: 110_000 + 150_000 },
        bestCase: { amountMinor: 600_000 },
      });

      const current = await get(thisPeriod);
      expect(current.total.closedWon.amountMinor).toBe(400_000);
      expect(current.total.bestCase.amountMinor).toBe(0);

      const bad = await f.app.inject({ url: '/api/v1/forecast?period=2027-Q5', headers: a.headers });
      expect(bad.statusCode).toBe(400);
      expect(json<Problem>(bad).errors?.[0]?.pointer).toBe('/period');
    } finally {
      await f.close();
    }
  });

  it('reads periods as quarters, months and years', () => {
    expect(periodRange('2027-Q1')).toEqual({ from: '2027-01-01', to: '2027-04-01' });
    expect(periodRange('2027-Q4')).toEqual({ from: '2027-10-01', to: '2028-01-01' });
    expect(periodRange('2027-12')).toEqual({ from: '2027-12-01', to: '2028-01-01' });
    expect(periodRange('2027')).toEqual({ from: '2027-01-01', to: '2028-01-01' });
    expect(periodRange('2027-13')).toBeUndefined();
  });
});
