/**
 * Objectives: the baseline is captured at creation, the target made absolute, and the status follows the projection
 * of hand-built weekly trends (on track, at risk, off track); the HTTP routes create, read, list, change, check in and
 * delete, refusing bad input with problems naming the field and writes without the settings right.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../platform/ids.ts';
import { addDays } from '../../platform/metrics/index.ts';
import { createUser, json, login, type Session, type TestContext, type TestUser, testApp } from '../../test/harness.ts';
import { fitLine, ObjectivesService, progressOf, statusOf, weightedProgress } from './objectives.service.ts';

let t: TestContext;
let admin: TestUser;
let rep: TestUser;
let sAdmin: Session;
let sRep: Session;

beforeAll(async () => {
  t = await testApp();
  admin = await createUser(t.services, 'admin', 'North', 'admin');
  rep = await createUser(t.services, 'sales', 'North', 'rep');
  sAdmin = await login(t.app, admin.email);
  sRep = await login(t.app, rep.email);
});
afterAll(() => t.close());

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

describe('status from a projection of the trend', () => {
  // Today is Wednesday 2027-03-31; the last six complete weeks start on Mondays 2027-02-15 … 2027-03-22.
  const clock = () => new Date('2027-03-31T12:00:00Z');
  const weeks = ['2027-02-15', '2027-02-22', '2027-03-01', '2027-03-08', '2027-03-15', '2027-03-22'];
  let objectives: ObjectivesService;

  beforeAll(() => {
    objectives = new ObjectivesService({ database: t.db.database, metrics: t.services.metrics, clock });
  });

  /** A user who logged 10 a week in January (the baseline), then `trend` per week over the last six weeks. */
  async function objectiveFor(trend: number[]) {
    const user = `u-${newId()}`;
    for (const monday of ['2027-01-04', '2027-01-11', '2027-01-18', '2027-01-25'])
      await logged(user, addDays(monday, 2), 10);
    for (const [i, n] of trend.entries()) await logged(user, addDays(weeks[i]!, 2), n);
    return objectives.create(admin.ctx, {
      name: 'Log more calls',
      metricId: 'activities.logged',
      filter: { userId: user },
      baselineFrom: '2027-01-04',
      baselineTo: '2027-01-31',
      target: { relativeChange: 0.5 },
      startDate: '2027-02-01',
      endDate: '2027-06-27',
      ownerId: admin.id,
    });
  }

  it('is on track when the trend reaches the target by the end date', async () => {
    const o = await objectiveFor([10, 11, 12, 13, 14, 15]);
    expect(o.baseline).toBe(10);
    expect(o.target).toBe(15);
    // Slope 1 a week from 10 at week 0; the end date's week is week 18.
    expect(o.projection).toBeCloseTo(28, 6);
    expect(o.status).toBe('on_track');
    // The last 28 days up to today: 13 + 14 + 15 and Monday–Wednesday of this week (none) → 42 × 7 / 28.
    expect(o.current).toBeCloseTo(10.5, 6);
  });

  it('is at risk when it closes at least half of the gap', async () => {
    const o = await objectiveFor([13, 13, 13, 13, 13, 13]);
    expect(o.projection).toBeCloseTo(13, 6);
    expect(o.status).toBe('at_risk');
  });

  it('is off track when it closes less than half of the gap', async () => {
    const o = await objectiveFor([12, 11, 10, 10, 9, 9]);
    expect(o.projection!).toBeLessThan(10);
    expect(o.status).toBe('off_track');
  });

  it('reads the rule the same way for targets below the baseline and metrics that should go down', () => {
    expect(statusOf('down', 100, 60, 55)).toBe('on_track');
    expect(statusOf('down', 100, 60, 75)).toBe('at_risk');
    expect(statusOf('down', 100, 60, 90)).toBe('off_track');
    expect(statusOf('up', 0.5, 0.5, 0.6)).toBe('on_track');
    expect(statusOf('up', 0.5, 0.5, 0.4)).toBe('off_track');
    expect(statusOf('up', null, null, 3)).toBe('at_risk');
    expect(fitLine([{ x: 0, y: 1 }])).toBeUndefined();
    expect(
      fitLine([
        { x: 0, y: 1 },
        { x: 2, y: 5 },
      ]),
    ).toEqual({ slope: 2, intercept: 1 });
  });
});

describe('progress', () => {
  it('is the share of the way from baseline to target, clamped, for either direction', () => {
    expect(progressOf(10, 20, 15)).toBe(0.5);
    expect(progressOf(10, 20, 25)).toBe(1);
    expect(progressOf(10, 20, 5)).toBe(0);
    expect(progressOf(0.5, 0.3, 0.4)).toBeCloseTo(0.5); // a metric that should go down
    expect(progressOf(null, 20, 15)).toBeNull();
    expect(progressOf(10, null, 15)).toBeNull();
    expect(progressOf(10, 10, 10)).toBe(1);
  });

  it('weighs key results, leaving out those without a progress', () => {
    expect(
      weightedProgress([
        { progress: 1, weight: 3 },
        { progress: 0, weight: 1 },
        { progress: null, weight: 5 },
      ]),
    ).toBe(0.75);
    expect(weightedProgress([{ progress: null, weight: 1 }])).toBeNull();
    expect(weightedProgress([])).toBeNull();
  });
});

describe('HTTP', () => {
  const today = new Date().toISOString().slice(0, 10);
  const body = () => ({
    name: 'Win more of what we quote',
    problem: 'Too many quotes go nowhere',
    metricId: 'sales.win_rate',
    baselineFrom: addDays(today, -90),
    baselineTo: addDays(today, -1),
    target: { value: 0.6 },
    startDate: today,
    endDate: addDays(today, 90),
    ownerId: rep.id,
  });

  it('creates, reads, lists, changes, checks in and deletes', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/objectives',
      headers: sAdmin.headers,
      payload: body(),
    });
    expect(created.statusCode).toBe(201);
    const o = json<{ id: string; baseline: unknown; target: number; status: string; checkIns: unknown[] }>(created);
    expect(o).toMatchObject({
      baseline: null,
      target: 0.6,
      status: 'at_risk',
      checkIns: [],
      metricId: 'sales.win_rate',
    });
    expect(created.headers.location).toBe(`/api/v1/objectives/${o.id}`);

    const read = await t.app.inject({ method: 'GET', url: `/api/v1/objectives/${o.id}`, headers: sRep.headers });
    expect(read.statusCode).toBe(200);
    expect(json(read)).toMatchObject({ id: o.id, name: 'Win more of what we quote', current: null, projection: null });

    const list = await t.app.inject({ method: 'GET', url: '/api/v1/objectives', headers: sRep.headers });
    expect(json<{ data: { id: string }[] }>(list).data.map((x) => x.id)).toContain(o.id);

    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/objectives/${o.id}`,
      headers: { ...sAdmin.headers, 'if-match': '"1"' },
      payload: { target: { value: 0.7 }, name: 'Win more' },
    });
    expect(patched.statusCode).toBe(200);
    expect(json(patched)).toMatchObject({ name: 'Win more', target: 0.7, version: 2 });
    const stale = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/objectives/${o.id}`,
      headers: { ...sAdmin.headers, 'if-match': '"1"' },
      payload: { name: 'Again' },
    });
    expect(stale.statusCode).toBe(412);

    const checkIn = await t.app.inject({
      method: 'POST',
      url: `/api/v1/objectives/${o.id}/check-ins`,
      headers: sAdmin.headers,
      payload: { comment: 'Two big quotes out this week' },
    });
    expect(checkIn.statusCode).toBe(201);
    expect(json(checkIn)).toMatchObject({ comment: 'Two big quotes out this week', value: null, authorId: admin.id });
    const after = await t.app.inject({ method: 'GET', url: `/api/v1/objectives/${o.id}`, headers: sRep.headers });
    expect(json<{ checkIns: unknown[] }>(after).checkIns).toHaveLength(1);

    const gone = await t.app.inject({ method: 'DELETE', url: `/api/v1/objectives/${o.id}`, headers: sAdmin.headers });
    expect(gone.statusCode).toBe(204);
    const missing = await t.app.inject({ method: 'GET', url: `/api/v1/objectives/${o.id}`, headers: sAdmin.headers });
    expect(missing.statusCode).toBe(404);
    expect(json(missing)).toMatchObject({ code: 'objectives.not_found' });
  });

  it('captures the baseline from the rollups and makes a relative target absolute', async () => {
    await logged(rep.id, addDays(today, -10), 6);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/objectives',
      headers: sAdmin.headers,
      payload: {
        ...body(),
        metricId: 'activities.logged',
        filter: { userId: rep.id },
        baselineFrom: addDays(today, -13),
        baselineTo: addDays(today, -7),
        target: { relativeChange: -0.5 },
      },
    });
    expect(res.statusCode).toBe(201);
    expect(json(res)).toMatchObject({ baseline: 6, target: 3 });
  });

  it('captures a missing baseline once its period has data (history imported later), audited as the system', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/objectives',
      headers: sAdmin.headers,
      payload: {
        ...body(),
        name: 'Log as much again',
        metricId: 'activities.logged',
        filter: { userId: rep.id },
        baselineFrom: addDays(today, -40),
        baselineTo: addDays(today, -34),
        target: { relativeChange: 1 },
      },
    });
    const created = json<{ id: string; baseline: number | null; target: number | null }>(res);
    expect(created).toMatchObject({ baseline: null, target: null });
    await logged(rep.id, addDays(today, -37), 4);
    const read = await t.app.inject({ url: `/api/v1/objectives/${created.id}`, headers: sRep.headers });
    expect(json(read)).toMatchObject({ baseline: 4, target: 8 });
    const again = await t.app.inject({ url: `/api/v1/objectives/${created.id}`, headers: sRep.headers });
    expect(json(again)).toMatchObject({ baseline: 4, target: 8 });
    const audit = await t.db.database.db
      .selectFrom('audit_log')
      .select(['actor_id', 'changes'])
      .where('object', '=', 'objectives')
      .where('record_id', '=', created.id)
      .where('action', '=', 'update')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor_id).toBeNull();
    expect(JSON.parse(audit[0]!.changes)).toEqual({ baseline: { from: null, to: 4 }, target: { from: null, to: 8 } });
  });

  it('measures key results: each with its baseline, target, progress and status; weighted into the objective', async () => {
    await logged(admin.id, addDays(today, -9), 7);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/objectives',
      headers: sAdmin.headers,
      payload: {
        ...body(),
        name: 'Customers hear from us',
        metricId: 'activities.logged',
        filter: { userId: admin.id },
        baselineFrom: addDays(today, -13),
        baselineTo: addDays(today, -7),
        target: { relativeChange: 1 },
        keyResults: [
          { metricId: 'activities.logged', filter: { userId: admin.id }, target: { value: 14 }, weight: 3 },
          { metricId: 'sales.win_rate', target: { value: 0.5 } },
        ],
      },
    });
    expect(res.statusCode).toBe(201);
    type KR = { baseline: number | null; target: number | null; current: number | null; progress: number | null };
    const o = json<{ id: string; progress: number | null; keyResults: (KR & { weight: number; status: string })[] }>(
      res,
    );
    expect(o.keyResults).toHaveLength(2);
    const logs = o.keyResults[0]!;
    const wins = o.keyResults[1]!;
    expect(logs).toMatchObject({ baseline: 7, target: 14, weight: 3 });
    expect(logs.progress).toBe(progressOf(7, 14, logs.current));
    // No deals were ever decided: no baseline, no progress, and the objective's progress is the first one's alone.
    expect(wins).toMatchObject({ baseline: null, target: 0.5, progress: null, weight: 1, status: 'at_risk' });
    expect(o.progress).toBe(logs.progress);

    const bad = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/objectives/${o.id}`,
      headers: sAdmin.headers,
      payload: { keyResults: [{ metricId: 'no.such', target: { value: 1 } }] },
    });
    expect(bad.statusCode).toBe(422);
    expect(json<{ errors: { pointer: string }[] }>(bad).errors.map((e) => e.pointer)).toEqual([
      '/keyResults/0/metricId',
    ]);
    const replaced = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/objectives/${o.id}`,
      headers: sAdmin.headers,
      payload: { keyResults: [{ metricId: 'activities.logged', filter: { userId: admin.id }, target: { value: 21 } }] },
    });
    expect(replaced.statusCode).toBe(200);
    expect(json<{ keyResults: KR[] }>(replaced).keyResults).toMatchObject([{ baseline: 7, target: 21 }]);
    const audit = await t.db.database.db
      .selectFrom('audit_log')
      .select('changes')
      .where('record_id', '=', o.id)
      .where('action', '=', 'update')
      .execute();
    expect(audit.map((a) => Object.keys(JSON.parse(a.changes)))).toContainEqual(expect.arrayContaining(['keyResults']));
  });

  it('refuses bad input naming the field, and writes without the settings right', async () => {
    const post = (payload: unknown, headers = sAdmin.headers) =>
      t.app.inject({ method: 'POST', url: '/api/v1/objectives', headers, payload: payload as object });
    const pointers = (res: Awaited<ReturnType<typeof post>>) =>
      json<{ errors: { pointer: string }[] }>(res).errors.map((e) => e.pointer);
    const unknown = await post({ ...body(), metricId: 'sales.nope' });
    expect(unknown.statusCode).toBe(422);
    expect(pointers(unknown)).toEqual(['/metricId']);
    const dates = await post({ ...body(), baselineFrom: '2027-02-30', endDate: body().startDate });
    expect(dates.statusCode).toBe(422);
    expect(pointers(dates)).toEqual(['/baselineFrom', '/endDate']);
    const owner = await post({ ...body(), ownerId: 'nobody' });
    expect(pointers(owner)).toEqual(['/ownerId']);
    const noName = await post({ ...body(), name: undefined });
    expect(noName.statusCode).toBe(400);
    const badTarget = await post({ ...body(), target: { percent: 3 } });
    expect(badTarget.statusCode).toBe(400);
    expect(JSON.stringify(json(badTarget))).toContain('/target');
    const forbidden = await post(body(), sRep.headers);
    expect(forbidden.statusCode).toBe(403);
  });
});
