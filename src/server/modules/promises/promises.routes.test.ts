import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, json, login, type Session, type TestContext, type TestUser, testApp } from '../../test/harness.ts';

let t: TestContext;
let admin: TestUser;
let north: TestUser;
let south: TestUser;
let sN: Session;
let sS: Session;
let sAdmin: Session;
let sRO: Session;
let companyId: string;
let personId: string;
let southPersonId: string;

beforeAll(async () => {
  t = await testApp();
  admin = await createUser(t.services, 'admin', 'North', 'admin');
  north = await createUser(t.services, 'sales', 'North', 'north');
  south = await createUser(t.services, 'sales', 'South', 'south');
  const readOnly = await createUser(t.services, 'read-only', 'North', 'ro');
  sN = await login(t.app, north.email);
  sS = await login(t.app, south.email);
  sAdmin = await login(t.app, admin.email);
  sRO = await login(t.app, readOnly.email);
  companyId = (
    await t.services.companies.create(admin.ctx, {
      name: 'Acme Ltd',
      ownerId: north.id,
      teamId: north.actor.teamIds[0],
    })
  ).id;
  personId = (
    await t.services.people.create(admin.ctx, {
      firstName: 'Ada',
      lastName: 'Lovelace',
      companyId,
      ownerId: north.id,
      teamId: north.actor.teamIds[0],
    })
  ).id!;
  southPersonId = (
    await t.services.people.create(admin.ctx, {
      firstName: 'Sam',
      lastName: 'South',
      ownerId: south.id,
      teamId: south.actor.teamIds[0],
    })
  ).id!;
});
afterAll(() => t.close());

type P = {
  id: string;
  description: string;
  status: string;
  dueAt: string;
  remindAt: string | null;
  ownerId: string;
  owner: { id: string; name: string } | null;
  teamId: string | null;
  department: string;
  person: { id: string; name: string } | null;
  company: { id: string; name: string } | null;
  overdue: boolean;
  resolvedAt: string | null;
  customerToldAt: string | null;
  renegotiatedFrom: string | null;
  version: number;
};
type Page = { data: P[]; nextCursor: string | null; total: number };

const post = (url: string, payload?: unknown, s: Session = sN, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1${url}`,
    headers: { ...s.headers, ...headers },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
const get = (url: string, s: Session = sN) => t.app.inject({ url: `/api/v1${url}`, headers: s.headers });
const create = async (payload: Record<string, unknown>, s: Session = sN): Promise<P> => {
  const res = await post('/promises', payload, s);
  if (res.statusCode !== 201) throw new Error(`create failed: ${res.statusCode} ${res.body}`);
  return json<P>(res);
};
const timelineOf = (recordId: string) =>
  t.db.database.db
    .selectFrom('timeline')
    .select(['type', 'summary', 'person_id', 'company_id', 'department'])
    .where('record_id', '=', recordId)
    .orderBy('id')
    .execute();
const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();
const DUE = '2031-12-03T17:00:00.000Z';

describe('POST /api/v1/promises', () => {
  it('creates a promise owned by the actor, department from the role, reminder 24 h before, on the timeline', async () => {
    const res = await post('/promises', { description: 'send the revised quote', personId, dueAt: DUE });
    expect(res.statusCode).toBe(201);
    const p = json<P>(res);
    expect(p).toMatchObject({
      description: 'send the revised quote',
      status: 'open',
      ownerId: north.id,
      owner: { id: north.id, name: north.actor.name },
      teamId: north.actor.teamIds[0],
      department: 'sales',
      dueAt: DUE,
      remindAt: '2031-12-02T17:00:00.000Z',
      person: { id: personId, name: 'Ada Lovelace' },
      overdue: false,
      renegotiatedFrom: null,
      version: 1,
    });
    expect(res.headers.location).toBe(`/api/v1/promises/${p.id}`);
    expect(await timelineOf(p.id)).toEqual([
      {
        type: 'promise.created',
        summary: 'Promise made: send the revised quote (due 3 Dec 2031)',
        person_id: personId,
        company_id: companyId,
        department: 'sales',
      },
    ]);
  });

  it('needs a person or a company, visible to the actor, and an active owner (422 with pointers)', async () => {
    const none = await post('/promises', { description: 'x', dueAt: DUE });
    expect(none.statusCode).toBe(422);
    expect(json<{ errors: { pointer: string }[] }>(none).errors.map((e) => e.pointer)).toEqual(['/personId']);
    const bad = await post('/promises', {
      description: 'x',
      dueAt: 'some time soon',
      personId: southPersonId,
      ownerId: 'ghost',
    });
    expect(bad.statusCode).toBe(422);
    expect(
      json<{ errors: { pointer: string }[] }>(bad)
        .errors.map((e) => e.pointer)
        .sort(),
    ).toEqual(['/dueAt', '/ownerId', '/personId']);
  });

  it('refuses read-only (403) and rejects an unknown department at the schema edge (400)', async () => {
    expect((await post('/promises', { description: 'x', dueAt: DUE, personId }, sRO)).statusCode).toBe(403);
    const res = await post('/promises', { description: 'x', dueAt: DUE, personId, department: 'legal' });
    expect(res.statusCode).toBe(400);
  });
});

describe('promise visibility and lists', () => {
  it("hides a North user's promise from a South user: 404 on every route, absent from lists", async () => {
    const p = await create({ description: 'North secret', companyId, dueAt: inDays(-1) });
    expect((await get(`/promises/${p.id}`, sS)).statusCode).toBe(404);
    for (const action of ['keep', 'break']) {
      const res = await post(`/promises/${p.id}/${action}`, {}, sS);
      expect(res.statusCode).toBe(404);
      expect(json(res).code).toBe('promises.not_found');
    }
    expect((await post(`/promises/${p.id}/renegotiate`, { newDueAt: DUE }, sS)).statusCode).toBe(404);
    expect((await post(`/promises/${p.id}/tell-customer`, { channel: 'phone', body: 'x' }, sS)).statusCode).toBe(404);
    expect(json<Page>(await get('/promises', sS)).data.map((x) => x.id)).not.toContain(p.id);
    expect((await get(`/promises/${p.id}`, sN)).statusCode).toBe(200);
  });

  it('filters by owner, team, status, overdue and customer', async () => {
    const lister = await createUser(t.services, 'sales', 'Listers', 'lister');
    const sL = await login(t.app, lister.email);
    const person = await t.services.people.create(lister.ctx, { firstName: 'Lou', lastName: 'Lister' });
    const late = await create({ description: 'late', personId: person.id, dueAt: inDays(-2) }, sL);
    const soon = await create({ description: 'soon', personId: person.id, dueAt: inDays(2) }, sL);
    const kept = await create({ description: 'kept', personId: person.id, dueAt: inDays(1) }, sL);
    await post(`/promises/${kept.id}/keep`, undefined, sL);
    const ids = async (q: string, s = sL) => json<Page>(await get(`/promises?${q}`, s)).data.map((x) => x.id);
    expect(await ids('owner=me')).toEqual([late.id, kept.id, soon.id]);
    expect(await ids('team=mine')).toEqual([late.id, kept.id, soon.id]);
    expect(await ids(`team=${north.actor.teamIds[0]}`)).toEqual([]);
    expect(await ids('overdue=true')).toEqual([late.id]);
    expect(await ids('overdue=false')).toEqual([kept.id, soon.id]);
    expect(await ids('status=kept')).toEqual([kept.id]);
    expect(await ids(`personId=${person.id}&status=open`)).toEqual([late.id, soon.id]);
    expect(await ids(`owner=${lister.id}`, sAdmin)).toEqual([late.id, kept.id, soon.id]);
    const first = json<Page>(await get('/promises?owner=me&limit=2', sL));
    expect(first.data.map((x) => x.id)).toEqual([late.id, kept.id]);
    const second = json<Page>(await get(`/promises?owner=me&limit=2&cursor=${first.nextCursor}`, sL));
    expect(second.data.map((x) => x.id)).toEqual([soon.id]);
    expect(second.nextCursor).toBeNull();
    expect(json<P>(await get(`/promises/${late.id}`, sL)).overdue).toBe(true);
  });
});

describe('keeping, breaking and editing', () => {
  it('keeps an open promise once: status, audit and a "Promise kept" timeline entry', async () => {
    const p = await create({ description: 'send the revised quote', personId, dueAt: DUE });
    const res = await post(`/promises/${p.id}/keep`, undefined, sN, { 'if-match': '"1"' });
    expect(res.statusCode).toBe(200);
    expect(json<P>(res)).toMatchObject({ status: 'kept', version: 2 });
    expect(json<P>(res).resolvedAt).not.toBeNull();
    expect((await timelineOf(p.id)).map((e) => e.summary)).toEqual([
      'Promise made: send the revised quote (due 3 Dec 2031)',
      'Promise kept: send the revised quote (due 3 Dec 2031)',
    ]);
    const audit = await t.db.database.db
      .selectFrom('audit_log')
      .select(['action', 'changes'])
      .where('record_id', '=', p.id)
      .orderBy('at')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'update']);
    expect(JSON.parse(audit[1]!.changes).status).toEqual({ from: 'open', to: 'kept' });
    const again = await post(`/promises/${p.id}/keep`);
    expect(again.statusCode).toBe(409);
    expect(json(again).code).toBe('promises.wrong_status');
  });

  it('breaks a promise with or without a body, recording the reason', async () => {
    const a = await create({ description: 'call back Monday', personId, dueAt: DUE });
    const noBody = await post(`/promises/${a.id}/break`);
    expect(noBody.statusCode).toBe(200);
    expect(json<P>(noBody).status).toBe('broken');
    const b = await create({ description: 'ship the part', companyId, dueAt: DUE });
    const withReason = await post(`/promises/${b.id}/break`, { reason: 'Supplier delay' });
    expect(withReason.statusCode).toBe(200);
    const tl = await timelineOf(b.id);
    expect(tl[1]).toMatchObject({
      type: 'promise.broken',
      summary: 'Promise broken: ship the part (due 3 Dec 2031). Supplier delay',
      company_id: companyId,
    });
    const audit = await t.db.database.db
      .selectFrom('audit_log')
      .select('meta')
      .where('record_id', '=', b.id)
      .where('action', '=', 'update')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.meta)).toEqual({ reason: 'Supplier delay' });
  });

  it('edits an open promise with If-Match (412 when stale), moving the default reminder; resolved ones are 409', async () => {
    const p = await create({ description: 'demo', personId, dueAt: DUE });
    const ok = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/promises/${p.id}`,
      headers: { ...sN.headers, 'if-match': '"1"' },
      payload: { dueAt: '2031-12-10T17:00:00Z', department: 'service' },
    });
    expect(ok.statusCode).toBe(200);
    expect(json<P>(ok)).toMatchObject({
      dueAt: '2031-12-10T17:00:00.000Z',
      remindAt: '2031-12-09T17:00:00.000Z',
      department: 'service',
      version: 2,
    });
    const stale = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/promises/${p.id}`,
      headers: { ...sN.headers, 'if-match': '"1"' },
      payload: { description: 'lost' },
    });
    expect(stale.statusCode).toBe(412);
    await post(`/promises/${p.id}/keep`);
    const closed = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/promises/${p.id}`,
      headers: sN.headers,
      payload: { description: 'rewrite history' },
    });
    expect(closed.statusCode).toBe(409);
  });
});

describe('POST /api/v1/promises/:id/reopen (undo of keep and break)', () => {
  it('opens a kept promise again: status, audit and a timeline line; the kept rate no longer counts it', async () => {
    const p = await create({ description: 'post the contract', personId, dueAt: DUE });
    await post(`/promises/${p.id}/keep`);
    const res = await post(`/promises/${p.id}/reopen`, undefined, sN, { 'if-match': '"2"' });
    expect(res.statusCode).toBe(200);
    expect(json<P>(res)).toMatchObject({ status: 'open', resolvedAt: null, version: 3 });
    expect(res.headers.etag).toBe('"3"');
    expect((await timelineOf(p.id)).map((e) => e.summary)).toEqual([
      'Promise made: post the contract (due 3 Dec 2031)',
      'Promise kept: post the contract (due 3 Dec 2031)',
      'Promise reopened (was kept): post the contract (due 3 Dec 2031)',
    ]);
    const audit = await t.db.database.db
      .selectFrom('audit_log')
      .select(['action', 'changes', 'meta'])
      .where('record_id', '=', p.id)
      .orderBy('at')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'update']);
    expect(JSON.parse(audit[2]!.changes).status).toEqual({ from: 'kept', to: 'open' });
    expect(JSON.parse(audit[2]!.meta)).toEqual({ reopenedFrom: 'kept' });
    expect(json<P>(await get(`/promises/${p.id}`)).status).toBe('open');
    // It can be kept again.
    expect((await post(`/promises/${p.id}/keep`)).statusCode).toBe(200);
  });

  it('opens a broken promise again; refuses open, renegotiated and already-told ones (409), stale (412), others (404)', async () => {
    const p = await create({ description: 'fix the invoice', personId, dueAt: DUE });
    const open = await post(`/promises/${p.id}/reopen`);
    expect(open.statusCode).toBe(409);
    expect(json(open).code).toBe('promises.wrong_status');
    await post(`/promises/${p.id}/break`, { reason: 'Forgot' });
    expect((await post(`/promises/${p.id}/reopen`, undefined, sN, { 'if-match': '"1"' })).statusCode).toBe(412);
    expect((await post(`/promises/${p.id}/reopen`, undefined, sS)).statusCode).toBe(404);
    expect((await post(`/promises/${p.id}/reopen`, undefined, sRO)).statusCode).toBe(403);
    const res = await post(`/promises/${p.id}/reopen`);
    expect(res.statusCode).toBe(200);
    expect(json<P>(res).status).toBe('open');

    await post(`/promises/${p.id}/break`);
    await post(`/promises/${p.id}/tell-customer`, { channel: 'email', body: 'Sorry, late.' });
    const told = await post(`/promises/${p.id}/reopen`);
    expect(told.statusCode).toBe(409);
    expect(json<P>(await get(`/promises/${p.id}`)).status).toBe('broken');

    const r = await create({ description: 'call them back', personId, dueAt: DUE });
    await post(`/promises/${r.id}/renegotiate`, { newDueAt: inDays(400) });
    expect((await post(`/promises/${r.id}/reopen`)).statusCode).toBe(409);
  });
});

describe('POST /api/v1/promises/:id/renegotiate', () => {
  it('marks the promise renegotiated and creates the linked follow-up; the chain can continue', async () => {
    const a = await create({ description: 'install the new router', personId, dueAt: '2031-12-03T09:00:00Z' });
    const res = await post(`/promises/${a.id}/renegotiate`, {
      newDueAt: '2031-12-10T09:00:00Z',
      note: 'Customer asked for the following week',
    });
    expect(res.statusCode).toBe(201);
    const r = json<{ previous: P; promise: P }>(res);
    expect(r.previous).toMatchObject({ id: a.id, status: 'renegotiated', version: 2 });
    expect(r.promise).toMatchObject({
      description: 'install the new router',
      status: 'open',
      dueAt: '2031-12-10T09:00:00.000Z',
      remindAt: '2031-12-09T09:00:00.000Z',
      renegotiatedFrom: a.id,
      ownerId: north.id,
      person: { id: personId, name: 'Ada Lovelace' },
      version: 1,
    });
    expect(res.headers.location).toBe(`/api/v1/promises/${r.promise.id}`);
    expect((await timelineOf(a.id)).map((e) => [e.type, e.summary])).toEqual([
      ['promise.created', 'Promise made: install the new router (due 3 Dec 2031)'],
      [
        'promise.renegotiated',
        'Promise renegotiated: install the new router, due 3 Dec 2031 → 10 Dec 2031. Customer asked for the following week',
      ],
    ]);
    // A broken promise can be renegotiated too; a renegotiated one cannot be again.
    await post(`/promises/${r.promise.id}/break`, { reason: 'Engineer ill' });
    const c = json<{ previous: P; promise: P }>(
      await post(`/promises/${r.promise.id}/renegotiate`, { newDueAt: '2031-12-17T09:00:00Z', description: 'install' }),
    );
    expect(c.previous.status).toBe('renegotiated');
    expect(c.promise).toMatchObject({ renegotiatedFrom: r.promise.id, description: 'install' });
    const again = await post(`/promises/${a.id}/renegotiate`, { newDueAt: '2031-12-24T09:00:00Z' });
    expect(again.statusCode).toBe(409);
    const bad = await post(`/promises/${c.promise.id}/renegotiate`, { newDueAt: 'whenever we can' });
    expect(bad.statusCode).toBe(422);
    expect(json<{ errors: { pointer: string }[] }>(bad).errors[0]!.pointer).toBe('/newDueAt');
  });
});

describe('POST /api/v1/promises/:id/tell-customer', () => {
  it('refuses a promise that is neither missed nor changed (409)', async () => {
    const p = await create({ description: 'not yet due', personId, dueAt: DUE });
    const res = await post(`/promises/${p.id}/tell-customer`, { channel: 'email', body: 'Hello' });
    expect(res.statusCode).toBe(409);
    expect(json(res).code).toBe('promises.nothing_to_tell');
  });

  it('logs an activity on the customer, sets customerToldAt, and clears the broken-promise flag', async () => {
    const personId = (await t.services.people.create(north.ctx, { firstName: 'Tess', lastName: 'Told', companyId }))
      .id!;
    const p = await create({ description: 'refund the delivery fee', personId, dueAt: inDays(-3) });
    await post(`/promises/${p.id}/break`, { reason: 'Finance backlog' });
    const before = await t.services.promises.cardFacts(north.ctx, { kind: 'people', ids: [personId] });
    expect(before.get(personId)?.flags).toContainEqual({
      key: 'broken_promise',
      label: 'Broken promise: customer not told',
      tone: 'danger',
    });
    const res = await post(`/promises/${p.id}/tell-customer`, {
      channel: 'phone',
      body: 'Apologised; refund goes out Friday.',
    });
    expect(res.statusCode).toBe(200);
    const body = json<{ promise: P; activityId: string }>(res);
    expect(body.promise.customerToldAt).not.toBeNull();
    expect(body.promise.status).toBe('broken');
    const activity = await t.db.database.db
      .selectFrom('activities')
      .select(['type', 'direction', 'channel', 'subject', 'person_id', 'promise_id', 'department', 'owner_id'])
      .where('id', '=', body.activityId)
      .executeTakeFirstOrThrow();
    expect(activity).toEqual({
      type: 'call',
      direction: 'out',
      channel: 'phone',
      subject: 'About our promise: refund the delivery fee',
      person_id: personId,
      promise_id: p.id,
      department: 'sales',
      owner_id: north.id,
    });
    const tl = await timelineOf(p.id);
    expect(tl.at(-1)).toMatchObject({
      type: 'promise.customer_told',
      person_id: personId,
    });
    expect(tl.at(-1)!.summary).toMatch(/^Customer told about the broken promise: refund the delivery fee \(due /);
    const after = await t.services.promises.cardFacts(north.ctx, { kind: 'people', ids: [personId] });
    expect(after.get(personId)?.flags.map((f) => f.key) ?? []).not.toContain('broken_promise');
  });

  it('accepts an overdue open promise and validates the channel at the schema edge', async () => {
    const p = await create({ description: 'overdue call', companyId, dueAt: inDays(-1) });
    expect((await post(`/promises/${p.id}/tell-customer`, { channel: 'pigeon', body: 'x' })).statusCode).toBe(400);
    const res = await post(`/promises/${p.id}/tell-customer`, { channel: 'email', body: 'Sorry', subject: 'Delay' });
    expect(res.statusCode).toBe(200);
    const a = await t.db.database.db
      .selectFrom('activities')
      .select(['type', 'subject', 'company_id'])
      .where('id', '=', json<{ activityId: string }>(res).activityId)
      .executeTakeFirstOrThrow();
    expect(a).toEqual({ type: 'email', subject: 'Delay', company_id: companyId });
  });
});

describe('GET /api/v1/promises/metrics', () => {
  it('computes the kept-promise rate per user and per team over promises due in the period (worked example)', async () => {
    const a = await createUser(t.services, 'sales', 'Metrics One', 'alice');
    const b = await createUser(t.services, 'sales', 'Metrics One', 'bob');
    const c = await createUser(t.services, 'sales', 'Metrics Two', 'carol');
    const customer = await t.services.companies.create(admin.ctx, { name: 'Metric Co' });
    const make = async (owner: TestUser, dueAt: string, then?: 'keep' | 'break' | 'renegotiate') => {
      const p = await create({ description: 'm', companyId: customer.id, ownerId: owner.id, dueAt }, sAdmin);
      if (then === 'renegotiate')
        await post(`/promises/${p.id}/renegotiate`, { newDueAt: '2020-05-01T00:00:00Z' }, sAdmin);
      else if (then) await post(`/promises/${p.id}/${then}`, undefined, sAdmin);
    };
    // Alice: 3 kept, 1 broken, 1 renegotiated (its follow-up falls due after the period), 1 still open.
    for (const d of ['02', '05', '09']) await make(a, `2020-03-${d}T12:00:00Z`, 'keep');
    await make(a, '2020-03-10T12:00:00Z', 'break');
    await make(a, '2020-03-11T12:00:00Z', 'renegotiate');
    await make(a, '2020-03-12T12:00:00Z');
    // Bob: 1 kept, 1 broken in the period; one kept just before it and one just at its (exclusive) end.
    await make(b, '2020-03-15T12:00:00Z', 'keep');
    await make(b, '2020-03-16T12:00:00Z', 'break');
    await make(b, '2020-02-29T23:59:59Z', 'keep');
    await make(b, '2020-04-01T00:00:00Z', 'keep');
    // Carol: two open, both long overdue, none resolved: no rate.
    await make(c, '2020-03-20T12:00:00Z');
    await make(c, '2020-03-21T12:00:00Z');

    const period = 'from=2020-03-01T00:00:00Z&to=2020-04-01T00:00:00Z';
    const res = await get(`/promises/metrics?groupBy=user&${period}`, sAdmin);
    expect(res.statusCode).toBe(200);
    const byUser = json<{ data: { id: string }[]; total: unknown; from: string; to: string }>(res);
    expect(byUser.from).toBe('2020-03-01T00:00:00.000Z');
    expect(byUser.data).toEqual([
      { id: a.id, name: a.actor.name, kept: 3, broken: 1, renegotiated: 1, open: 1, overdue: 1, keptRate: 0.75 },
      { id: b.id, name: b.actor.name, kept: 1, broken: 1, renegotiated: 0, open: 0, overdue: 0, keptRate: 0.5 },
      { id: c.id, name: c.actor.name, kept: 0, broken: 0, renegotiated: 0, open: 2, overdue: 2, keptRate: null },
    ]);
    expect(byUser.total).toEqual({ kept: 4, broken: 2, renegotiated: 1, open: 3, overdue: 3, keptRate: 4 / 6 });

    const byTeam = json<{ data: unknown[] }>(await get(`/promises/metrics?groupBy=team&${period}`, sAdmin));
    expect(byTeam.data).toEqual([
      {
        id: a.actor.teamIds[0],
        name: 'Metrics One',
        kept: 4,
        broken: 2,
        renegotiated: 1,
        open: 1,
        overdue: 1,
        keptRate: 4 / 6,
      },
      {
        id: c.actor.teamIds[0],
        name: 'Metrics Two',
        kept: 0,
        broken: 0,
        renegotiated: 0,
        open: 2,
        overdue: 2,
        keptRate: null,
      },
    ]);

    // A team-scoped user only counts what they may see: their own team.
    const sAlice = await login(t.app, a.email);
    const mine = json<{ data: { id: string }[] }>(await get(`/promises/metrics?groupBy=user&${period}`, sAlice));
    expect(mine.data.map((r) => r.id)).toEqual([a.id, b.id]);
  });

  it('answers 422 for an empty period and null keptRate when nothing was due', async () => {
    const bad = await get('/promises/metrics?from=2020-04-01T00:00:00Z&to=2020-03-01T00:00:00Z', sAdmin);
    expect(bad.statusCode).toBe(422);
    expect(json<{ errors: { pointer: string }[] }>(bad).errors[0]!.pointer).toBe('/from');
    const none = json<{ data: unknown[]; total: { keptRate: number | null } }>(
      await get('/promises/metrics?from=1990-01-01T00:00:00Z&to=1990-02-01T00:00:00Z', sAdmin),
    );
    expect(none.data).toEqual([]);
    expect(none.total.keptRate).toBeNull();
  });
});

describe('PromisesService.cardFacts', () => {
  it('counts open, due-soon and broken-untold promises per record with danger and warning flags, in one call', async () => {
    const owner = await createUser(t.services, 'sales', 'Card Team', 'cardowner');
    const sO = await login(t.app, owner.email);
    const person = await t.services.people.create(owner.ctx, { firstName: 'Flag', lastName: 'Bearer' });
    const quiet = await t.services.people.create(owner.ctx, { firstName: 'Quiet', lastName: 'One' });
    await create({ description: 'overdue', personId: person.id, dueAt: inDays(-1) }, sO);
    await create({ description: 'soon', personId: person.id, dueAt: inDays(3) }, sO);
    await create({ description: 'later', personId: person.id, dueAt: inDays(30) }, sO);
    const broken = await create({ description: 'broken', personId: person.id, dueAt: inDays(-5) }, sO);
    await post(`/promises/${broken.id}/break`, undefined, sO);
    const facts = await t.services.promises.cardFacts(owner.ctx, { kind: 'people', ids: [person.id!, quiet.id!] });
    expect(facts.get(person.id!)).toEqual({
      counts: { promisesOpen: 3, promisesDueSoon: 1, promisesBroken: 1 },
      flags: [
        { key: 'broken_promise', label: 'Broken promise: customer not told', tone: 'danger' },
        { key: 'promise_overdue', label: 'A promise is overdue', tone: 'warning' },
      ],
    });
    expect(facts.has(quiet.id!)).toBe(false);
    expect((await t.services.promises.cardFacts(south.ctx, { kind: 'people', ids: [person.id!] })).size).toBe(0);
  });
});
