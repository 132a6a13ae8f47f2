import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, json, login, type Session, type TestContext, type TestUser, testApp } from '../../test/harness.ts';
import { dayWindows } from '../tasks/index.ts';

let t: TestContext;
let admin: TestUser;
let me: TestUser;
let mate: TestUser;
let south: TestUser;
let sMe: Session;
let sMate: Session;
let sSouth: Session;
let sAdmin: Session;

const DAY = 86_400_000;
const daysAgo = (d: number) => new Date(Date.now() - d * DAY).toISOString();
const inDays = (d: number) => new Date(Date.now() + d * DAY).toISOString();

/** A person whose last two-way contact was `lastDaysAgo` days ago on a `cadence`-day rhythm. */
async function person(owner: TestUser, name: string, cadence: number, lastDaysAgo: number): Promise<string> {
  const p = await t.services.people.create(owner.ctx, { firstName: name, lastName: 'Test', cadenceDays: cadence });
  await t.services.people.recordContact(t.db.database.db, p.id!, {
    at: daysAgo(lastDaysAgo),
    byUserId: owner.id,
    channel: 'phone',
    twoWay: true,
  });
  return p.id!;
}

async function company(owner: TestUser, name: string, cadence: number, lastDaysAgo: number): Promise<string> {
  const c = await t.services.companies.create(admin.ctx, {
    name,
    ownerId: owner.id,
    teamId: owner.actor.teamIds[0],
    cadenceDays: cadence,
  });
  await t.services.companies.recordContact(t.db.database.db, c.id, {
    at: daysAgo(lastDaysAgo),
    byUserId: owner.id,
    channel: 'email',
    twoWay: true,
  });
  return c.id;
}

let cold: Record<string, string>;

beforeAll(async () => {
  t = await testApp();
  admin = await createUser(t.services, 'admin', null, 'admin');
  me = await createUser(t.services, 'sales', 'North', 'me');
  mate = await createUser(t.services, 'sales', 'North', 'mate');
  south = await createUser(t.services, 'sales', 'South', 'south');
  sMe = await login(t.app, me.email);
  sMate = await login(t.app, mate.email);
  sSouth = await login(t.app, south.email);
  sAdmin = await login(t.app, admin.email);
  cold = {
    veryCold: await person(me, 'Vera', 10, 40), // due 30 days ago
    cold: await person(me, 'Colin', 10, 15), // due 5 days ago
    warm: await person(me, 'Wanda', 10, 2), // due in 8 days
    mateCold: await person(mate, 'Matt', 10, 25), // due 15 days ago, North teammate's
    southCold: await person(south, 'Sid', 10, 50), // due 40 days ago, South's
    coldCo: await company(me, 'Frosty Ltd', 30, 45), // due 15 days ago
    warmCo: await company(me, 'Toasty Ltd', 30, 1),
  };
});
afterAll(() => t.close());

type Item = { object: string; id: string; name: string; daysOverdue: number; contactDueAt: string; owner: unknown };
type List = { data: Item[]; total: number; totalCapped: boolean };
const get = (url: string, s: Session = sMe) => t.app.inject({ url: `/api/v1${url}`, headers: s.headers });

describe('GET /api/v1/going-cold', () => {
  it('lists my people whose contact is overdue, most overdue first', async () => {
    const res = await get('/going-cold?scope=me&object=people');
    expect(res.statusCode).toBe(200);
    const body = json<List>(res);
    expect(body.data.map((i) => [i.name, i.daysOverdue])).toEqual([
      ['Vera Test', 30],
      ['Colin Test', 5],
    ]);
    expect(body.total).toBe(2);
    expect(body.data[0]).toMatchObject({
      object: 'people',
      id: cold.veryCold,
      owner: { id: me.id, name: me.actor.name },
      lastContact: { at: expect.any(String), by: { id: me.id, name: me.actor.name }, channel: 'phone' },
    });
  });

  it("widens to my team's records and, with scope=all, to everything I may see (never another team's)", async () => {
    const team = json<List>(await get('/going-cold?scope=team&object=people'));
    expect(team.data.map((i) => i.id)).toEqual([cold.veryCold, cold.mateCold, cold.cold]);
    const all = json<List>(await get('/going-cold?scope=all&object=people'));
    expect(all.data.map((i) => i.id)).toEqual([cold.veryCold, cold.mateCold, cold.cold]);
    const south = json<List>(await get('/going-cold?scope=all&object=people', sSouth));
    expect(south.data.map((i) => i.id)).toEqual([cold.southCold]);
    const everything = json<List>(await get('/going-cold?scope=all&object=people&limit=2', sAdmin));
    expect(everything.data.map((i) => i.id)).toEqual([cold.southCold, cold.veryCold]);
    expect(everything.total).toBe(4);
  });

  it('gives someone in no team (a manager overseeing everyone) everything they may see as "my team"', async () => {
    const manager = await createUser(t.services, 'manager', null, 'boss');
    const sBoss = await login(t.app, manager.email);
    const team = json<List>(await get('/going-cold?scope=team&object=people', sBoss));
    expect(team.data.map((i) => i.id)).toEqual([cold.southCold, cold.veryCold, cold.mateCold, cold.cold]);
    expect(team.total).toBe(4);
    expect(json<List>(await get('/going-cold?scope=me&object=people', sBoss)).total).toBe(0);
  });

  it('lists companies going cold too (contactDueAt is filterable and sortable on companies)', async () => {
    const body = json<List>(await get('/going-cold?object=companies'));
    expect(body.data.map((i) => [i.object, i.name, i.daysOverdue])).toEqual([['companies', 'Frosty Ltd', 15]]);
    const list = await get(`/companies?filter=contactDueAt:lt:${new Date().toISOString()}&sort=-contactDueAt`, sAdmin);
    expect(list.statusCode).toBe(200);
    expect(json<{ data: { name: string }[] }>(list).data.map((c) => c.name)).toEqual(['Frosty Ltd']);
  });

  it('rejects an unknown scope at the schema edge (400) and needs a login (401)', async () => {
    expect((await get('/going-cold?scope=galaxy')).statusCode).toBe(400);
    expect((await t.app.inject({ url: '/api/v1/going-cold' })).statusCode).toBe(401);
  });
});

describe('GET /api/v1/my-day', () => {
  it('gathers my overdue and due-today tasks, promises due within a week, records going cold and counts', async () => {
    const w = dayWindows(new Date(), 'Europe/London');
    const task = (title: string, dueAt: string, s: Session = sMe, extra: Record<string, unknown> = {}) =>
      t.app
        .inject({ method: 'POST', url: '/api/v1/tasks', headers: s.headers, payload: { title, dueAt, ...extra } })
        .then((r) => json<{ id: string }>(r).id);
    const overdueTask = await task('overdue task', daysAgo(2));
    const laterToday = await task('later today', new Date(Date.parse(w.tomorrowStart) - 1).toISOString());
    await task('tomorrow', new Date(Date.parse(w.tomorrowStart) + 60_000).toISOString());
    const done = await task('done already', daysAgo(1));
    await t.app.inject({ method: 'POST', url: `/api/v1/tasks/${done}/complete`, headers: sMe.headers });
    await task('mate task', daysAgo(1), sMate);
    await task('mine, created by mate', daysAgo(3), sMate, { assigneeId: me.id });

    const promise = (description: string, dueAt: string) =>
      t.app
        .inject({
          method: 'POST',
          url: '/api/v1/promises',
          headers: sMe.headers,
          payload: { description, dueAt, personId: cold.cold },
        })
        .then((r) => json<{ id: string }>(r).id);
    const missed = await promise('missed', daysAgo(1));
    const thisWeek = await promise('this week', inDays(3));
    await promise('next month', inDays(30));
    await t.services.notifications.notify(t.db.database.db, [{ userId: me.id, kind: 'task_reminder', title: 'x' }]);

    const res = await get('/my-day');
    expect(res.statusCode).toBe(200);
    const day = json<{
      tasks: { id: string; title: string }[];
      promises: { id: string }[];
      goingCold: { people: Item[]; companies: Item[] };
      counts: Record<string, number>;
    }>(res);
    expect(day.tasks.map((x) => x.title)).toEqual(['mine, created by mate', 'overdue task', 'later today']);
    expect(day.tasks.map((x) => x.id)).toContain(overdueTask);
    expect(day.tasks.map((x) => x.id)).toContain(laterToday);
    expect(day.promises.map((x) => x.id)).toEqual([missed, thisWeek]);
    expect(day.goingCold.people.map((i) => i.id)).toEqual([cold.veryCold, cold.cold]);
    expect(day.goingCold.companies.map((i) => i.id)).toEqual([cold.coldCo]);
    expect(day.counts).toEqual({
      overdueTasks: 2,
      tasksDueToday: 1,
      overduePromises: 1,
      promisesDueThisWeek: 1,
      goingColdPeople: 2,
      goingColdCompanies: 1,
      unreadNotifications: 1,
    });
  });

  it('is empty, not an error, for a user with nothing on', async () => {
    const res = await get('/my-day', sSouth);
    expect(res.statusCode).toBe(200);
    expect(json<{ tasks: unknown[]; counts: Record<string, number> }>(res)).toMatchObject({
      tasks: [],
      promises: [],
      goingCold: { people: [{ id: cold.southCold }], companies: [] },
      counts: { overdueTasks: 0, tasksDueToday: 0, goingColdPeople: 1, unreadNotifications: 0 },
    });
  });
});
