/**
 * Adoption metrics on a hand-built fortnight with known answers: weekly active users, activities, records created and
 * updated per active user, touchpoints logged within a day and features used, by user and team; kept by the rollup
 * consumer (redeliveries counted once) and the same after a rebuild; over HTTP, counting only what the reader may see.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADOPTION_TEAM_VIEW,
  DEPARTMENTS,
  ADOPTION_FEATURES as WEB_FEATURES,
} from '../../../web/modules/objectives/dashboards.ts';
import type { DeliveredEvent } from '../../platform/events.ts';
import { newId } from '../../platform/ids.ts';
import { createUser, json, login, type TestContext, type TestUser, testApp } from '../../test/harness.ts';
import { ObjectivesService } from '../objectives/index.ts';
import { ADOPTION_ACTION_EVENTS, ADOPTION_FEATURES } from './adoption.metrics.ts';

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

interface Ev {
  type: string;
  at: string;
  actor: TestUser | null;
  payload?: Record<string, unknown>;
}

/** Two ISO weeks, 2027-01-04 to 2027-01-17. */
const fortnight = (): Ev[] => [
  // Week 1: Ada logs one touchpoint within the hour and one four days late, and adds a person; Bob edits and moves.
  {
    type: 'activity.logged',
    at: '2027-01-04T09:00:00.000Z',
    actor: a,
    payload: { loggedAt: '2027-01-04T10:00:00.000Z' },
  },
  {
    type: 'activity.logged',
    at: '2027-01-01T09:00:00.000Z',
    actor: a,
    payload: { loggedAt: '2027-01-05T09:00:00.000Z' },
  },
  { type: 'person.created', at: '2027-01-05T11:00:00.000Z', actor: a },
  { type: 'person.updated', at: '2027-01-06T11:00:00.000Z', actor: b },
  { type: 'deal.stage_changed', at: '2027-01-06T12:00:00.000Z', actor: b },
  // Week 2: Ada edits; Cy logs a touchpoint 12 hours after it happened and adds a company.
  { type: 'person.updated', at: '2027-01-12T11:00:00.000Z', actor: a },
  {
    type: 'activity.logged',
    at: '2027-01-12T08:00:00.000Z',
    actor: c,
    payload: { loggedAt: '2027-01-12T20:00:00.000Z' },
  },
  { type: 'company.created', at: '2027-01-13T10:00:00.000Z', actor: c },
  // Not staff actions: system work without an actor, the ERP sync's events.
  { type: 'person.created', at: '2027-01-13T10:00:00.000Z', actor: null },
  { type: 'invoice.created', at: '2027-01-13T10:00:00.000Z', actor: a },
];

async function reset() {
  const db = t.db.database.db;
  await db.deleteFrom('metric_rollups').execute();
  await db.deleteFrom('metric_rollup_events').execute();
  await db.deleteFrom('events').execute();
}

async function store(events: Ev[]): Promise<DeliveredEvent[]> {
  const out: DeliveredEvent[] = [];
  for (const e of events) {
    const id = newId();
    const payload = e.payload ?? {};
    const actorId = e.actor?.id ?? null;
    await t.db.database.db
      .insertInto('events')
      .values({
        id,
        at: e.at,
        type: e.type,
        actor_id: actorId,
        object: 'test',
        record_id: id,
        payload: JSON.stringify(payload),
      })
      .execute();
    out.push({
      id: newId(),
      eventId: id,
      type: e.type,
      payload: { ...payload, object: 'test', recordId: id, actorId, at: e.at },
      attempts: 1,
    });
  }
  return out;
}

const value = (id: string, from: string, to: string, by?: 'user' | 'team', interval?: 'week' | 'day') =>
  t.services.metrics.value(a.actor, id, { from, to, by, interval });

const byKey = (groups: { key: string | null; value: number | null }[]) =>
  Object.fromEntries(groups.map((g) => [g.key ?? '', g.value]));

async function expectKnownAnswers() {
  const [from, to] = ['2027-01-04', '2027-01-17'];
  const north = a.actor.teamIds[0]!;
  const south = c.actor.teamIds[0]!;

  const wau = await value('adoption.weekly_active_users', from, to, 'user', 'week');
  expect(wau.value).toBe(2);
  expect(wau.series).toEqual([
    { period: '2027-01-04', value: 2 },
    { period: '2027-01-11', value: 2 },
  ]);
  expect(byKey(wau.groups)).toEqual({ [a.id]: 1, [b.id]: 0.5, [c.id]: 0.5 });
  expect(byKey((await value('adoption.weekly_active_users', from, to, 'team')).groups)).toEqual({
    [north]: 1.5,
    [south]: 0.5,
  });
  // Wednesday to the next Monday touches two weeks: Bob in the first, Ada and Cy in the second.
  expect((await value('adoption.weekly_active_users', '2027-01-06', '2027-01-12')).value).toBe(1.5);
  // A week with nobody active is a week with none.
  expect((await value('adoption.weekly_active_users', '2027-01-18', '2027-01-31')).value).toBe(0);

  const acts = await value('adoption.activities_per_user', from, to, 'user');
  expect(acts.value).toBe(1);
  expect(byKey(acts.groups)).toEqual({ [a.id]: 2, [b.id]: 0, [c.id]: 1 });
  expect(byKey((await value('adoption.activities_per_user', from, to, 'team')).groups)).toEqual({
    [north]: 1,
    [south]: 1,
  });
  // The late touchpoint counts on the day it was logged (the 5th), not the day it happened.
  expect((await value('adoption.activities_per_user', '2027-01-01', '2027-01-01')).value).toBeNull();
  expect((await value('adoption.activities_per_user', '2027-01-05', '2027-01-05')).value).toBe(1);

  const created = await value('adoption.records_created_per_user', from, to, 'user');
  expect(created.value).toBeCloseTo(2 / 3, 9);
  expect(byKey(created.groups)).toEqual({ [a.id]: 1, [b.id]: 0, [c.id]: 1 });
  const updated = await value('adoption.records_updated_per_user', from, to, 'team');
  expect(updated.value).toBeCloseTo(2 / 3, 9);
  expect(byKey(updated.groups)).toEqual({ [north]: 1, [south]: 0 });

  const inTime = await value('adoption.logged_in_time_rate', from, to, 'user');
  expect(inTime.value).toBeCloseTo(2 / 3, 9);
  expect(byKey(inTime.groups)).toEqual({ [a.id]: 0.5, [c.id]: 1 });

  expect((await value('adoption.used_people', from, to)).value).toBe(3);
  expect((await value('adoption.used_activities', from, to)).value).toBe(3);
  expect((await value('adoption.used_deals', from, to)).value).toBe(1);
  expect((await value('adoption.used_companies', from, to)).value).toBe(1);
  expect((await value('adoption.used_cases', from, to)).value).toBe(0);
}

async function rollupRows() {
  return t.db.database.db
    .selectFrom('metric_rollups')
    .selectAll()
    .where('metric_id', 'like', 'adoption.%')
    .orderBy(['metric_id', 'day', 'user_id', 'team_id'])
    .execute();
}

describe('adoption metrics', () => {
  it('count only staff actions', () => {
    expect(ADOPTION_ACTION_EVENTS).not.toContain('invoice.created');
    expect(ADOPTION_ACTION_EVENTS).not.toContain('portal.request_raised');
    expect(new Set(ADOPTION_ACTION_EVENTS).size).toBe(ADOPTION_ACTION_EVENTS.length);
  });

  it('are what the adoption dashboard shows', () => {
    const shown = [
      ...DEPARTMENTS.find((d) => d.key === 'adoption')!.metrics,
      ...ADOPTION_TEAM_VIEW.map((c) => c.metric),
      ...WEB_FEATURES.map((f) => f.metric),
    ];
    for (const id of shown) expect(t.services.metrics.registry.get(id), id).toBeDefined();
    expect(WEB_FEATURES.map((f) => f.metric)).toEqual(ADOPTION_FEATURES.map((f) => `adoption.used_${f.key}`));
  });

  it('answer a hand-built fortnight, kept by the consumer once per event and the same after a rebuild', async () => {
    await reset();
    const delivered = await store(fortnight());
    for (const d of [...delivered].reverse()) await t.services.metricRollups.apply(d);
    for (const d of delivered.slice(0, 4)) expect(await t.services.metricRollups.apply(d)).toBe(false);
    await expectKnownAnswers();
    const incremental = await rollupRows();
    await t.services.metricRollups.rebuild();
    expect(await rollupRows()).toEqual(incremental);
    await expectKnownAnswers();
  });

  it('can be objectives: a count per user compared per week, weekly active users and a ratio as they are', async () => {
    await reset();
    for (const d of await store(fortnight())) await t.services.metricRollups.apply(d);
    const objectives = new ObjectivesService({
      database: t.db.database,
      metrics: t.services.metrics,
      clock: () => new Date('2027-02-01T12:00:00Z'),
    });
    const ctx = { actor: a.actor, requestId: 'test', ip: null };
    const make = (metricId: string) =>
      objectives.create(ctx, {
        name: metricId,
        metricId,
        baselineFrom: '2027-01-04',
        baselineTo: '2027-01-17',
        target: { relativeChange: 0.5 },
        startDate: '2027-02-01',
        endDate: '2027-03-31',
        ownerId: a.id,
      });
    // One activity per active user in the fortnight: half a one a week.
    expect((await make('adoption.activities_per_user')).baseline).toBe(0.5);
    expect((await make('adoption.weekly_active_users')).baseline).toBe(2);
    expect((await make('adoption.logged_in_time_rate')).baseline).toBeCloseTo(2 / 3, 9);
  });

  it('over HTTP, count for a sales rep only the actions of their teams', async () => {
    await reset();
    for (const d of await store(fortnight())) await t.services.metricRollups.apply(d);
    const sessionB = await login(t.app, b.email);
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/metrics/adoption.weekly_active_users?from=2027-01-04&to=2027-01-17&interval=week&by=user',
      headers: sessionB.headers,
    });
    expect(res.statusCode).toBe(200);
    const body = json(res) as { value: number; groups: { key: string; value: number }[] };
    const visible = await t.services.metrics.value(b.actor, 'adoption.weekly_active_users', {
      from: '2027-01-04',
      to: '2027-01-17',
      by: 'user',
    });
    expect(body.groups).toEqual(visible.groups);
    expect(body.groups.map((g) => g.key).sort()).toEqual([a.id, b.id].sort());
    expect(body.value).toBe(1.5);
  });

  it('gives an activity logged through the API its logging time, so it counts as logged in time', async () => {
    await reset();
    const s = await login(t.app, a.email);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/people',
      headers: s.headers,
      payload: { firstName: 'Lin', lastName: 'Tran' },
    });
    const person = json(created) as { id: string };
    const occurredAt = new Date(Date.now() - 3 * 86_400_000).toISOString();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/activities',
      headers: s.headers,
      payload: { type: 'call', personId: person.id, occurredAt, subject: 'Late call' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const ev = await t.db.database.db
      .selectFrom('events')
      .select(['at', 'payload'])
      .where('type', '=', 'activity.logged')
      .executeTakeFirstOrThrow();
    const loggedAt = JSON.parse(ev.payload).loggedAt as string;
    expect(ev.at).toBe(occurredAt);
    expect(Date.parse(loggedAt) - Date.parse(occurredAt)).toBeGreaterThan(86_400_000);
    await t.services.metricRollups.rebuild();
    const day = loggedAt.slice(0, 10);
    expect((await value('adoption.logged_in_time_rate', day, day)).value).toBe(0);
  });
});
