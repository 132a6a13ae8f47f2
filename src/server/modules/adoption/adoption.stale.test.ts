/**
 * Stale records owned, measured from the tables at the end of each day asked, on a hand-built year: records added,
 * changed, contacted and binned on known days, by user and team.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createUser, type TestContext, type TestUser, testApp } from '../../test/harness.ts';

let t: TestContext;
let a: TestUser;
let b: TestUser;
let c: TestUser;

beforeAll(async () => {
  t = await testApp();
  a = await createUser(t.services, 'admin', 'North', 'ada');
  b = await createUser(t.services, 'sales', 'North', 'bob');
  c = await createUser(t.services, 'sales', 'South', 'cy');
});
afterAll(() => t.close());

describe('stale records owned', () => {
  it('are measured at the end of each day asked: added and neither changed nor contacted in six months', async () => {
    const at = (iso: string) => vi.setSystemTime(new Date(iso));
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      at('2030-01-01T10:00:00Z');
      await t.services.people.create(a.ctx, { firstName: 'Quiet', lastName: 'Stale', ownerId: b.id });
      const edited = await t.services.people.create(a.ctx, { firstName: 'Edited', lastName: 'Later', ownerId: b.id });
      const called = await t.services.companies.create(a.ctx, { name: 'Called Co', ownerId: c.id });
      const binned = await t.services.people.create(a.ctx, { firstName: 'Binned', lastName: 'Soon', ownerId: c.id });
      at('2030-03-01T10:00:00Z');
      await t.services.people.update(a.ctx, edited.id, { jobTitle: 'Buyer' });
      at('2030-05-01T10:00:00Z');
      await t.services.activities.log(a.ctx, { type: 'call', subject: 'Catch-up', companyId: called.id });
      at('2030-09-01T10:00:00Z');
      await t.services.people.remove(a.ctx, binned.id);
    } finally {
      vi.useRealTimers();
    }
    const value = (from: string, to: string, extra: object = {}) =>
      t.services.metrics.value(a.actor, 'adoption.stale_records', { from, to, ...extra });
    const byUser = (v: { groups: { key: string | null; value: number | null }[] }) =>
      new Map(v.groups.map((g) => [g.key, g.value]));
    // Before anything was added, nothing is stale; six months and a day after, only the untouched ones.
    expect((await value('2029-12-01', '2029-12-31')).value).toBe(0);
    // 2030-07-15: the window starts 2030-01-15. Quiet and Binned are stale, Edited (changed in March) and Called Co
    // (called in May) are not.
    const july = await value('2030-07-01', '2030-07-15', { by: 'user' });
    expect(july.value).toBe(2);
    expect(byUser(july)).toEqual(
      new Map([
        [b.id, 1],
        [c.id, 1],
      ]),
    );
    // 2030-11-15: the window starts 2030-05-15: Edited and Called Co have gone stale too; Binned is in the bin.
    const november = await value('2030-11-15', '2030-11-15', { by: 'user' });
    expect(byUser(november)).toEqual(
      new Map([
        [b.id, 2],
        [c.id, 1],
      ]),
    );
    expect(november.value).toBe(3);
    // Each point of a series is the count at the end of its month (or of the period). Six months before 31 August is
    // 3 March, as the data-quality window counts months (31 February rolls over), so Edited is stale by then; Binned
    // left in September.
    const series = await value('2030-06-01', '2030-11-15', { interval: 'month' });
    expect(series.series).toEqual([
      { period: '2030-06', value: 0 },
      { period: '2030-07', value: 2 },
      { period: '2030-08', value: 3 },
      { period: '2030-09', value: 2 },
      { period: '2030-10', value: 3 },
      { period: '2030-11', value: 3 },
    ]);
    // By team: Bob is in North, Cy in South; a rep whose visibility is own sees only their own.
    const teams = await value('2030-11-15', '2030-11-15', { by: 'team' });
    expect(teams.groups.map((g) => [g.label, g.value])).toEqual([
      ['North', 2],
      ['South', 1],
    ]);
  });
});
