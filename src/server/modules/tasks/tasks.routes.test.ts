import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, json, login, type Session, type TestContext, type TestUser, testApp } from '../../test/harness.ts';
import { dayWindows } from './day.ts';

let t: TestContext;
let admin: TestUser;
let north: TestUser;
let northMate: TestUser;
let south: TestUser;
let marketing: TestUser;
let sN: Session;
let sMate: Session;
let sS: Session;
let sAdmin: Session;
let sRO: Session;
let sMkt: Session;
let companyId: string;
let personId: string;
let southPersonId: string;

beforeAll(async () => {
  t = await testApp();
  admin = await createUser(t.services, 'admin', 'North', 'admin');
  north = await createUser(t.services, 'sales', 'North', 'north');
  northMate = await createUser(t.services, 'sales', 'North', 'mate');
  south = await createUser(t.services, 'sales', 'South', 'south');
  marketing = await createUser(t.services, 'marketing', 'West', 'mkt');
  const readOnly = await createUser(t.services, 'read-only', 'North', 'ro');
  sN = await login(t.app, north.email);
  sMate = await login(t.app, northMate.email);
  sS = await login(t.app, south.email);
  sAdmin = await login(t.app, admin.email);
  sRO = await login(t.app, readOnly.email);
  sMkt = await login(t.app, marketing.email);
  const c = await t.services.companies.create(admin.ctx, {
    name: 'Acme Ltd',
    ownerId: north.id,
    teamId: north.actor.teamIds[0],
  });
  companyId = c.id;
  const p = await t.services.people.create(admin.ctx, {
    firstName: 'Ada',
    lastName: 'Lovelace',
    companyId,
    ownerId: north.id,
    teamId: north.actor.teamIds[0],
  });
  personId = p.id!;
  const sp = await t.services.people.create(admin.ctx, {
    firstName: 'Sam',
    lastName: 'South',
    ownerId: south.id,
    teamId: south.actor.teamIds[0],
  });
  southPersonId = sp.id!;
});
afterAll(() => t.close());

type TaskBody = {
  id: string;
  title: string;
  status: string;
  dueAt: string | null;
  remindAt: string | null;
  remindedAt: string | null;
  assigneeId: string;
  assignee: { id: string; name: string } | null;
  teamId: string | null;
  person: { id: string; name: string } | null;
  company: { id: string; name: string } | null;
  createdById: string;
  completedAt: string | null;
  overdue: boolean;
  version: number;
  priority: string;
};
type Page = { data: TaskBody[]; nextCursor: string | null; total: number; totalCapped: boolean };

const post = (url: string, payload: unknown, s: Session = sN, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1${url}`,
    headers: { ...s.headers, ...headers },
    payload: payload as object,
  });
const get = (url: string, s: Session = sN) => t.app.inject({ url: `/api/v1${url}`, headers: s.headers });
const create = async (payload: Record<string, unknown>, s: Session = sN): Promise<TaskBody> => {
  const res = await post('/tasks', payload, s);
  if (res.statusCode !== 201) throw new Error(`create failed: ${res.statusCode} ${res.body}`);
  return json<TaskBody>(res);
};
const timelineOf = (recordId: string) =>
  t.db.database.db
    .selectFrom('timeline')
    .select(['type', 'summary', 'person_id', 'company_id'])
    .where('record_id', '=', recordId)
    .orderBy('id')
    .execute();
const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();

describe('POST /api/v1/tasks', () => {
  it('creates a task assigned to the actor, linked to a person, with a timeline entry on the person and company', async () => {
    const dueAt = '2031-12-03T10:00:00+01:00';
    const res = await post('/tasks', { title: '  Send the revised quote ', dueAt, personId, priority: 'high' });
    expect(res.statusCode).toBe(201);
    const task = json<TaskBody>(res);
    expect(task).toMatchObject({
      title: 'Send the revised quote',
      status: 'open',
      priority: 'high',
      dueAt: '2031-12-03T09:00:00.000Z',
      assigneeId: north.id,
      assignee: { id: north.id, name: north.actor.name },
      teamId: north.actor.teamIds[0],
      person: { id: personId, name: 'Ada Lovelace' },
      company: null,
      createdById: north.id,
      overdue: false,
      version: 1,
    });
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers.location).toBe(`/api/v1/tasks/${task.id}`);
    expect(await timelineOf(task.id)).toEqual([
      {
        type: 'task.created',
        summary: `Task for ${north.actor.name}: Send the revised quote (due 3 Dec 2031)`,
        person_id: personId,
        company_id: companyId,
      },
    ]);
    const audit = await t.db.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id'])
      .where('object', '=', 'tasks')
      .where('record_id', '=', task.id)
      .execute();
    expect(audit).toEqual([{ action: 'create', actor_id: north.id }]);
  });

  it('assigns to a teammate and takes their team', async () => {
    const task = await create({ title: 'Call back', assigneeId: northMate.id, companyId });
    expect(task.assigneeId).toBe(northMate.id);
    expect(task.company).toEqual({ id: companyId, name: 'Acme Ltd' });
  });

  it('names each invalid field with a JSON pointer (422) and writes nothing', async () => {
    const before = json<Page>(await get('/tasks', sAdmin)).total;
    const res = await post('/tasks', {
      title: 'Bad',
      dueAt: 'next tuesday',
      assigneeId: 'nobody',
      personId: southPersonId,
      companyId: 'no-such-company',
    });
    expect(res.statusCode).toBe(422);
    const body = json<{ code: string; errors: { pointer: string; detail: string }[] }>(res);
    expect(body.code).toBe('validation.failed');
    expect(body.errors.map((e) => e.pointer).sort()).toEqual(['/assigneeId', '/companyId', '/dueAt', '/personId']);
    expect(body.errors.find((e) => e.pointer === '/personId')?.detail).toBe('is not a person you can see');
    expect(json<Page>(await get('/tasks', sAdmin)).total).toBe(before);
  });

  it('rejects a missing title and unknown fields at the schema edge (400)', async () => {
    const res = await post('/tasks', { notes: 'x', colour: 'red' });
    expect(res.statusCode).toBe(400);
    const pointers = json<{ errors: { pointer: string }[] }>(res).errors.map((e) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/title', '/colour']));
  });

  it('refuses a read-only user (403) while letting them read', async () => {
    const res = await post('/tasks', { title: 'Nope' }, sRO);
    expect(res.statusCode).toBe(403);
    expect(json(res).code).toBe('access.forbidden');
    expect((await get('/tasks', sRO)).statusCode).toBe(200);
  });
});

describe('task visibility', () => {
  let northTask: TaskBody;
  beforeAll(async () => {
    northTask = await create({ title: 'North only', personId });
  });

  it('hides a North task from a South sales user: 404 on read, write and complete, absent from lists', async () => {
    expect((await get(`/tasks/${northTask.id}`, sS)).statusCode).toBe(404);
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/tasks/${northTask.id}`,
      headers: sS.headers,
      payload: { title: 'Mine now' },
    });
    expect(patch.statusCode).toBe(404);
    expect(json(patch).code).toBe('tasks.not_found');
    expect((await post(`/tasks/${northTask.id}/complete`, {}, sS)).statusCode).toBe(404);
    expect(json<Page>(await get('/tasks', sS)).data.map((x) => x.id)).not.toContain(northTask.id);
    expect((await get(`/tasks/${northTask.id}`, sN)).json().title).toBe('North only');
  });

  it('shows a task to teammates (team visibility), to all-visibility roles, and to its assignee in another team', async () => {
    expect((await get(`/tasks/${northTask.id}`, sMate)).statusCode).toBe(200);
    expect((await get(`/tasks/${northTask.id}`, sMkt)).statusCode).toBe(200);
    const forSouth = await create({ title: 'Handed to South', assigneeId: south.id });
    expect(forSouth.teamId).toBe(south.actor.teamIds[0]);
    // South sees it as its assignee; North still sees it as its creator.
    expect((await get(`/tasks/${forSouth.id}`, sS)).statusCode).toBe(200);
    expect((await get(`/tasks/${forSouth.id}`, sN)).statusCode).toBe(200);
  });
});

describe('GET /api/v1/tasks', () => {
  let ids: Record<string, string>;
  let lister: TestUser;
  let sL: Session;
  beforeAll(async () => {
    lister = await createUser(t.services, 'sales', 'East', 'lister');
    sL = await login(t.app, lister.email);
    const w = dayWindows(new Date(), 'Europe/London');
    const day = (iso: string, d: number) => new Date(Date.parse(iso) + d * 86_400_000).toISOString();
    const make = (title: string, dueAt: string | null, extra: Record<string, unknown> = {}) =>
      create({ title, dueAt, ...extra }, sL).then((x) => x.id);
    ids = {
      overdue: await make('overdue', day(w.todayStart, -1)),
      todayStart: await make('today', w.todayStart),
      tomorrow: await make('tomorrow', w.tomorrowStart),
      nextWeek: await make('after the week', w.weekEnd),
      undated: await make('undated', null),
      linked: await make('linked', day(w.weekEnd, 2), { personId: undefined, companyId: undefined }),
    };
  });

  it('lists soonest due first with undated last, and pages by keyset without repeats', async () => {
    const all = json<Page>(await get('/tasks?assignee=me', sL));
    expect(all.total).toBe(6);
    expect(all.data.map((x) => x.title)).toEqual([
      'overdue',
      'today',
      'tomorrow',
      'after the week',
      'linked',
      'undated',
    ]);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/tasks?assignee=me&limit=4${cursor ? `&cursor=${cursor}` : ''}`;
      const page: Page = json<Page>(await get(url, sL));
      seen.push(...page.data.map((x) => x.title));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.data.map((x) => x.title));
  });

  it('filters by due window (workspace time zone), status and assignee', async () => {
    const titles = async (q: string) => json<Page>(await get(`/tasks?assignee=me&${q}`, sL)).data.map((x) => x.title);
    // Due at the start of today is already past: overdue and today.
    expect(await titles('due=overdue')).toEqual(['overdue', 'today']);
    expect(await titles('due=today')).toEqual(['today']);
    expect(await titles('due=week')).toEqual(['today', 'tomorrow']);
    await post(`/tasks/${ids.tomorrow}/complete`, {}, sL);
    expect(await titles('status=done')).toEqual(['tomorrow']);
    expect(await titles('status=open&due=week')).toEqual(['today']);
    expect(json<Page>(await get(`/tasks?assignee=${lister.id}`, sAdmin)).total).toBe(6);
    expect(json<Page>(await get(`/tasks?assignee=${lister.id}`, sN)).total).toBe(0);
  });

  it('filters by person and company', async () => {
    const p = await create({ title: 'about Ada', personId }, sN);
    const byPerson = json<Page>(await get(`/tasks?personId=${personId}`, sN));
    expect(byPerson.data.map((x) => x.id)).toContain(p.id);
    expect(byPerson.data.every((x) => x.person?.id === personId)).toBe(true);
    const byCompany = json<Page>(await get(`/tasks?companyId=${companyId}`, sN));
    expect(byCompany.data.length).toBeGreaterThan(0);
    expect(byCompany.data.every((x) => x.company?.id === companyId)).toBe(true);
  });

  it('rejects a cursor it did not issue (400), also a well-formed one with a number where a date belongs', async () => {
    const res = await get('/tasks?cursor=garbage', sL);
    expect(res.statusCode).toBe(400);
    expect(json(res).code).toBe('list.invalid_query');
    const numeric = Buffer.from(JSON.stringify([5, 'x'])).toString('base64url');
    for (const path of ['/tasks', '/promises']) {
      const r = await get(`${path}?cursor=${numeric}`, sL);
      expect(r.statusCode).toBe(400);
      expect(json<{ errors: { pointer: string }[] }>(r).errors[0]!.pointer).toBe('/cursor');
    }
  });
});

describe('PATCH, complete and DELETE /api/v1/tasks/:id', () => {
  it('updates with If-Match, answers 412 when stale, and re-arms the reminder when remindAt moves', async () => {
    const task = await create({ title: 'Chase invoice', remindAt: inDays(-1) });
    await t.services.reminders.run();
    const reminded = json<TaskBody>(await get(`/tasks/${task.id}`));
    expect(reminded.remindedAt).not.toBeNull();
    const ok = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/tasks/${task.id}`,
      headers: { ...sN.headers, 'if-match': '"1"' },
      payload: { remindAt: inDays(1), priority: 'low' },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers.etag).toBe('"2"');
    expect(json<TaskBody>(ok)).toMatchObject({ priority: 'low', remindedAt: null, version: 2 });
    const stale = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/tasks/${task.id}`,
      headers: { ...sN.headers, 'if-match': '"1"' },
      payload: { title: 'Lost update' },
    });
    expect(stale.statusCode).toBe(412);
    expect(json(stale).code).toBe('record.stale');
    expect(json<TaskBody>(await get(`/tasks/${task.id}`)).title).toBe('Chase invoice');
  });

  it('completes an open task once, with a task.completed timeline entry', async () => {
    const task = await create({ title: 'Book the visit', companyId });
    const res = await post(`/tasks/${task.id}/complete`, {});
    expect(res.statusCode).toBe(200);
    const done = json<TaskBody>(res);
    expect(done.status).toBe('done');
    expect(done.completedAt).not.toBeNull();
    expect(res.headers.etag).toBe('"2"');
    const again = await post(`/tasks/${task.id}/complete`, {});
    expect(again.statusCode).toBe(409);
    expect(json(again).code).toBe('tasks.not_open');
    const events = await timelineOf(task.id);
    expect(events.map((e) => [e.type, e.summary, e.company_id])).toEqual([
      ['task.created', `Task for ${north.actor.name}: Book the visit`, companyId],
      ['task.completed', 'Task done: Book the visit', companyId],
    ]);
  });

  it('completing through PATCH status=done publishes task.completed too; reopening clears completedAt', async () => {
    const task = await create({ title: 'Via patch', personId });
    const done = json<TaskBody>(
      await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/tasks/${task.id}`,
        headers: sN.headers,
        payload: { status: 'done' },
      }),
    );
    expect(done.completedAt).not.toBeNull();
    expect((await timelineOf(task.id)).map((e) => e.type)).toEqual(['task.created', 'task.completed']);
    const reopened = json<TaskBody>(
      await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/tasks/${task.id}`,
        headers: sN.headers,
        payload: { status: 'open' },
      }),
    );
    expect(reopened).toMatchObject({ status: 'open', completedAt: null });
  });

  it('lets only roles with delete remove a task (sales 403, admin 204, then 404)', async () => {
    const task = await create({ title: 'Delete me' });
    const denied = await t.app.inject({ method: 'DELETE', url: `/api/v1/tasks/${task.id}`, headers: sN.headers });
    expect(denied.statusCode).toBe(403);
    const stale = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/tasks/${task.id}`,
      headers: { ...sAdmin.headers, 'if-match': '"7"' },
    });
    expect(stale.statusCode).toBe(412);
    const ok = await t.app.inject({ method: 'DELETE', url: `/api/v1/tasks/${task.id}`, headers: sAdmin.headers });
    expect(ok.statusCode).toBe(204);
    expect((await get(`/tasks/${task.id}`, sAdmin)).statusCode).toBe(404);
  });
});

describe('TasksService.cardFacts', () => {
  it('counts open and overdue tasks per person and company in one call, within what the actor may see', async () => {
    const owner = await createUser(t.services, 'sales', 'Cards', 'cards');
    const person = await t.services.people.create(owner.ctx, { firstName: 'Card', lastName: 'Holder' });
    const s = await login(t.app, owner.email);
    await create({ title: 'a', personId: person.id, dueAt: inDays(-2) }, s);
    await create({ title: 'b', personId: person.id, dueAt: inDays(2) }, s);
    const c = await create({ title: 'c', personId: person.id, dueAt: inDays(-1) }, s);
    await post(`/tasks/${c.id}/complete`, {}, s);
    const facts = await t.services.tasks.cardFacts(owner.ctx, { kind: 'people', ids: [person.id!, personId] });
    expect(facts.get(person.id!)).toEqual({ counts: { openTasks: 2, overdueTasks: 1 }, flags: [] });
    expect(facts.has(personId)).toBe(false);
    // South sees none of these tasks, so it learns nothing about them.
    expect((await t.services.tasks.cardFacts(south.ctx, { kind: 'people', ids: [person.id!] })).size).toBe(0);
    const byCompany = await t.services.tasks.cardFacts(admin.ctx, { kind: 'companies', ids: [companyId] });
    expect(byCompany.get(companyId)?.counts.openTasks).toBeGreaterThan(0);
  });
});
