import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, json, login, PASSWORD, type TestContext, type TestUser, testApp } from '../../test/harness.ts';

let t: TestContext;
let admin: TestUser;

beforeAll(async () => {
  t = await testApp();
  admin = await createUser(t.services, 'admin', 'North');
});
afterAll(() => t.close());

const NEW_PASSWORD = 'violet-harbour-lantern-42';

const post = (url: string, payload: unknown, headers: Record<string, string> = {}, remoteAddress?: string) =>
  t.app.inject({ method: 'POST', url: `/api/v1${url}`, payload: payload as object, headers, remoteAddress });

const tryLogin = (email: string, password: string) => post('/auth/login', { email, password });

/** Runs the sender, then the newest mail the dev mailbox holds for an address. */
async function lastMailTo(email: string) {
  await t.services.mailer.drain();
  return t.db.database.db
    .selectFrom('dev_mailbox')
    .selectAll()
    .where('to_address', '=', email)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

const mailCount = async (email: string) => {
  await t.services.mailer.drain();
  const rows = await t.db.database.db.selectFrom('dev_mailbox').select('id').where('to_address', '=', email).execute();
  return rows.length;
};

const tokenIn = (text: string | undefined) => /reset-password\?token=([\w-]+)/.exec(text ?? '')?.[1] ?? '';

const auditActions = async (recordId: string) =>
  (
    await t.db.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('record_id', '=', recordId)
      .orderBy('id')
      .execute()
  ).map((r) => r.action);

describe('changing your own password', () => {
  it('needs the current password and a password the policy accepts, each error naming its field', async () => {
    const u = await createUser(t.services, 'sales', 'North');
    const s = await login(t.app, u.email);
    const wrong = await post(
      '/auth/password',
      { currentPassword: 'not-it-at-all', newPassword: NEW_PASSWORD },
      s.headers,
    );
    expect(wrong.statusCode).toBe(422);
    expect(wrong.headers['content-type']).toContain('application/problem+json');
    expect(json<{ errors: { pointer: string }[] }>(wrong).errors[0]?.pointer).toBe('/currentPassword');
    const weak = await post('/auth/password', { currentPassword: PASSWORD, newPassword: 'short' }, s.headers);
    expect(weak.statusCode).toBe(422);
    expect(json<{ errors: { pointer: string }[] }>(weak).errors[0]?.pointer).toBe('/newPassword');
    const missing = await post('/auth/password', { currentPassword: PASSWORD }, s.headers);
    expect(missing.statusCode).toBe(400);
    expect(JSON.stringify(json(missing))).toContain('newPassword');
    expect(await auditActions(u.id)).toContain('password_change_failed');
  });

  it('changes it, keeps this session, ends every other one, and audits it', async () => {
    const u = await createUser(t.services, 'sales', 'North');
    const here = await login(t.app, u.email);
    const elsewhere = await login(t.app, u.email);
    const res = await post('/auth/password', { currentPassword: PASSWORD, newPassword: NEW_PASSWORD }, here.headers);
    expect(res.statusCode).toBe(200);
    expect(json(res)).toEqual({ sessionsEnded: 1 });
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: here.headers })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: elsewhere.headers })).statusCode).toBe(401);
    expect((await tryLogin(u.email, PASSWORD)).statusCode).toBe(401);
    expect((await tryLogin(u.email, NEW_PASSWORD)).statusCode).toBe(200);
    expect(await auditActions(u.id)).toContain('password_change');
  });

  it('is refused without a session and without the CSRF header', async () => {
    const anon = await post('/auth/password', { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
    expect(anon.statusCode).toBe(401);
    const u = await createUser(t.services, 'sales', 'North');
    const s = await login(t.app, u.email);
    const noCsrf = await post(
      '/auth/password',
      { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
      { cookie: s.cookie },
    );
    expect(noCsrf.statusCode).toBe(403);
  });
});

describe('forgot password', () => {
  it('answers the same for a known and an unknown address, and mails a single-use link only to the known one', async () => {
    const u = await createUser(t.services, 'sales', 'North');
    const known = await post('/auth/forgot-password', { email: u.email.toUpperCase() });
    const unknown = await post('/auth/forgot-password', { email: 'nobody-here@example.com' });
    expect(known.statusCode).toBe(202);
    expect(unknown.statusCode).toBe(202);
    expect(json(known)).toEqual(json(unknown));
    expect(await mailCount('nobody-here@example.com')).toBe(0);
    const mail = await lastMailTo(u.email);
    expect(mail?.subject).toBe('Reset your Rapport password');
    expect(mail?.text).toContain('http://localhost:3000/reset-password?token=');
    const token = tokenIn(mail?.text);
    expect(token.length).toBeGreaterThan(30);
    // Only the hash is stored.
    const stored = await t.db.database.db.selectFrom('password_tokens').select('token_hash').execute();
    expect(stored.map((r) => r.token_hash)).not.toContain(token);

    const check = await t.app.inject({ url: `/api/v1/auth/password-link?token=${token}` });
    expect(check.statusCode).toBe(200);
    expect(json(check)).toMatchObject({ purpose: 'reset', email: u.email });

    const weak = await post('/auth/reset-password', { token, password: 'rapport-demo' });
    expect(weak.statusCode).toBe(422);
    expect(json<{ errors: { pointer: string }[] }>(weak).errors[0]?.pointer).toBe('/password');

    const s = await login(t.app, u.email);
    const ok = await post('/auth/reset-password', { token, password: NEW_PASSWORD });
    expect(ok.statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: s.headers })).statusCode).toBe(401);
    expect((await tryLogin(u.email, NEW_PASSWORD)).statusCode).toBe(200);

    const again = await post('/auth/reset-password', { token, password: `${NEW_PASSWORD}-2` });
    expect(again.statusCode).toBe(422);
    expect(json<{ errors: { pointer: string }[] }>(again).errors[0]?.pointer).toBe('/token');
    expect((await t.app.inject({ url: `/api/v1/auth/password-link?token=${token}` })).statusCode).toBe(422);
    expect(await auditActions(u.id)).toEqual(expect.arrayContaining(['password_reset_requested', 'password_reset']));
  });

  it('a link stops working after 15 minutes', async () => {
    const u = await createUser(t.services, 'sales', 'North');
    await post('/auth/forgot-password', { email: u.email });
    const token = tokenIn((await lastMailTo(u.email))?.text);
    const row = await t.db.database.db
      .selectFrom('password_tokens')
      .select('expires_at')
      .where('user_id', '=', u.id)
      .executeTakeFirstOrThrow();
    const ttl = Date.parse(row.expires_at) - Date.now();
    expect(ttl).toBeGreaterThan(14 * 60_000);
    expect(ttl).toBeLessThanOrEqual(15 * 60_000);
    await t.db.database.db
      .updateTable('password_tokens')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('user_id', '=', u.id)
      .execute();
    const res = await post('/auth/reset-password', { token, password: NEW_PASSWORD });
    expect(res.statusCode).toBe(422);
    expect(json(res).detail).toContain('expired');
  });

  it('a newer link replaces the older one', async () => {
    const u = await createUser(t.services, 'sales', 'North');
    await post('/auth/forgot-password', { email: u.email });
    const first = tokenIn((await lastMailTo(u.email))?.text);
    await post('/auth/forgot-password', { email: u.email });
    const second = tokenIn((await lastMailTo(u.email))?.text);
    expect(second).not.toBe(first);
    expect((await post('/auth/reset-password', { token: first, password: NEW_PASSWORD })).statusCode).toBe(422);
    expect((await post('/auth/reset-password', { token: second, password: NEW_PASSWORD })).statusCode).toBe(204);
  });

  it('sends at most 3 mails per address in 15 minutes, answering alike', async () => {
    const u = await createUser(t.services, 'sales', 'North');
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await post('/auth/forgot-password', { email: u.email }));
    expect(answers.map((a) => a.statusCode)).toEqual([202, 202, 202, 202, 202]);
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    expect(await mailCount(u.email)).toBe(3);
  });

  it('is rate-limited per address of the client', async () => {
    const limited = await testApp({ loginRateLimit: 2 });
    try {
      const codes = [];
      for (let i = 0; i < 4; i++) {
        const res = await limited.app.inject({
          method: 'POST',
          url: '/api/v1/auth/forgot-password',
          remoteAddress: '10.1.2.3',
          payload: { email: `x${i}@example.com` },
        });
        codes.push(res.statusCode);
      }
      expect(codes).toEqual([202, 202, 429, 429]);
      const other = await limited.app.inject({
        method: 'POST',
        url: '/api/v1/auth/forgot-password',
        remoteAddress: '10.1.2.4',
        payload: { email: 'x@example.com' },
      });
      expect(other.statusCode).toBe(202);
    } finally {
      await limited.close();
    }
  });

  it('refuses a bad body naming the field', async () => {
    const res = await post('/auth/forgot-password', {});
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(json(res))).toContain('email');
  });
});

describe('invitations', () => {
  it('an admin invites by email; the invitee sets their own password through the link, valid 7 days', async () => {
    const s = await login(t.app, admin.email);
    const roles = json<{ data: { id: string; key: string }[] }>(
      await t.app.inject({ url: '/api/v1/roles', headers: s.headers }),
    ).data;
    const salesRole = roles.find((r) => r.key === 'sales')!;
    const res = await post(
      '/users/invitations',
      { email: 'New.Hire@Example.com', name: 'New Hire', roleId: salesRole.id },
      s.headers,
    );
    expect(res.statusCode).toBe(201);
    const user = json<{ id: string; email: string; role: { key: string }; active: boolean }>(res);
    expect(user).toMatchObject({ email: 'new.hire@example.com', role: { key: 'sales' }, active: true });
    expect((await tryLogin('new.hire@example.com', PASSWORD)).statusCode).toBe(401);

    const mail = await lastMailTo('new.hire@example.com');
    expect(mail?.subject).toContain('You are invited to');
    expect(mail?.text).toContain('&invite=1');
    const token = tokenIn(mail?.text);
    const row = await t.db.database.db
      .selectFrom('password_tokens')
      .select(['expires_at', 'purpose'])
      .where('user_id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(row.purpose).toBe('invite');
    expect(Date.parse(row.expires_at) - Date.now()).toBeGreaterThan(7 * 86_400_000 - 60_000);

    const check = await t.app.inject({ url: `/api/v1/auth/password-link?token=${token}` });
    expect(json(check)).toMatchObject({ purpose: 'invite', name: 'New Hire' });
    expect((await post('/auth/reset-password', { token, password: NEW_PASSWORD })).statusCode).toBe(204);
    expect((await tryLogin('new.hire@example.com', NEW_PASSWORD)).statusCode).toBe(200);
    expect(await auditActions(user.id)).toEqual(expect.arrayContaining(['invite', 'invitation_accepted']));
  });

  it('an expired invitation cannot be accepted', async () => {
    const s = await login(t.app, admin.email);
    const roleId = (await t.services.identity.actorFor(admin.id)).roleId;
    const res = await post('/users/invitations', { email: 'late@example.com', name: 'Late', roleId }, s.headers);
    expect(res.statusCode).toBe(201);
    const token = tokenIn((await lastMailTo('late@example.com'))?.text);
    await t.db.database.db
      .updateTable('password_tokens')
      .set({ expires_at: new Date(Date.now() - 1).toISOString() })
      .where('user_id', '=', json<{ id: string }>(res).id)
      .execute();
    expect((await post('/auth/reset-password', { token, password: NEW_PASSWORD })).statusCode).toBe(422);
  });

  it('refuses a taken email (409), bad fields (422 naming them) and non-admins (403)', async () => {
    const s = await login(t.app, admin.email);
    const roleId = (await t.services.identity.actorFor(admin.id)).roleId;
    const taken = await post('/users/invitations', { email: admin.email, name: 'Dup', roleId }, s.headers);
    expect(taken.statusCode).toBe(409);
    expect(json(taken).code).toBe('users.email_taken');
    const bad = await post(
      '/users/invitations',
      { email: 'not-an-email', name: 'X', roleId: 'nope', teamIds: ['nope'] },
      s.headers,
    );
    expect(bad.statusCode).toBe(422);
    expect(json<{ errors: { pointer: string }[] }>(bad).errors.map((e) => e.pointer)).toEqual([
      '/email',
      '/roleId',
      '/teamIds/0',
    ]);
    const sales = await createUser(t.services, 'sales', 'North');
    const ss = await login(t.app, sales.email);
    const denied = await post('/users/invitations', { email: 'y@example.com', name: 'Y', roleId }, ss.headers);
    expect(denied.statusCode).toBe(403);
    expect(await mailCount('y@example.com')).toBe(0);
  });
});

describe('an admin forcing a reset', () => {
  it("ends the user's sessions, stops the old password and mails a link to set a new one", async () => {
    const u = await createUser(t.services, 'sales', 'North');
    const us = await login(t.app, u.email);
    const s = await login(t.app, admin.email);
    const res = await post(`/users/${u.id}/reset-password`, {}, s.headers);
    expect(res.statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: us.headers })).statusCode).toBe(401);
    expect((await tryLogin(u.email, PASSWORD)).statusCode).toBe(401);
    const mail = await lastMailTo(u.email);
    expect(mail?.subject).toBe('Set a new Rapport password');
    expect(mail?.text).toContain('24 hours');
    expect(
      (await post('/auth/reset-password', { token: tokenIn(mail?.text), password: NEW_PASSWORD })).statusCode,
    ).toBe(204);
    expect((await tryLogin(u.email, NEW_PASSWORD)).statusCode).toBe(200);
    expect(await auditActions(u.id)).toEqual(expect.arrayContaining(['password_reset_forced', 'password_reset']));
  });

  it('answers 404 for an unknown user and 403 for a non-admin', async () => {
    const s = await login(t.app, admin.email);
    const missing = await post('/users/nope/reset-password', {}, s.headers);
    expect(missing.statusCode).toBe(404);
    expect(json(missing).code).toBe('users.not_found');
    const m = await createUser(t.services, 'manager', 'North');
    const ms = await login(t.app, m.email);
    const denied = await post(`/users/${admin.id}/reset-password`, {}, ms.headers);
    expect(denied.statusCode).toBe(403);
    expect((await tryLogin(admin.email, PASSWORD)).statusCode).toBe(200);
  });
});
