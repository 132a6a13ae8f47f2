/**
 * Typed links: tasks, promises and activities link to any kind of record (subjectKind + subjectId), validated against
 * the kinds that exist and what the actor may see; every kind reads its own timeline from the spine; and
 * `repointLinks` moves every link from one record to another (what merging will use).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repointLinks } from '../../platform/records/links.ts';
import { createUser, json, login, type Session, type TestContext, type TestUser, testApp } from '../../test/harness.ts';

let t: TestContext;
let north: TestUser;
let south: TestUser;
let sNorth: Session;
let sSouth: Session;
let ada: string;
let acme: string;
let southPerson: string;

const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();

beforeAll(async () => {
  t = await testApp();
  north = await createUser(t.services, 'sales', 'North', 'north');
  south = await createUser(t.services, 'sales', 'South', 'south');
  [sNorth, sSouth] = await Promise.all([login(t.app, north.email), login(t.app, south.email)]);
  acme = (await t.services.companies.create(north.ctx, { name: 'Acme Links' })).id!;
  ada = (await t.services.people.create(north.ctx, { firstName: 'Ada', lastName: 'Links', companyId: acme })).id!;
  southPerson = (await t.services.people.create(south.ctx, { firstName: 'Sam', lastName: 'South' })).id!;
});
afterAll(() => t.close());

const post = (url: string, payload: unknown, s = sNorth) =>
  t.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: s.headers, payload: payload as object });
const get = (url: string, s = sNorth) => t.app.inject({ url: `/api/v1${url}`, headers: s.headers });

interface Linked {
  id: string;
  subjectKind: string | null;
  subjectId: string | null;
  personId: string | null;
  companyId: string | null;
}
interface Page {
  data: { type: string; summary: string; object: string; recordId: string }[];
}

describe('typed links on writes', () => {
  it('a task, promise and activity take subjectKind + subjectId and answer them with the anchors they imply', async () => {
    const task = await post('/tasks', { title: 'Call about the renewal', subjectKind: 'companies', subjectId: acme });
    expect(task.statusCode, task.body).toBe(201);
    expect(json<Linked>(task)).toMatchObject({ subjectKind: 'companies', subjectId: acme, companyId: acme });

    const promise = await post('/promises', {
      description: 'send the quote',
      dueAt: inDays(3),
      subjectKind: 'people',
      subjectId: ada,
    });
    expect(promise.statusCode, promise.body).toBe(201);
    expect(json<Linked>(promise)).toMatchObject({ subjectKind: 'people', subjectId: ada, personId: ada });

    const activity = await post('/activities', {
      type: 'note',
      subject: 'Quote',
      body: 'Spoke about the quote',
      subjectKind: 'people',
      subjectId: ada,
    });
    expect(activity.statusCode, activity.body).toBe(201);
    expect(json<Linked>(activity)).toMatchObject({
      subjectKind: 'people',
      subjectId: ada,
      personId: ada,
      companyId: acme,
    });
  });

  it('a person or company given the old way becomes the subject', async () => {
    const task = await post('/tasks', { title: 'Old client', personId: ada });
    expect(json<Linked>(task)).toMatchObject({ subjectKind: 'people', subjectId: ada, personId: ada });
    const byCompany = await post('/tasks', { title: 'Old client, company', companyId: acme });
    expect(json<Linked>(byCompany)).toMatchObject({ subjectKind: 'companies', subjectId: acme });
  });

  it('links to a record of another kind (a task about a promise), lending its anchors to the 360° timelines', async () => {
    const promise = json<Linked>(
      await post('/promises', { description: 'deliver the samples', dueAt: inDays(5), personId: ada }),
    );
    const task = await post('/tasks', { title: 'Pack the samples', subjectKind: 'promises', subjectId: promise.id });
    expect(task.statusCode, task.body).toBe(201);
    expect(json<Linked>(task)).toMatchObject({
      subjectKind: 'promises',
      subjectId: promise.id,
      personId: ada, // the promise's anchor
      companyId: null,
    });
    // The promise's own timeline: its lifecycle and the task linked to it.
    const own = json<Page>(await get(`/timeline?subjectKind=promises&subjectId=${promise.id}`));
    expect(own.data.map((e) => e.type)).toEqual(['task.created', 'promise.created']);
    // Ada's 360° timeline still shows both.
    const ada360 = json<Page>(await get(`/people/${ada}/timeline`));
    expect(ada360.data.some((e) => e.summary.includes('Pack the samples'))).toBe(true);
    // Tasks filter by their subject.
    const listed = json<{ data: Linked[] }>(await get(`/tasks?subjectKind=promises&subjectId=${promise.id}`));
    expect(listed.data.map((x) => x.id)).toEqual([json<Linked>(task).id]);
  });

  it('refuses an unknown kind, a missing record, one the actor may not see, and half a link (422 naming the field)', async () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [
        { subjectKind: 'spaceships', subjectId: ada },
        '/subjectKind',
        /is not a kind of record \(one of: people, companies/,
      ],
      [{ subjectKind: 'people', subjectId: 'no-such-person' }, '/subjectId', /is not a person you can see/],
      [{ subjectKind: 'people', subjectId: southPerson }, '/subjectId', /is not a person you can see/],
      [{ subjectKind: 'companies' }, '/subjectId', /is required with the other half/],
    ];
    for (const [link, pointer, detail] of cases) {
      const res = await post('/tasks', { title: 'Bad link', ...link });
      expect(res.statusCode, res.body).toBe(422);
      const body = json<{ errors: { pointer: string; detail: string }[] }>(res);
      expect(body.errors).toHaveLength(1);
      expect(body.errors[0]!.pointer).toBe(pointer);
      expect(body.errors[0]!.detail).toMatch(detail);
    }
    const promise = await post('/promises', {
      description: 'x',
      dueAt: inDays(1),
      subjectKind: 'companies',
      subjectId: 'nope',
    });
    expect(promise.statusCode).toBe(422);
    expect(json<{ errors: { pointer: string }[] }>(promise).errors.map((e) => e.pointer)).toEqual(['/subjectId']);
  });
});

describe('any record’s own timeline', () => {
  it('answers 400 for a kind that cannot be linked to and 404 for a record the actor may not see', async () => {
    const bad = await get(`/timeline?subjectKind=spaceships&subjectId=${ada}`);
    expect(bad.statusCode).toBe(400);
    const hidden = await get(`/timeline?subjectKind=people&subjectId=${ada}`, sSouth);
    expect(hidden.statusCode).toBe(404);
    const mine = await get(`/timeline?subjectKind=people&subjectId=${ada}`);
    expect(mine.statusCode).toBe(200);
    // A person's own timeline is what was written for them: their lifecycle and the records linked to them.
    expect(json<Page>(mine).data.map((e) => e.type)).toContain('person.created');
  });
});

describe('repointLinks', () => {
  it('moves every task, promise, activity and timeline entry of one person onto another in one transaction', async () => {
    const from = (await t.services.people.create(north.ctx, { firstName: 'Dup', lastName: 'Licate' })).id!;
    const to = (await t.services.people.create(north.ctx, { firstName: 'Dup', lastName: 'Keeper' })).id!;
    const task = await t.services.tasks.create(north.ctx, { title: 'About the duplicate', personId: from });
    const promise = await t.services.promises.create(north.ctx, {
      description: 'call back the duplicate',
      dueAt: inDays(2),
      subjectKind: 'people',
      subjectId: from,
    });
    await t.services.activities.log(north.ctx, {
      type: 'note',
      subject: 'Met',
      body: 'Met the duplicate',
      personId: from,
    });
    const before = json<Page>(await get(`/people/${from}/timeline`)).data.length;
    expect(before).toBeGreaterThanOrEqual(4); // created, task, promise, activity

    const moved = await t.services.database.db.transaction().execute((trx) => repointLinks(trx, 'people', from, to));
    expect(moved).toEqual({ tasks: 1, promises: 1, activities: 1, timeline: before });

    expect(json<Page>(await get(`/people/${from}/timeline`)).data).toHaveLength(0);
    const keeper = json<Page>(await get(`/people/${to}/timeline`)).data;
    expect(keeper.length).toBe(before + 1); // its own creation, and everything the duplicate had
    const ownTimeline = json<Page>(await get(`/timeline?subjectKind=people&subjectId=${to}`)).data;
    expect(ownTimeline.map((e) => e.recordId)).toEqual(expect.arrayContaining([task.id, promise.id]));
    expect(json<Linked>(await get(`/tasks/${task.id}`))).toMatchObject({
      personId: to,
      subjectKind: 'people',
      subjectId: to,
    });
    expect(json<Linked>(await get(`/promises/${promise.id}`))).toMatchObject({ personId: to, subjectId: to });
  });

  it('moves links of any kind (no anchors) and touches nothing else', async () => {
    const a = await t.services.promises.create(north.ctx, { description: 'a', dueAt: inDays(2), personId: ada });
    const b = await t.services.promises.create(north.ctx, { description: 'b', dueAt: inDays(2), personId: ada });
    const task = await t.services.tasks.create(north.ctx, {
      title: 'About a',
      subjectKind: 'promises',
      subjectId: a.id,
    });
    const other = await t.services.tasks.create(north.ctx, { title: 'About Ada', personId: ada });
    const moved = await t.services.database.db
      .transaction()
      .execute((trx) => repointLinks(trx, 'promises', a.id, b.id));
    expect(moved).toMatchObject({ tasks: 1, promises: 0, activities: 0 });
    expect(json<Linked>(await get(`/tasks/${task.id}`))).toMatchObject({ subjectKind: 'promises', subjectId: b.id });
    expect(json<Linked>(await get(`/tasks/${other.id}`))).toMatchObject({ subjectKind: 'people', subjectId: ada });
  });
});
