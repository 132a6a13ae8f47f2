/**
 * Service costs: rates validated and audited, each new case costed at its channel's rate once (a redelivered event
 * adds nothing), agents' time costed at the rate of the day (a later change of rates leaves it), access to a case's
 * costs as to the case, and the service.cost and service.cost_per_case metrics on a hand-built week.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createUser, json, login, type Session, type TestContext, type TestUser, testApp } from '../../test/harness.ts';

let t: TestContext;
let admin: TestUser;
let agent: TestUser;
let adminS: Session;
let agentS: Session;
let outsider: Session;

beforeAll(async () => {
  t = await testApp();
  admin = await createUser(t.services, 'admin', 'North', 'cost-admin');
  agent = await createUser(t.services, 'service', 'North', 'cost-agent');
  adminS = await login(t.app, admin.email);
  agentS = await login(t.app, agent.email);
  outsider = await login(t.app, (await createUser(t.services, 'service', 'South', 'cost-south')).email);
});
afterAll(async () => {
  vi.useRealTimers();
  await t.close();
});

const at = (iso: string) => vi.setSystemTime(new Date(iso));
const RATES = { currency: 'eur', agentMinuteMinor: 50, channels: { phone: 400, email: 150, portal: 20 } };
const putRates = (s: Session, payload: object, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'PUT', url: '/api/v1/service/cost-rates', headers: { ...s.headers, ...headers }, payload });
const costsOf = (s: Session, id: string) => t.app.inject({ url: `/api/v1/cases/${id}/costs`, headers: s.headers });
const logTime = (s: Session, id: string, payload: object) =>
  t.app.inject({ method: 'POST', url: `/api/v1/cases/${id}/time`, headers: s.headers, payload });

describe('service cost rates', () => {
  it('start unset, are validated at the edge, and each change is audited and version-guarded', async () => {
    const first = json<{ configured: boolean; agentMinuteMinor: number; version: number }>(
      await t.app.inject({ url: '/api/v1/service/cost-rates', headers: agentS.headers }),
    );
    expect(first).toMatchObject({ configured: false, agentMinuteMinor: 0, version: 0 });

    const bad = await putRates(adminS, { currency: 'EURO', agentMinuteMinor: -1, channels: { fax: 1 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect((await putRates(agentS, RATES)).statusCode).toBe(403);

    const set = await putRates(adminS, RATES);
    expect(set.statusCode).toBe(200);
    expect(json(set)).toMatchObject({ currency: 'EUR', agentMinuteMinor: 50, configured: true, version: 1 });
    expect((await putRates(adminS, RATES, { 'if-match': '"7"' })).statusCode).toBe(412);
    const audit = await t.db.database.db
      .selectFrom('audit_log')
      .select(['action', 'changes'])
      .where('object', '=', 'service_cost_rates')
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.changes)).toMatchObject({ agentMinuteMinor: { from: 0, to: 50 } });
  });
});

describe('case costs', () => {
  it('costs a new case at its channel once and logged time at the rate of the day; access as to the case', async () => {
    const c = json<{ id: string; reference: string }>(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/cases',
        headers: agentS.headers,
        payload: { subject: 'Parcel never arrived', channel: 'phone' },
      }),
    );
    await t.services.events.drain();
    // A redelivery of the same case.created event adds nothing.
    const created = await t.db.database.db
      .selectFrom('events')
      .selectAll()
      .where('record_id', '=', c.id)
      .where('type', '=', 'case.created')
      .executeTakeFirstOrThrow();
    await t.services.caseCosts.costNewCase({
      id: 'again',
      eventId: created.id,
      type: created.type,
      attempts: 2,
      payload: { ...JSON.parse(created.payload), object: 'cases', recordId: c.id, actorId: null, at: created.at },
    });

    const logged = await logTime(agentS, c.id, { minutes: 25, note: 'Called the courier' });
    expect(logged.statusCode).toBe(201);
    // The rate changes afterwards: what was recorded keeps its day's rate.
    await putRates(adminS, { ...RATES, agentMinuteMinor: 80 });
    const costs = json<{
      data: {
        kind: string;
        minutes: number | null;
        costMinor: number;
        note: string | null;
        user: { id: string } | null;
      }[];
      minutes: number;
      totalMinor: number;
      currency: string;
    }>(await costsOf(agentS, c.id));
    expect(costs.data.map((e) => [e.kind, e.minutes, e.costMinor])).toEqual([
      ['time', 25, 25 * 50],
      ['channel', null, 400],
    ]);
    expect(costs.data[0]).toMatchObject({ note: 'Called the courier', user: { id: agent.id } });
    expect(costs).toMatchObject({ minutes: 25, totalMinor: 400 + 1250, currency: 'EUR' });
    const line = await t.db.database.db
      .selectFrom('timeline')
      .select('summary')
      .where('subject_kind', '=', 'cases')
      .where('subject_id', '=', c.id)
      .where('type', '=', 'case.cost_recorded')
      .execute();
    expect(line.map((l) => l.summary)).toEqual([`Case ${c.reference}: 25 min logged (Called the courier)`]);

    expect((await costsOf(outsider, c.id)).statusCode).toBe(404);
    expect((await logTime(outsider, c.id, { minutes: 5 })).statusCode).toBe(404);
    const tooLong = await logTime(agentS, c.id, { minutes: 0 });
    expect(tooLong.statusCode).toBe(400);
    expect(json<{ errors: { pointer: string }[] }>(tooLong).errors[0]!.pointer).toBe('/minutes');
    const future = await logTime(agentS, c.id, { minutes: 5, at: new Date(Date.now() + 86_400_000).toISOString() });
    expect(future.statusCode).toBe(422);
  });

  it('measures service cost and cost per case over a hand-built week', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    await putRates(adminS, { ...RATES, agentMinuteMinor: 50 });
    at('2027-03-01T10:00:00Z');
    const open = (subject: string, channel: 'phone' | 'email' | 'portal') =>
      t.services.cases.create(agent.ctx, { subject, channel, ownerId: agent.id });
    const a = await open('Phone case', 'phone'); // 400
    await open('Email case', 'email'); // 150
    at('2027-03-02T10:00:00Z');
    await open('Portal case', 'portal'); // 20
    await t.services.caseCosts.logTime(agent.ctx, a.id, { minutes: 30 }); // 1,500
    // The channel costs are recorded when case.created is delivered; their own events follow in the next delivery.
    await t.services.events.drain();
    await t.services.events.drain();
    vi.useRealTimers();

    const q = { from: '2027-03-01', to: '2027-03-07' };
    const value = (id: string, extra: object = {}) => t.services.metrics.value(admin.actor, id, { ...q, ...extra });
    expect((await value('service.cost')).value).toBe(400 + 150 + 20 + 1500);
    expect((await value('service.cost_per_case')).value).toBeCloseTo((400 + 150 + 20 + 1500) / 3);
    const byDay = await value('service.cost', { interval: 'day' });
    expect(byDay.series.filter((p) => p.value).map((p) => [p.period, p.value])).toEqual([
      ['2027-03-01', 550],
      ['2027-03-02', 1520],
    ]);
    const before = await value('service.cost_per_case', { interval: 'day' });
    await t.services.metricRollups.rebuild();
    expect(await value('service.cost_per_case', { interval: 'day' })).toEqual(before);
  });
});
