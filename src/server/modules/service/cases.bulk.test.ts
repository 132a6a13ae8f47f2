/** Bulk queue work: several cases assigned or closed in one transaction, all or none, each refusal named by index. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, json, login, type Session, type TestContext, type TestUser, testApp } from '../../test/harness.ts';

let t: TestContext;
let agent: TestUser;
let north: Session;
let south: Session;

beforeAll(async () => {
  t = await testApp();
  agent = await createUser(t.services, 'service', 'North', 'bulk-north');
  north = await login(t.app, agent.email);
  south = await login(t.app, (await createUser(t.services, 'service', 'South', 'bulk-south')).email);
});
afterAll(() => t.close());

interface Case {
  id: string;
  status: string;
  ownerId: string | null;
  version: number;
}
const open = async (s: Session, subject: string) =>
  json<Case>(
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: s.headers,
      payload: { subject, channel: 'email' },
    }),
  );
const get = async (id: string) =>
  json<Case>(await t.app.inject({ url: `/api/v1/cases/${id}`, headers: north.headers }));
const bulk = (s: Session, payload: object) =>
  t.app.inject({ method: 'POST', url: '/api/v1/cases/bulk-update', headers: s.headers, payload });

describe('bulk update of cases', () => {
  it('assigns several cases to me, then resolves them, each with its history and status event', async () => {
    const a = await open(north, 'Printer offline');
    const b = await open(north, 'Password reset');
    const res = await bulk(north, { ids: [a.id, b.id], set: { ownerId: agent.id } });
    expect(res.statusCode).toBe(200);
    expect(json(res)).toEqual({ updated: 2 });
    for (const id of [a.id, b.id]) expect((await get(id)).ownerId).toBe(agent.id);
    expect(json(await bulk(north, { ids: [a.id, b.id], set: { status: 'resolved' } }))).toEqual({ updated: 2 });
    const after = await get(a.id);
    expect(after).toMatchObject({ status: 'resolved' });
    expect(after.version).toBe(a.version + 2);
    const history = await t.db.database.db
      .selectFrom('events')
      .select('type')
      .where('record_id', '=', b.id)
      .where('type', '=', 'case.status_changed')
      .execute();
    expect(history).toHaveLength(1);
  });

  it('changes none when one is refused, naming it by index', async () => {
    const a = await open(north, 'Cannot log in');
    const done = await open(north, 'Invoice copy');
    await bulk(north, { ids: [done.id], set: { status: 'closed' } });
    const theirs = await open(south, 'Another team’s case');
    // Closed cannot go to pending customer, and the south team's case is not in north's queues.
    const res = await bulk(north, { ids: [a.id, done.id, theirs.id], set: { status: 'pending_customer' } });
    expect(res.statusCode).toBe(422);
    const problem = json<{ errors: { pointer: string; detail: string }[]; detail: string }>(res);
    expect(problem.errors.map((e) => e.pointer)).toEqual(['/ids/1', '/ids/2']);
    expect(problem.errors[0]!.detail).toMatch(/cannot go from closed to pending_customer/);
    expect(problem.errors[1]!.detail).toBe('is not a case you may see');
    expect((await get(a.id)).status).toBe('new');
  });

  it('validates the request at the edge', async () => {
    expect((await bulk(north, { ids: [], set: { status: 'open' } })).statusCode).toBe(400);
    expect((await bulk(north, { ids: ['x'], set: {} })).statusCode).toBe(400);
    expect((await bulk(north, { ids: ['x', 'x'], set: { status: 'open' } })).statusCode).toBe(400);
    expect((await bulk(north, { ids: ['x'], set: { subject: 'no' } })).statusCode).toBe(400);
  });
});
