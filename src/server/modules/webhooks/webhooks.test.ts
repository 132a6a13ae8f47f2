import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook as Verifier } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createUser, json, login, type Session, type TestContext, type TestUser, testApp } from '../../test/harness.ts';
import { isPublicAddress } from './webhooks.send.ts';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

let t: TestContext;
let admin: TestUser;
let sales: TestUser;
let adminS: Session;
let salesS: Session;
let server: Server;
let base: string;
const received: Received[] = [];
/** Status codes the receiver answers with, in order; 200 once used up. */
let replies: number[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      const status = replies.shift() ?? 200;
      if (status === 302) res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data' });
      else res.writeHead(status);
      res.end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t = await testApp({ webhookAllowPrivate: true });
  admin = await createUser(t.services, 'admin', null, 'admin');
  sales = await createUser(t.services, 'sales', 'North', 'sales');
  adminS = await login(t.app, admin.email);
  salesS = await login(t.app, sales.email);
});

afterAll(async () => {
  await t.close();
  await new Promise((r) => server.close(r));
});

beforeEach(() => {
  received.length = 0;
  replies = [];
});

const createHook = async (url: string, events: string[]) => {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/webhooks',
    headers: adminS.headers,
    payload: { url, events },
  });
  expect(res.statusCode, res.body).toBe(201);
  return json<{ id: string; secret: string; enabled: boolean }>(res);
};

/** Delivers the outbox, then due webhook deliveries (making retries due at once). */
async function pump(makeDue = false) {
  await t.services.events.drain();
  if (makeDue) {
    await t.services.database.db
      .updateTable('webhook_deliveries')
      .set({ next_attempt_at: '2000-01-01T00:00:00.000Z' })
      .where('status', '=', 'pending')
      .execute();
  }
  await t.services.webhooks.drain();
}

describe('webhooks: endpoints', () => {
  it('admins register, list, change and delete endpoints; the secret is shown once', async () => {
    const hook = await createHook(`${base}/a`, ['person.created', 'person.updated']);
    expect(hook).toMatchObject({ enabled: true });
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9+/=]+$/);
    const one = await t.app.inject({ url: `/api/v1/webhooks/${hook.id}`, headers: adminS.headers });
    expect(one.statusCode).toBe(200);
    expect(json(one)).toMatchObject({ id: hook.id, url: `${base}/a`, events: ['person.created', 'person.updated'] });
    expect(json(one)).not.toHaveProperty('secret');
    const list = await t.app.inject({ url: '/api/v1/webhooks', headers: adminS.headers });
    expect(json<{ data: { id: string }[] }>(list).data.map((w) => w.id)).toContain(hook.id);
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/webhooks/${hook.id}`,
      headers: adminS.headers,
      payload: { events: ['*'], enabled: false },
    });
    expect(patched.statusCode).toBe(200);
    expect(json(patched)).toMatchObject({ events: ['*'], enabled: false });
    const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${hook.id}`, headers: adminS.headers });
    expect(del.statusCode).toBe(204);
    const gone = await t.app.inject({ url: `/api/v1/webhooks/${hook.id}`, headers: adminS.headers });
    expect(gone.statusCode).toBe(404);
  });

  it('refuses non-admins, unknown events and bad URLs, naming the field', async () => {
    const denied = await t.app.inject({
      method: 'POST',
      url: '/api/v1/webhooks',
      headers: salesS.headers,
      payload: { url: 'https://example.com/hook', events: ['person.created'] },
    });
    expect(denied.statusCode).toBe(403);
    const badEvent = await t.app.inject({
      method: 'POST',
      url: '/api/v1/webhooks',
      headers: adminS.headers,
      payload: { url: 'https://example.com/hook', events: ['person.exploded'] },
    });
    expect(badEvent.statusCode).toBe(400);
    expect(JSON.stringify(json(badEvent))).toContain('/events/0');
    const badUrl = await t.app.inject({
      method: 'POST',
      url: '/api/v1/webhooks',
      headers: adminS.headers,
      payload: { url: 'ftp://example.com/x', events: ['person.created'] },
    });
    expect(badUrl.statusCode).toBe(422);
    expect(json(badUrl)).toMatchObject({ errors: [{ pointer: '/url' }] });
  });
});

describe('webhooks: delivery', () => {
  it('signs each event per Standard Webhooks and logs the response code', async () => {
    const hook = await createHook(`${base}/signed`, ['person.created']);
    const person = await t.services.people.create(admin.ctx, { firstName: 'Ada', lastName: 'Lovelace' });
    await pump();
    expect(received).toHaveLength(1);
    const got = received[0]!;
    const verified = new Verifier(hook.secret).verify(got.body, {
      'webhook-id': String(got.headers['webhook-id']),
      'webhook-timestamp': String(got.headers['webhook-timestamp']),
      'webhook-signature': String(got.headers['webhook-signature']),
    }) as { type: string; timestamp: string; data: Record<string, unknown> };
    expect(verified).toMatchObject({ type: 'person.created', data: { object: 'people', recordId: person.id } });
    expect(Date.parse(verified.timestamp)).not.toBeNaN();
    expect(() =>
      new Verifier(hook.secret).verify(`${got.body} `, {
        'webhook-id': String(got.headers['webhook-id']),
        'webhook-timestamp': String(got.headers['webhook-timestamp']),
        'webhook-signature': String(got.headers['webhook-signature']),
      }),
    ).toThrow();

    // Only subscribed types: a company event does not reach this endpoint.
    await t.services.companies.create(admin.ctx, { name: 'Acme' });
    await pump();
    expect(received).toHaveLength(1);

    const log = await t.app.inject({ url: `/api/v1/webhooks/${hook.id}/deliveries`, headers: adminS.headers });
    expect(log.statusCode).toBe(200);
    expect(json(log)).toMatchObject({
      data: [
        {
          id: got.headers['webhook-id'],
          type: 'person.created',
          status: 'succeeded',
          lastStatusCode: 200,
          attempts: 1,
        },
      ],
    });
    await t.app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${hook.id}`, headers: adminS.headers });
  });

  it('retries failures with backoff under the same webhook-id, never follows a redirect, and replays on request', async () => {
    const hook = await createHook(`${base}/flaky`, ['company.created']);
    replies = [500, 302];
    const before = Date.now();
    await t.services.companies.create(admin.ctx, { name: 'Retry Ltd' });
    await pump();
    expect(received).toHaveLength(1);
    let [delivery] = json<{ data: { id: string; status: string; nextAttemptAt: string; attempts: number }[] }>(
      await t.app.inject({ url: `/api/v1/webhooks/${hook.id}/deliveries`, headers: adminS.headers }),
    ).data;
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: 500, lastError: 'HTTP 500' });
    expect(Date.parse(delivery!.nextAttemptAt) - before).toBeGreaterThanOrEqual(4000); // first retry after 5 s
    await pump(true); // second attempt: a redirect to a metadata address, not followed
    expect(received).toHaveLength(2);
    await pump(true); // third attempt succeeds
    expect(received).toHaveLength(3);
    expect(new Set(received.map((r) => r.headers['webhook-id'])).size).toBe(1);
    [delivery] = json<{ data: { id: string; status: string; nextAttemptAt: string; attempts: number }[] }>(
      await t.app.inject({ url: `/api/v1/webhooks/${hook.id}/deliveries`, headers: adminS.headers }),
    ).data;
    expect(delivery).toMatchObject({
      status: 'succeeded',
      attempts: 3,
      log: [
        { statusCode: 500, error: 'HTTP 500' },
        { statusCode: 302, error: 'redirect not followed' },
        { statusCode: 200, error: null },
      ],
    });

    const replay = await t.app.inject({
      method: 'POST',
      url: `/api/v1/webhooks/${hook.id}/deliveries/${delivery!.id}/replay`,
      headers: adminS.headers,
    });
    expect(replay.statusCode).toBe(202);
    expect(json(replay)).toMatchObject({ status: 'pending', replayOf: delivery!.id, type: 'company.created' });
    await pump();
    expect(received).toHaveLength(4);
    expect(received[3]!.body).toBe(received[0]!.body);
    const missing = await t.app.inject({
      method: 'POST',
      url: `/api/v1/webhooks/${hook.id}/deliveries/nope/replay`,
      headers: adminS.headers,
    });
    expect(missing.statusCode).toBe(404);
    await t.app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${hook.id}`, headers: adminS.headers });
  });

  it('switches an endpoint off after its last retry fails and tells the admins', async () => {
    const hook = await createHook(`${base}/down`, ['company.created']);
    replies = Array(20).fill(503);
    await t.services.companies.create(admin.ctx, { name: 'Down Inc' });
    await pump();
    for (let i = 0; i < 7; i++) await pump(true);
    expect(received).toHaveLength(8); // 1 + 7 retries spread over more than 24 hours
    const after = json(await t.app.inject({ url: `/api/v1/webhooks/${hook.id}`, headers: adminS.headers }));
    expect(after).toMatchObject({ enabled: false });
    expect(String(after.disabledReason)).toContain('HTTP 503');
    const [delivery] = json<{ data: { status: string; attempts: number }[] }>(
      await t.app.inject({ url: `/api/v1/webhooks/${hook.id}/deliveries`, headers: adminS.headers }),
    ).data;
    expect(delivery).toMatchObject({ status: 'failed', attempts: 8 });
    const notes = json<{ data: { kind: string; title: string }[] }>(
      await t.app.inject({ url: '/api/v1/notifications', headers: adminS.headers }),
    );
    expect(notes.data).toContainEqual(expect.objectContaining({ kind: 'webhook_disabled' }));
    // Switched off: new events are not queued for it.
    await t.services.companies.create(admin.ctx, { name: 'Later Inc' });
    await pump(true);
    expect(received).toHaveLength(8);
  });
});

describe('webhooks: private targets', () => {
  it('classifies addresses after resolution: loopback, private, link-local and mapped ones are refused', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '192.168.1.1',
      '172.16.0.1',
      '169.254.169.254',
      '::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      'fd00::1',
      '100.64.0.1',
      '0.0.0.0',
    ])
      expect(isPublicAddress(a), a).toBe(false);
    for (const a of ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946']) expect(isPublicAddress(a), a).toBe(true);
  });

  it('without RAPPORT_WEBHOOK_ALLOW_PRIVATE, a loopback URL is refused at registration and at delivery', async () => {
    const strict = await testApp({ webhookAllowPrivate: false });
    try {
      const a = await createUser(strict.services, 'admin', null, 'strict');
      const s = await login(strict.app, a.email);
      const res = await strict.app.inject({
        method: 'POST',
        url: '/api/v1/webhooks',
        headers: s.headers,
        payload: { url: `${base}/x`, events: ['*'] },
      });
      expect(res.statusCode).toBe(422);
      expect(json(res)).toMatchObject({ errors: [{ pointer: '/url' }] });
      // A name that resolves to loopback passes registration but is refused when delivering (checked after DNS).
      const named = await strict.app.inject({
        method: 'POST',
        url: '/api/v1/webhooks',
        headers: s.headers,
        payload: { url: base.replace('127.0.0.1', 'localhost'), events: ['*'] },
      });
      expect(named.statusCode).toBe(201);
      await strict.services.companies.create(a.ctx, { name: 'Blocked' });
      await strict.services.events.drain();
      await strict.services.webhooks.drain();
      expect(received).toHaveLength(0);
      const [d] = json<{ data: { lastError: string; lastStatusCode: number | null }[] }>(
        await strict.app.inject({
          url: `/api/v1/webhooks/${json<{ id: string }>(named).id}/deliveries`,
          headers: s.headers,
        }),
      ).data;
      expect(d).toMatchObject({ lastStatusCode: null });
      expect(d!.lastError).toMatch(
        /^localhost resolves to (127\.0\.0\.1|::1), a loopback, private or link-local address$/,
      );
    } finally {
      await strict.close();
    }
  });
});
