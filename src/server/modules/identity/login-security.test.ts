import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientRequestId } from '../../platform/request-id.ts';
import { createUser, json, login, PASSWORD, type TestContext, type TestUser, testApp } from '../../test/harness.ts';
import { BACKOFF_STREAK_MS, backoffDelayMs, backoffRemaining, recordLoginFailure } from './login-backoff.ts';

let t: TestContext;
let sales: TestUser;

beforeAll(async () => {
  t = await testApp();
  sales = await createUser(t.services, 'sales', 'North');
});
afterAll(() => t.close());

const attempt = (
  ctx: TestContext,
  email: string,
  password: string,
  remoteAddress = '10.0.0.1',
  headers: Record<string, string> = {},
) =>
  ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress, headers, payload: { email, password } });

const auditRows = (ctx: TestContext, action: string) =>
  ctx.db.database.db
    .selectFrom('audit_log')
    .select(['action', 'record_id', 'request_id', 'ip', 'meta'])
    .where('action', '=', action)
    .orderBy('id')
    .execute();

describe('forwarded addresses', () => {
  it('ignores a forged X-Forwarded-For by default: the rate limit and the audit trail use the peer address', async () => {
    const limited = await testApp({ loginRateLimit: 3 });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await attempt(limited, `nobody${i}@x.test`, 'wrong-password-here', '10.9.9.9', {
          'x-forwarded-for': `203.0.113.${i}`,
        });
        codes.push(res.statusCode);
        if (i === 4) {
          expect(res.headers['content-type']).toContain('application/problem+json');
          expect(json(res).code).toBe('request.rate_limited');
        }
      }
      expect(codes).toEqual([401, 401, 401, 429, 429]);
      const failed = await auditRows(limited, 'login_failed');
      expect(failed).toHaveLength(3);
      for (const row of failed) expect(JSON.parse(row.meta).ip).toBe('10.9.9.9');
    } finally {
      await limited.close();
    }
  });

  it('believes X-Forwarded-For from a configured proxy (by address, or by hop count)', async () => {
    for (const trustProxy of [['10.0.0.0/8'], 1] as const) {
      const proxied = await testApp({ loginRateLimit: 2, trustProxy: trustProxy as string[] | number });
      try {
        // Three clients behind the same proxy each get their own limit.
        for (const client of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) {
          const res = await attempt(proxied, 'nobody@x.test', 'wrong-password-here', '10.1.1.1', {
            'x-forwarded-for': client,
          });
          expect(res.statusCode).toBe(401);
        }
        const ips = (await auditRows(proxied, 'login_failed')).map((r) => JSON.parse(r.meta).ip);
        expect(ips).toEqual(['198.51.100.1', '198.51.100.2', '198.51.100.3']);
        // A client that is not the proxy cannot set its address.
        await attempt(proxied, 'other@x.test', 'wrong-password-here', '192.0.2.7', { 'x-forwarded-for': '1.2.3.4' });
        const last = (await auditRows(proxied, 'login_failed')).at(-1);
        expect(JSON.parse(last!.meta).ip).toBe(Array.isArray(trustProxy) ? '192.0.2.7' : '1.2.3.4');
      } finally {
        await proxied.close();
      }
    }
  });
});

describe('per-account login back-off', () => {
  it('after 5 failures from different addresses, answers 429 with Retry-After even for the right password', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await attempt(t, sales.email, `wrong-password-${i}`, `10.0.1.${i}`);
      expect(res.statusCode).toBe(401);
    }
    const blocked = await attempt(t, sales.email.toUpperCase(), PASSWORD, '10.0.2.1');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers['content-type']).toContain('application/problem+json');
    expect(blocked.headers['retry-after']).toMatch(/^\d+$/);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(30);
    expect(json(blocked)).toMatchObject({ status: 429, code: 'auth.login_backoff' });
    expect(blocked.cookies).toHaveLength(0);

    const failed = await auditRows(t, 'login_failed');
    const fifth = failed.filter((r) => r.record_id === sales.id).at(-1)!;
    expect(JSON.parse(fifth.meta)).toMatchObject({ failures: 5, backoffSeconds: 30, reason: 'wrong_password' });
    const blockedRows = (await auditRows(t, 'login_blocked')).filter((r) => r.record_id === sales.id);
    expect(blockedRows).toHaveLength(1);
    expect(JSON.parse(blockedRows[0]!.meta)).toMatchObject({ email: sales.email, ip: '10.0.2.1' });

    // When the block has run out, the right password logs in and clears the streak.
    await t.db.database.db
      .updateTable('login_backoff')
      .set({ blocked_until: new Date(Date.now() - 1000).toISOString() })
      .where('email', '=', sales.email)
      .execute();
    expect((await attempt(t, sales.email, PASSWORD)).statusCode).toBe(200);
    expect(await t.db.database.db.selectFrom('login_backoff').selectAll().execute()).toEqual([]);
    expect((await attempt(t, sales.email, 'wrong-again-once')).statusCode).toBe(401);
    expect((await attempt(t, sales.email, PASSWORD)).statusCode).toBe(200);
  });

  it('treats an unknown email the same way, so the answer does not reveal which emails exist', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 6; i++)
      codes.push((await attempt(t, 'ghost@x.test', 'wrong-password', `10.0.3.${i}`)).statusCode);
    expect(codes).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('doubles the wait per further failure up to 15 minutes, and forgets a streak after 15 quiet minutes', async () => {
    expect([1, 4, 5, 6, 7, 9, 10, 11, 40].map(backoffDelayMs)).toEqual([
      0, 0, 30_000, 60_000, 120_000, 480_000, 900_000, 900_000, 900_000,
    ]);
    const db = t.db.database.db;
    const email = 'streak@x.test';
    const start = Date.now();
    for (let i = 1; i <= 4; i++) expect((await recordLoginFailure(db, email, start + i)).blockedSeconds).toBe(0);
    expect(await recordLoginFailure(db, email, start + 5)).toEqual({ failures: 5, blockedSeconds: 30 });
    expect(await backoffRemaining(db, email, start + 10)).toBe(30);
    expect(await backoffRemaining(db, email, start + 31_000)).toBe(0);
    // Straight after the block: the streak goes on, and the wait doubles.
    expect(await recordLoginFailure(db, email, start + 31_000)).toEqual({ failures: 6, blockedSeconds: 60 });
    // 15 minutes after the block ended: a new streak.
    const later = start + 91_000 + BACKOFF_STREAK_MS + 1;
    expect(await recordLoginFailure(db, email, later)).toEqual({ failures: 1, blockedSeconds: 0 });
    expect(await backoffRemaining(db, email, later)).toBe(0);
  });
});

describe('password policy through the API', () => {
  it('refuses the demo password, product-name passwords and the email as a password, naming the field', async () => {
    const admin = await createUser(t.services, 'admin', 'North');
    const s = await login(t.app, admin.email);
    const role = (await t.db.database.db
      .selectFrom('roles')
      .select('id')
      .where('key', '=', 'sales')
      .executeTakeFirst())!;
    for (const [email, password] of [
      ['new.user@x.test', 'rapport-demo'],
      ['new.user@x.test', 'Rapport2026!'],
      ['abc@example.com', 'abc@example.com'],
    ]) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: s.headers,
        payload: { email, name: 'New User', password, roleId: role.id },
      });
      expect(res.statusCode, password).toBe(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(json<{ errors: { pointer: string }[] }>(res).errors.map((e) => e.pointer)).toEqual(['/password']);
    }
    const changed = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${sales.id}`,
      headers: s.headers,
      payload: { password: 'Rapport-Demo' },
    });
    expect(changed.statusCode).toBe(422);
    expect(json(changed)).toMatchObject({
      code: 'validation.failed',
      errors: [{ pointer: '/password', detail: 'must not be the product name or the published demo password' }],
    });
    await expect(
      t.services.identity.createUserAsSystem({
        email: 'first.admin@x.test',
        name: 'First',
        password: 'rapport-demo',
        roleKey: 'admin',
      }),
    ).rejects.toMatchObject({ status: 422 });
  });
});

describe('request ids', () => {
  it('answers with its own id; a client x-request-id is kept apart, sanitised, in the audit entry', async () => {
    const res = await attempt(t, sales.email, PASSWORD, '10.0.4.1', { 'x-request-id': 'my-trace <script>1' });
    expect(res.statusCode).toBe(200);
    const ours = res.headers['x-request-id'] as string;
    expect(ours).toMatch(/^[0-9a-f-]{36}$/);
    const row = (await auditRows(t, 'login')).at(-1)!;
    expect(row.request_id).toBe(ours);
    expect(JSON.parse(row.meta)).toEqual({ clientRequestId: 'my-tracescript1' });

    const s = await login(t.app, sales.email);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: { ...s.headers, 'x-request-id': 'x'.repeat(500) },
      payload: { name: 'ci', scopes: { people: 'read' }, expiresInDays: 30 },
    });
    expect(created.statusCode).toBe(201);
    const entry = (await auditRows(t, 'token_create')).at(-1)!;
    expect(entry.request_id).toBe(created.headers['x-request-id']);
    expect(JSON.parse(entry.meta).clientRequestId).toBe('x'.repeat(128));
  });

  it('sanitises and bounds client ids', () => {
    expect(clientRequestId({ headers: {} })).toBeUndefined();
    expect(clientRequestId({ headers: { 'x-request-id': '\r\n{}"' } })).toBeUndefined();
    expect(clientRequestId({ headers: { 'x-request-id': 'abc-123_x.y:z/w+1=2@h' } })).toBe('abc-123_x.y:z/w+1=2@h');
    expect(clientRequestId({ headers: { 'x-request-id': 'é'.repeat(10) + 'a'.repeat(200) } })).toHaveLength(128);
  });
});
