import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, json, login, type Session, type TestContext, type TestUser, testApp } from '../../test/harness.ts';

let t: TestContext;
let user: TestUser;
let s: Session;
let bearer: Record<string, string>;
let otherTokenId: string;
let other: Record<string, string>;

const newToken = async (name: string, scopes: Record<string, string>) => {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/tokens',
    headers: s.headers,
    payload: { name, scopes, expiresInDays: 30 },
  });
  expect(res.statusCode).toBe(201);
  return json<{ token: string; id: string }>(res);
};

beforeAll(async () => {
  t = await testApp();
  user = await createUser(t.services, 'admin', 'North');
  s = await login(t.app, user.email);
  bearer = { authorization: `Bearer ${(await newToken('reader', { people: 'read' })).token}` };
  const o = await newToken('other', { people: 'write', companies: 'write' });
  otherTokenId = o.id;
  other = { authorization: `Bearer ${o.token}` };
});
afterAll(() => t.close());

const expectRefused = (res: { statusCode: number; headers: Record<string, unknown>; json(): unknown }) => {
  expect(res.statusCode).toBe(403);
  expect(String(res.headers['content-type'])).toContain('application/problem+json');
  expect(res.json()).toMatchObject({ status: 403, code: 'access.forbidden' });
  expect((res.json() as { detail: string }).detail).toContain('API tokens');
};

describe('a token scoped people=read changes no account state', () => {
  it('cannot log its user out everywhere: 403, and the session still works', async () => {
    expectRefused(await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout-everywhere', headers: bearer }));
    expectRefused(await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: bearer }));
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: s.headers })).statusCode).toBe(200);
  });

  it('cannot revoke or create tokens: 403, and the other token still works', async () => {
    expectRefused(await t.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${otherTokenId}`, headers: bearer }));
    expectRefused(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        headers: bearer,
        payload: { name: 'x', scopes: { people: 'write' }, expiresInDays: 1 },
      }),
    );
    expect((await t.app.inject({ url: '/api/v1/people', headers: other })).statusCode).toBe(200);
  });

  it('cannot create, update or delete saved views: 403, and the view is unchanged', async () => {
    const state = { filters: [], sort: null, columns: ['firstName'], q: null };
    expectRefused(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/views',
        headers: bearer,
        payload: { object: 'people', name: 'by token', state },
      }),
    );
    const made = await t.app.inject({
      method: 'POST',
      url: '/api/v1/views',
      headers: s.headers,
      payload: { object: 'people', name: 'mine', state },
    });
    expect(made.statusCode).toBe(201);
    const { id } = json<{ id: string }>(made);
    expectRefused(
      await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/views/${id}`,
        headers: bearer,
        payload: { name: 'renamed' },
      }),
    );
    expectRefused(await t.app.inject({ method: 'DELETE', url: `/api/v1/views/${id}`, headers: bearer }));
    const views = json<{ data: { id: string; name: string }[] }>(
      await t.app.inject({ url: '/api/v1/views?object=people', headers: bearer }),
    ).data;
    expect(views.filter((v) => v.id === id).map((v) => v.name)).toEqual(['mine']);
  });

  it('still reads what it may: who it is, its lists, search', async () => {
    const me = await t.app.inject({ url: '/api/v1/auth/me', headers: bearer });
    expect(me.statusCode).toBe(200);
    expect(me.body).toContain(user.id);
    expect((await t.app.inject({ url: '/api/v1/people', headers: bearer })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/v1/search?q=ada', headers: bearer })).statusCode).toBe(200);
  });

  it('every account-level write route (rule "authenticated", not GET) refuses every token', async () => {
    const writes = t.app.routeRules.filter((r) => r.access === 'authenticated' && r.method !== 'GET');
    expect(writes.length).toBeGreaterThan(5);
    for (const r of writes) {
      const url = r.url.replace(/:[A-Za-z]+/g, '00000000-0000-7000-8000-000000000000');
      for (const h of [bearer, other]) {
        const res = await t.app.inject({ method: r.method as 'POST', url, headers: h, payload: {} });
        expect([r.method, r.url, res.statusCode]).toEqual([r.method, r.url, 403]);
      }
    }
    expect((await t.app.inject({ url: '/api/v1/people', headers: other })).statusCode).toBe(200);
  });
});
