/**
 * The service metrics on a hand-built week of cases with known answers: cases opened and resolved, first response
 * and resolution times, SLA met, first-contact resolution (a reopen within the window takes the flag back on the
 * resolution's day) and reopen rate, and the backlog at each day's end. First-contact resolution from the exchanges
 * with the customer (a call resolved on the call, an email answered once, a second exchange) and the reopen window set
 * in Settings. The rollups kept by the consumer agree with a rebuild from the event log.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createUser, json, login, type TestContext, type TestUser, testApp } from '../../test/harness.ts';

let t: TestContext;
let admin: TestUser;

beforeAll(async () => {
  t = await testApp();
  admin = await createUser(t.services, 'admin', 'North', 'svc-admin');
  await t.services.workspace.update(admin.ctx, {
    timezone: 'Europe/London',
    businessHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' },
  });
  await t.services.sla.create(admin.ctx, {
    name: 'High',
    priority: 'high',
    caseTypeId: null,
    firstResponseMinutes: 240,
    resolutionMinutes: 960,
  });
});
afterAll(async () => {
  vi.useRealTimers();
  await t.close();
});

const at = (iso: string) => vi.setSystemTime(new Date(iso));

describe('service metrics', () => {
  it('counts a hand-built week of cases', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    at('2027-01-11T10:00:00Z');
    const open = (subject: string) =>
      t.services.cases.create(admin.ctx, { subject, channel: 'phone', priority: 'high', ownerId: admin.id });
    const status = (id: string, s: 'open' | 'pending_customer' | 'resolved') =>
      t.services.cases.update(admin.ctx, id, { status: s });
    const a = await open('A: answered and resolved in one call');
    const b = await open('B: waited on the customer');
    const c = await open('C: reopened two days later');
    const d = await open('D: answered late');

    at('2027-01-11T10:30:00Z');
    await status(a.id, 'resolved'); // first response 30 min, resolution 30 min, first contact
    at('2027-01-11T11:00:00Z');
    await status(b.id, 'open'); // first response 60 min
    await status(c.id, 'resolved'); // first response and resolution 60 min, first contact (for now)
    at('2027-01-11T11:10:00Z');
    await status(b.id, 'pending_customer');
    at('2027-01-11T16:00:00Z');
    await status(d.id, 'open'); // first response 360 min: due 14:00, breached
    at('2027-01-11T16:30:00Z');
    await status(d.id, 'resolved'); // first contact, but the SLA was missed
    at('2027-01-12T09:00:00Z');
    await status(b.id, 'open');
    at('2027-01-12T10:00:00Z');
    await status(b.id, 'resolved'); // 1,440 min, not first contact (it waited on the customer)
    at('2027-01-13T09:00:00Z');
    await status(c.id, 'open'); // reopened within 7 days: C's first-contact flag is taken back on the 11th
    at('2027-01-13T09:30:00Z');
    await status(c.id, 'resolved'); // a second resolution is never first contact
    // Delivered while the clock still reads that week (a delivery waits for its time).
    await t.services.events.drain();
    vi.useRealTimers();

    const q = { from: '2027-01-11', to: '2027-01-13' };
    const value = async (id: string, extra: object = {}) =>
      t.services.metrics.value(admin.actor, id, { ...q, ...extra });
    expect((await value('service.cases_opened')).value).toBe(4);
    expect((await value('service.cases_resolved')).value).toBe(5);
    expect((await value('service.first_response_minutes')).value).toBe((30 + 60 + 60 + 360) / 4);
    expect((await value('service.resolution_minutes')).value).toBe((30 + 60 + 390 + 1440 + 2 * 1440 - 30) / 5);
    expect((await value('service.sla_met_rate')).value).toBeCloseTo(4 / 5);
    expect((await value('service.fcr_rate')).value).toBeCloseTo(2 / 5);
    expect((await value('service.reopen_rate')).value).toBeCloseTo(1 / 5);
    // By day: C's flag is taken back on the day it was resolved, not the day it was reopened.
    const fcrByDay = await value('service.fcr_rate', { interval: 'day' });
    expect(fcrByDay.series.map((p) => [p.period, p.value])).toEqual([
      ['2027-01-11', 2 / 3],
      ['2027-01-12', 0],
      ['2027-01-13', 0],
    ]);
    // The backlog at each day's end: B waits over the night of the 11th; C's reopen on the 13th is resolved that day.
    const backlog = await value('service.backlog', { interval: 'day', by: 'user' });
    expect(backlog.series.map((p) => [p.period, p.value])).toEqual([
      ['2027-01-11', 1],
      ['2027-01-12', 0],
      ['2027-01-13', 0],
    ]);
    expect(backlog.value).toBe(0);
    expect((await value('service.backlog', { from: '2027-01-11', to: '2027-01-11', by: 'channel' })).groups).toEqual([
      { key: 'phone', label: 'Phone', value: 1 },
    ]);
    expect((await value('service.cases_opened', { by: 'user' })).groups).toEqual([
      { key: admin.id, label: admin.actor.name, value: 4 },
    ]);

    // The consumer's rollups equal a rebuild from the event log.
    const ids = [
      'service.backlog',
      'service.cases_resolved',
      'service.fcr_rate',
      'service.sla_met_rate',
      'service.reopen_rate',
    ];
    const before = await Promise.all(ids.map((id) => value(id, { interval: 'day' })));
    await t.services.metricRollups.rebuild();
    expect(await Promise.all(ids.map((id) => value(id, { interval: 'day' })))).toEqual(before);
  });

  it('flags first-contact resolution from the exchanges with the customer and the configured reopen window', async () => {
    await t.services.metricRollups.rebuild();
    // Reopens within 3 days take the flag back (7 by default).
    const s = await login(t.app, admin.email);
    const patched = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/service-settings',
      headers: s.headers,
      payload: { fcrReopenDays: 3 },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(json(patched)).toEqual({ fcrReopenDays: 3 });
    const bad = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/service-settings',
      headers: s.headers,
      payload: { fcrReopenDays: 0 },
    });
    expect(bad.statusCode).toBe(400);
    expect(json<{ errors: { pointer: string }[] }>(bad).errors[0]!.pointer).toBe('/fcrReopenDays');

    vi.useFakeTimers({ toFake: ['Date'] });
    at('2027-03-01T09:00:00Z');
    const open = (subject: string, channel: 'phone' | 'email') =>
      t.services.cases.create(admin.ctx, { subject, channel, priority: 'normal', ownerId: admin.id });
    const status = (id: string, to: 'open' | 'resolved') => t.services.cases.update(admin.ctx, id, { status: to });
    const say = (id: string, direction: 'in' | 'out', internal = false) =>
      t.services.caseMessages.post(admin.ctx, id, { body: `${direction} message`, direction, internal });
    const phone = await open('Phone: resolved on the call', 'phone');
    const once = await open('Email: answered once', 'email');
    const twice = await open('Email: reply, customer answer, second reply', 'email');
    const soon = await open('Phone: reopened two days later', 'phone');
    const late = await open('Phone: reopened five days later', 'phone');

    await status(phone.id, 'resolved');
    await say(once.id, 'in'); // the customer's mail: their first message is not an exchange
    await say(once.id, 'out', true); // an internal note is not one either
    await say(once.id, 'out');
    await status(once.id, 'resolved');
    await say(twice.id, 'in');
    await say(twice.id, 'out');
    at('2027-03-01T11:00:00Z');
    await say(twice.id, 'in'); // a second exchange with the customer
    await say(twice.id, 'out');
    await status(twice.id, 'resolved');
    await status(soon.id, 'resolved');
    await status(late.id, 'resolved');
    at('2027-03-03T09:00:00Z');
    await status(soon.id, 'open'); // within 3 days: not first contact after all
    await status(soon.id, 'resolved');
    at('2027-03-06T09:00:00Z');
    await status(late.id, 'open'); // after 3 days: the first resolution stays first contact
    await status(late.id, 'resolved');
    await t.services.events.drain();
    vi.useRealTimers();

    const exchanges = await t.db.database.db
      .selectFrom('cases')
      .select(['id', 'exchange_count'])
      .where('id', 'in', [phone.id, once.id, twice.id])
      .execute();
    expect(new Map(exchanges.map((r) => [r.id, Number(r.exchange_count)]))).toEqual(
      new Map([
        [phone.id, 0],
        [once.id, 1],
        [twice.id, 3],
      ]),
    );
    // The case says so too.
    const read = await t.services.cases.get(admin.ctx, twice.id);
    expect(read.exchangeCount).toBe(3);
    const q = { from: '2027-03-01', to: '2027-03-06' };
    const fcr = async (extra: object = {}) =>
      t.services.metrics.value(admin.actor, 'service.fcr_rate', { ...q, ...extra });
    // Resolutions: phone, once, twice, soon, late, then soon and late again; at first contact: phone, once, late.
    expect((await fcr()).value).toBeCloseTo(3 / 7);
    expect(new Map((await fcr({ by: 'channel' })).groups.map((g) => [g.key, g.value]))).toEqual(
      new Map([
        ['email', 1 / 2],
        ['phone', 2 / 5],
      ]),
    );
    const before = await fcr({ interval: 'day' });
    await t.services.metricRollups.rebuild();
    expect(await fcr({ interval: 'day' })).toEqual(before);
  });
});
