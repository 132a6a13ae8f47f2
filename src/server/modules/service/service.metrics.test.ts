/**
 * The service metrics on a hand-built week of cases with known answers: cases opened and resolved, first response
 * and resolution times, SLA met, first-contact resolution (a reopen within the window takes the flag back on the
 * resolution's day) and reopen rate. The rollups kept by the consumer agree with a rebuild from the event log.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createUser, type TestContext, type TestUser, testApp } from '../../test/harness.ts';

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
});
