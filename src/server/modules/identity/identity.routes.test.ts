import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, json, login, PASSWORD, type TestContext, type TestUser, testApp } from '../../test/harness.ts';

let t: TestContext;
let admin: TestUser;
let sales: TestUser;

beforeAll(async () => {
  t = await testApp();
  admin = await createUser(t.services, 'admin', 'North');
  sales = await createUser(t.services, 'sales', 'North');
});
afterAll(() => t.close());

const auditActions = async (recordId: string) =>
  (await t.db.database.db.selectFrom('audit_log').select('action').where('record_id', '=', recordId).execute()).map(
    (r) => r.action,
  );

describe('login and sessions', () => {
  it('logs in, sets an HttpOnly session cookie and a readable CSRF cookie, and /auth/me answers', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: sales.email.toUpperCase(), password: PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    const cookies = res.cookies as { name: string; httpOnly?: boolean; sameSite?: string }[];
    expect(cookies.find((c) => c.name === 'rapport_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    expect(cookies.find((c) => c.name === 'rapport_csrf')?.httpOnly).toBeFalsy();
    const body = json<{ user: { email: string; role: { key: string } }; policy: { visibility: { people: string } } }>(
      res,
    );
    expect(body.user.role.key).toBe('sales');
    expect(body.policy.visibility.people).toBe('team');
    const s = await login(t.app, sales.email);
    const me = await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie: s.cookie } });
    expect(me.statusCode).toBe(200);
    expect(json<{ user: { id: string } }>(me).user.id).toBe(sales.id);
    expect(await auditActions(sales.id)).toContain('login');
  });

  it('answers 401 for a wrong password or unknown email, the same way, and audits the failure', async () => {
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: sales.email, password: 'not-the-password' },
    });
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'nobody@x.test', password: 'not-the-password' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(json(wrong).detail).toBe(json(unknown).detail);
    expect(await auditActions(sales.id)).toContain('login_failed');
  });

  it('logout ends this session; logout-everywhere ends all of them', async () => {
    const a = await login(t.app, admin.email);
    const b = await login(t.app, admin.email);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: a.headers })).statusCode).toBe(
      204,
    );
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: a.headers })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: b.headers })).statusCode).toBe(200);
    const c = await login(t.app, admin.email);
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout-everywhere', headers: c.headers })).statusCode,
    ).toBe(204);
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: b.headers })).statusCode).toBe(401);
  });

  it('expires idle sessions', async () => {
    const s = await login(t.app, sales.email);
    await t.db.database.db
      .updateTable('sessions')
      .set({ last_seen_at: new Date(Date.now() - 13 * 3600_000).toISOString() })
      .where('user_id', '=', sales.id)
      .execute();
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: s.headers })).statusCode).toBe(401);
  });

  it('rate-limits login attempts from one address with a 429 problem', async () => {
    const limited = await testApp({ loginRateLimit: 5 });
    let last = 0;
    for (let i = 0; i < 8; i++) {
      last = (
        await limited.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          remoteAddress: '10.9.9.9',
          payload: { email: 'x@y.test', password: 'whatever-it-is' },
        })
      ).statusCode;
    }
    await limited.close();
    expect(last).toBe(429);
  });
});

describe('users, roles and API tokens', () => {
  it('admin creates a user; weak passwords and bad emails are refused with pointers', async () => {
    const s = await login(t.app, admin.email);
    const roles = json<{ data: { id: string; key: string }[] }>(
      await t.app.inject({ url: '/api/v1/roles', headers: s.headers }),
    ).data;
    const salesRole = roles.find((r) => r.key === 'sales')!;
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: s.headers,
      payload: { email: 'nope', name: 'X', password: 'password1', roleId: salesRole.id },
    });
    expect(bad.statusCode).toBe(422);
    expect(
      json<{ errors: { pointer: string }[] }>(bad)
        .errors.map((e) => e.pointer)
        .sort(),
    ).toEqual(['/email', '/password']);
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: s.headers,
      payload: { email: 'new.rep@x.test', name: 'New Rep', password: 'a-decent-passphrase', roleId: salesRole.id },
    });
    expect(ok.statusCode).toBe(201);
    expect(json<{ role: { key: string } }>(ok).role.key).toBe('sales');
  });

  it('a sales user may not manage users or roles', async () => {
    const s = await login(t.app, sales.email);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/teams',
      headers: s.headers,
      payload: { name: 'Rogue' },
    });
    expect(res.statusCode).toBe(403);
    expect(json(res).code).toBe('access.forbidden');
  });

  it('changing a role policy is audited as a permission change', async () => {
    const s = await login(t.app, admin.email);
    const roles = json<{ data: { id: string; key: string; policy: Record<string, unknown> }[] }>(
      await t.app.inject({ url: '/api/v1/roles', headers: s.headers }),
    ).data;
    const ro = roles.find((r) => r.key === 'read-only')!;
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/roles/${ro.id}`,
      headers: s.headers,
      payload: { policy: { ...ro.policy, visibility: { people: 'own', companies: 'all' } } },
    });
    expect(res.statusCode).toBe(200);
    expect(await auditActions(ro.id)).toContain('permission_change');
  });

  it('an API token is shown once, works as Bearer within its scopes, and stops working when revoked', async () => {
    const s = await login(t.app, admin.email);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: s.headers,
      payload: { name: 'zap', scopes: { people: 'read' }, expiresInDays: 30 },
    });
    expect(created.statusCode).toBe(201);
    const { token, id } = json<{ token: string; id: string }>(created);
    expect(token).toMatch(/^rap_/);
    const listed = json<{ data: Record<string, unknown>[] }>(
      await t.app.inject({ url: '/api/v1/tokens', headers: s.headers }),
    ).data;
    expect(JSON.stringify(listed)).not.toContain(token);
    const bearer = { authorization: `Bearer ${token}` };
    expect((await t.app.inject({ url: '/api/v1/people', headers: bearer })).statusCode).toBe(200);
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/v1/people', headers: bearer, payload: { firstName: 'Nope' } }))
        .statusCode,
    ).toBe(403);
    expect((await t.app.inject({ url: '/api/v1/companies', headers: bearer })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${id}`, headers: s.headers })).statusCode).toBe(
      204,
    );
    expect((await t.app.inject({ url: '/api/v1/people', headers: bearer })).statusCode).toBe(401);
  });
});

describe('session cache', () => {
  it('a deactivated user and a changed role take effect at once on this instance', async () => {
    const rep = await createUser(t.services, 'sales', 'North', 'cached');
    const s = await login(t.app, rep.email);
    expect((await t.app.inject({ url: '/api/v1/people', headers: s.headers })).statusCode).toBe(200);
    const a = await login(t.app, admin.email);
    const roles = json<{ data: { id: string; key: string }[] }>(
      await t.app.inject({ url: '/api/v1/roles', headers: a.headers }),
    ).data;
    const viewer = roles.find((r) => r.key === 'read-only')!;
    await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${rep.id}`,
      headers: a.headers,
      payload: { roleId: viewer.id },
    });
    const create = await t.app.inject({
      method: 'POST',
      url: '/api/v1/people',
      headers: s.headers,
      payload: { firstName: 'Nope' },
    });
    expect(create.statusCode).toBe(403);
    await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${rep.id}`,
      headers: a.headers,
      payload: { active: false },
    });
    expect((await t.app.inject({ url: '/api/v1/people', headers: s.headers })).statusCode).toBe(401);
  });
});
