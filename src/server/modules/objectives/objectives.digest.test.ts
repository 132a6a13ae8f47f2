/**
 * The weekly objectives digest with the settable clock: hand-built objectives (one rising, one falling) give known
 * content; it goes out once on Monday morning in the workspace's time zone (not before, not twice, not after a
 * restart, not later in the week), to each owner (their objectives) and to managers (all), and reaches the dev mailbox.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ctx } from '../../platform/access/policy.ts';
import { newId } from '../../platform/ids.ts';
import { addDays } from '../../platform/metrics/index.ts';
import { createUser, type TestContext, type TestUser, testApp } from '../../test/harness.ts';
import { changeText, formatValue, ObjectivesDigest } from './objectives.digest.ts';
import { ObjectivesService } from './objectives.service.ts';

let t: TestContext;
let admin: TestUser;
let rising: TestUser;
let falling: TestUser;
let manager: TestUser;
let clockAt = new Date('2027-03-29T12:00:00Z');
const clock = () => clockAt;
let objectives: ObjectivesService;
let digest: () => ObjectivesDigest;
const ids: Record<string, string> = {};

/** `n` activities logged by `userId` on `day`, through the rollup consumer. */
async function logged(userId: string, day: string, n: number) {
  for (let i = 0; i < n; i++) {
    const id = newId();
    const at = `${day}T10:00:00.000Z`;
    await t.db.database.db
      .insertInto('events')
      .values({ id, at, type: 'activity.logged', actor_id: userId, object: 'activities', record_id: id, payload: '{}' })
      .execute();
    await t.services.metricRollups.apply({
      id: newId(),
      eventId: id,
      type: 'activity.logged',
      payload: { object: 'activities', recordId: id, actorId: userId, at },
      attempts: 1,
    });
  }
}

const ctx = (u: TestUser): Ctx => ({ actor: u.actor, requestId: 'test', ip: null });
const weeks = ['2027-02-15', '2027-02-22', '2027-03-01', '2027-03-08', '2027-03-15', '2027-03-22'];

async function objectiveFor(owner: TestUser, name: string, trend: number[]) {
  const user = `u-${newId()}`;
  for (const monday of ['2027-01-04', '2027-01-11', '2027-01-18', '2027-01-25'])
    await logged(user, addDays(monday, 2), 10);
  for (const [i, n] of trend.entries()) await logged(user, addDays(weeks[i]!, 2), n);
  const o = await objectives.create(ctx(admin), {
    name,
    metricId: 'activities.logged',
    filter: { userId: user },
    baselineFrom: '2027-01-04',
    baselineTo: '2027-01-31',
    target: { relativeChange: 0.5 },
    startDate: '2027-02-01',
    endDate: '2027-06-27',
    ownerId: owner.id,
  });
  ids[name] = o.id;
}

beforeAll(async () => {
  t = await testApp();
  admin = await createUser(t.services, 'admin', 'North', 'admin');
  rising = await createUser(t.services, 'sales', 'North', 'rising');
  falling = await createUser(t.services, 'sales', 'South', 'falling');
  manager = await createUser(t.services, 'manager', 'North', 'manager');
  await t.services.workspace.update(ctx(admin), { timezone: 'America/New_York', name: 'Acme' });
  objectives = new ObjectivesService({ database: t.db.database, metrics: t.services.metrics, clock });
  digest = () =>
    new ObjectivesDigest({
      database: t.db.database,
      objectives,
      metrics: t.services.metrics,
      workspace: t.services.workspace,
      mailer: t.services.mailer,
      clock,
    });
  await objectiveFor(rising, 'Log more calls (North)', [10, 11, 12, 13, 14, 15]);
  await objectiveFor(falling, 'Log more calls (South)', [12, 11, 10, 10, 9, 9]);
});
afterAll(() => t.close());

async function mailbox() {
  await t.services.mailer.drain(100);
  return t.db.database.db.selectFrom('dev_mailbox').selectAll().orderBy('to_address').execute();
}

describe('weekly objectives digest', () => {
  it('knows Monday 07:00 in the workspace zone (New York, after the clocks went forward)', () => {
    expect(ObjectivesDigest.weekOf(new Date('2027-03-31T12:00:00Z'), 'America/New_York')).toEqual({
      week: '2027-03-29',
      dueAt: new Date('2027-03-29T11:00:00Z'),
    });
    // Late on Sunday in New York is already Monday in UTC: still the week before.
    expect(ObjectivesDigest.weekOf(new Date('2027-03-29T02:00:00Z'), 'America/New_York').week).toBe('2027-03-22');
    expect(ObjectivesDigest.weekOf(new Date('2027-01-04T06:00:00Z'), 'Europe/Berlin').dueAt).toEqual(
      new Date('2027-01-04T06:00:00Z'),
    );
  });

  it('waits for Monday morning, sends once to owners and managers, and not again after a restart', async () => {
    clockAt = new Date('2027-03-29T10:59:00Z'); // 06:59 in New York
    expect(await digest().run()).toMatchObject({ sent: false, reason: 'not_due' });
    expect(await mailbox()).toEqual([]);

    clockAt = new Date('2027-03-29T11:05:00Z');
    const first = await digest().run();
    expect(first).toEqual({ week: '2027-03-29', sent: true, recipients: 4 });
    clockAt = new Date('2027-03-29T12:05:00Z');
    expect(await digest().run()).toMatchObject({ sent: false, reason: 'already_sent' });
    const mails = await mailbox();
    expect(mails.map((m) => m.to_address).sort()).toEqual(
      [admin.email, falling.email, manager.email, rising.email].sort(),
    );

    const toRising = mails.find((m) => m.to_address === rising.email)!;
    expect(toRising.subject).toBe('Objectives, week of 2027-03-29: all on track');
    // 12 + 13 + 14 + 15 in the 28 days up to today is 13.5 a week; a week earlier 11 + 12 + 13 + 14, 12.5.
    expect(toRising.text).toContain(
      `- Log more calls (North): On track, 13.5 / week (+1 / week since last week; target 15 / week)\n  http://`,
    );
    expect(toRising.text).toContain(`/objectives/${ids['Log more calls (North)']}`);
    expect(toRising.text).not.toContain('South');
    expect(toRising.html).toContain(`/objectives/${ids['Log more calls (North)']}`);

    const toManager = mails.find((m) => m.to_address === manager.email)!;
    expect(toManager.subject).toBe('Objectives, week of 2027-03-29: 1 at risk or off track');
    // 10 + 10 + 9 + 9 = 38 → 9.5 a week; a week earlier 11 + 10 + 10 + 9 = 40 → 10. Its line was on track then.
    const south =
      '- Log more calls (South): Off track (was on track), 9.5 / week (−0.5 / week since last week; target 15 / week)';
    expect(toManager.text).toContain(`At risk or off track:\n${south}`);
    expect(toManager.text).toContain('Log more calls (North)');
    expect(toManager.text.indexOf('Moved most:\n- Log more calls (North)')).toBeGreaterThan(0);
  });

  it('skips a Monday every instance missed, and sends the next week again', async () => {
    const before = (await mailbox()).length;
    clockAt = new Date('2027-03-30T12:00:00Z'); // Tuesday
    expect(await digest().run()).toMatchObject({ week: '2027-03-29', sent: false });
    clockAt = new Date('2027-04-05T11:30:00Z');
    expect(await digest().run()).toMatchObject({ week: '2027-04-05', sent: true, recipients: 4 });
    expect((await mailbox()).length).toBe(before + 4);
  });

  it('formats values and changes as people read them', () => {
    expect(formatValue(0.625, 'ratio', 'EUR', false)).toBe('62.5%');
    expect(formatValue(123_456, 'money', 'EUR', true)).toBe('1,235 EUR / week');
    expect(formatValue(null, 'count', 'EUR', true)).toBe('no value yet');
    expect(changeText(0.6, 0.65, 'ratio', 'EUR', false)).toBe('−5 pts');
    expect(changeText(3, 3, 'count', 'EUR', true)).toBe('no change');
    expect(changeText(null, 3, 'count', 'EUR', true)).toBe('no comparison');
  });
});
