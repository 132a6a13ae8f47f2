import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, json, login, type Session, type TestContext, testApp } from '../../test/harness.ts';
import { EMAIL_LIMIT, IP_LIMIT, LINK_MINUTES } from './portal-auth.service.ts';

let t: TestContext;
let admin: Session;
let nowMs = Date.parse('2027-01-08T10:00:00.000Z');
const ids: Record<string, string> = {};
let ipCounter = 0;
/** A fresh client address per sign-in, so the per-address tests do not trip the per-IP limit. */
const nextIp = () => `10.0.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;

interface Portal {
  cookie: string;
  headers: Record<string, string>;
}

const staff = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: admin.headers, ...(payload ? { payload } : {}) });
const portal = (p: Portal | null, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
  t.app.inject({
    method,
    url: `/api/portal/v1${url}`,
    headers: p?.headers ?? {},
    ...(payload ? { payload } : {}),
  });
const askLink = (email: string, ip = nextIp()) =>
  t.app.inject({ method: 'POST', url: '/api/portal/v1/auth/link', payload: { email }, remoteAddress: ip });

/** The sign-in links mailed to an address, newest last (what the customer would click). */
async function links(email: string): Promise<string[]> {
  const rows = await t.db.database.db
    .selectFrom('mail_outbox')
    .select(['data', 'created_at', 'id'])
    .where('to_address', '=', email)
    .where('template', '=', 'portal-link')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => (JSON.parse(r.data) as { link: string }).link);
}
const tokenOf = (link: string) => new URL(link).searchParams.get('token')!;

async function verify(token: string): Promise<LightMyRequestResponse> {
  return t.app.inject({ method: 'POST', url: '/api/portal/v1/auth/verify', payload: { token } });
}

async function signIn(email: string): Promise<Portal> {
  expect((await askLink(email)).statusCode).toBe(202);
  const link = (await links(email)).at(-1)!;
  const res = await verify(tokenOf(link));
  if (res.statusCode !== 200) throw new Error(`verify: ${res.statusCode} ${res.body}`);
  const cookies = res.cookies as { name: string; value: string }[];
  const session = cookies.find((c) => c.name === 'rapport_portal_session')!;
  const csrf = cookies.find((c) => c.name === 'rapport_portal_csrf')!;
  const cookie = `rapport_portal_session=${session.value}; rapport_portal_csrf=${csrf.value}`;
  return { cookie, headers: { cookie, 'x-csrf-token': csrf.value } };
}

async function person(firstName: string, email: string | null, companyId: string | null): Promise<string> {
  const res = await staff('POST', '/api/v1/people', {
    firstName,
    lastName: 'Tester',
    ...(email ? { emails: [{ email }] } : {}),
    ...(companyId ? { companyId } : {}),
  });
  expect(res.statusCode).toBe(201);
  return json<{ id: string }>(res).id;
}

beforeAll(async () => {
  t = await testApp();
  t.services.portalAuth.clock = () => new Date(nowMs);
  admin = await login(t.app, (await createUser(t.services, 'admin', 'Desk')).email);
  await staff('PATCH', '/api/v1/workspace', { modules: { portal: true } });
  const company = await staff('POST', '/api/v1/companies', { name: 'Acme Widgets' });
  ids.company = json<{ id: string }>(company).id;
  ids.alice = await person('Alice', 'alice@acme.test', ids.company);
  ids.bob = await person('Bob', 'bob@acme.test', ids.company);
  ids.carol = await person('Carol', 'carol@elsewhere.test', null);
  ids.dave = await person('Dave', null, null);
  const invited = await staff('POST', '/api/v1/portal/invitations', {
    personIds: [ids.alice, ids.carol, ids.dave],
  });
  expect(invited.statusCode).toBe(200);
  expect(json<{ skipped: { personId: string; reason: string }[] }>(invited).skipped).toEqual([
    { personId: ids.dave, reason: 'has no email address' },
  ]);
  await staff('POST', '/api/v1/portal/invitations', { personIds: [ids.bob], companyAdmin: true });
});
afterAll(() => t.close());

describe('the portal sign-in link', () => {
  it('answers an unknown address exactly as a known one, and mails only the known one', async () => {
    const known = await askLink('Alice@Acme.test ');
    const unknown = await askLink('nobody@acme.test');
    const notInvited = await askLink('dave@nowhere.test');
    expect(known.statusCode).toBe(202);
    expect(unknown.statusCode).toBe(202);
    expect(unknown.body).toBe(known.body);
    expect(notInvited.body).toBe(known.body);
    expect(await links('nobody@acme.test')).toEqual([]);
    const [link] = await links('alice@acme.test');
    expect(link).toMatch(/\/portal\/auth\?token=[\w-]{20,}$/);
    // The welcome email went out with the invitation.
    const welcome = await t.db.database.db
      .selectFrom('mail_outbox')
      .select('template')
      .where('to_address', '=', 'carol@elsewhere.test')
      .execute();
    expect(welcome.map((w) => w.template)).toContain('portal-invitation');
  });

  it('signs in once: the portal cookie, never the staff one; a second use is refused', async () => {
    await askLink('carol@elsewhere.test');
    const token = tokenOf((await links('carol@elsewhere.test')).at(-1)!);
    const first = await verify(token);
    expect(first.statusCode).toBe(200);
    expect(json(first)).toMatchObject({ personId: ids.carol, name: 'Carol Tester', companyAdmin: false });
    const names = (first.cookies as { name: string }[]).map((c) => c.name);
    expect(names).toContain('rapport_portal_session');
    expect(names).not.toContain('rapport_session');
    const again = await verify(token);
    expect(again.statusCode).toBe(400);
    expect(json(again)).toMatchObject({ code: 'portal.link_invalid' });
    expect((await verify('not-a-token-at-all')).statusCode).toBe(400);
  });

  it(`expires after ${LINK_MINUTES} minutes by the portal's clock`, async () => {
    await askLink('carol@elsewhere.test');
    await askLink('carol@elsewhere.test');
    const [older, newer] = (await links('carol@elsewhere.test')).slice(-2).map(tokenOf);
    nowMs += (LINK_MINUTES - 1) * 60_000;
    expect((await verify(older!)).statusCode).toBe(200);
    nowMs += 2 * 60_000;
    const late = await verify(newer!);
    expect(late.statusCode).toBe(400);
    expect(json(late)).toMatchObject({ code: 'portal.link_invalid' });
    nowMs += 60 * 60_000; // past the rate-limit window for the next tests
  });

  it('is rate-limited per address (the same answer, no more mail) and per client address (429)', async () => {
    const before = (await links('alice@acme.test')).length;
    const answers: LightMyRequestResponse[] = [];
    for (let i = 0; i < EMAIL_LIMIT + 2; i++) answers.push(await askLink('alice@acme.test'));
    expect(answers.every((a) => a.statusCode === 202 && a.body === answers[0]!.body)).toBe(true);
    expect((await links('alice@acme.test')).length - before).toBe(EMAIL_LIMIT);

    const ip = '192.0.2.77';
    for (let i = 0; i < IP_LIMIT; i++) expect((await askLink(`probe${i}@acme.test`, ip)).statusCode).toBe(202);
    const blocked = await askLink('bob@acme.test', ip);
    expect(blocked.statusCode).toBe(429);
    expect(json(blocked)).toMatchObject({ code: 'portal.rate_limited' });
    // Another client is not affected; the window passes by the clock.
    expect((await askLink('probe@acme.test', '192.0.2.78')).statusCode).toBe(202);
    nowMs += 16 * 60_000;
    expect((await askLink('probe@acme.test', ip)).statusCode).toBe(202);
  });
});

describe('portal actors are separate', () => {
  it('a portal session opens no staff route: every route of the OpenAPI document answers 401', async () => {
    const carol = await signIn('carol@elsewhere.test');
    const doc = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const publicRoutes = new Set(
      t.app.routeRules.filter((r) => r.access === 'public').map((r) => `${r.method} ${r.url}`),
    );
    let walked = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      if (!path.startsWith('/api/v1/')) continue;
      for (const method of Object.keys(ops)) {
        const m = method.toUpperCase();
        const routeUrl = path.replace(/\{(\w+)\}/g, ':$1');
        if (publicRoutes.has(`${m} ${routeUrl}`)) continue;
        const res = await t.app.inject({
          method: m as 'GET',
          url: path.replace(/\{\w+\}/g, 'x1'),
          headers: carol.headers,
          ...(m === 'GET' || m === 'DELETE' ? {} : { payload: {} }),
        });
        expect(res.statusCode, `${m} ${path}`).toBe(401);
        walked++;
      }
    }
    expect(walked).toBeGreaterThan(100);
  });

  it('a staff session is not a portal session', async () => {
    const res = await t.app.inject({ url: '/api/portal/v1/requests', headers: admin.headers });
    expect(res.statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/portal/v1/profile', headers: admin.headers })).statusCode).toBe(401);
  });

  it("every portal route with another customer's ids answers 404", async () => {
    const alice = await signIn('alice@acme.test');
    const carol = await signIn('carol@elsewhere.test');
    const raised = await portal(alice, 'POST', '/requests', { subject: 'Invoice INV-77 charged twice' });
    expect(raised.statusCode).toBe(201);
    const aliceCase = json<{ id: string }>(raised).id;
    const staffCase = await staff('POST', '/api/v1/cases', { subject: 'Carol cannot see this', channel: 'phone' });
    const doc = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    let walked = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      if (!path.startsWith('/api/portal/v1/') || !path.includes('{id}')) continue;
      for (const method of Object.keys(ops)) {
        for (const id of [aliceCase, json<{ id: string }>(staffCase).id]) {
          const res = await t.app.inject({
            method: method.toUpperCase() as 'GET',
            url: path.replace('{id}', id),
            headers: carol.headers,
            ...(method === 'post'
              ? {
                  payload: path.endsWith('/feedback')
                    ? { helpful: true }
                    : path.endsWith('/rating')
                      ? { score: 1 }
                      : { body: 'Let me in' },
                }
              : {}),
          });
          expect(res.statusCode, `${method} ${path}`).toBe(404);
          walked++;
        }
      }
    }
    expect(walked).toBeGreaterThanOrEqual(6);
    // Nothing was written by the attempts.
    const thread = await staff('GET', `/api/v1/cases/${aliceCase}/messages`);
    expect(json<{ data: unknown[] }>(thread).data).toEqual([]);
    // A company administrator follows the company's requests; a colleague who is not one does not see theirs.
    const bob = await signIn('bob@acme.test');
    const mine = json<{ data: { id: string; mine: boolean; raisedBy: string }[] }>(
      await portal(bob, 'GET', '/requests'),
    );
    expect(mine.data).toEqual([expect.objectContaining({ id: aliceCase, mine: false, raisedBy: 'Alice Tester' })]);
    const bobs = json<{ id: string }>(await portal(bob, 'POST', '/requests', { subject: 'Add two seats' }));
    expect((await portal(alice, 'GET', `/requests/${bobs.id}`)).statusCode).toBe(404);
  });

  it('revoked access ends the session at once and sends no more links', async () => {
    const carol = await signIn('carol@elsewhere.test');
    const revoked = await staff('POST', `/api/v1/portal/access/${ids.carol}/revoke`);
    expect(json(revoked)).toMatchObject({ status: 'revoked' });
    expect((await portal(carol, 'GET', '/requests')).statusCode).toBe(401);
    const before = (await links('carol@elsewhere.test')).length;
    expect((await askLink('carol@elsewhere.test')).statusCode).toBe(202);
    expect((await links('carol@elsewhere.test')).length).toBe(before);
    const resent = await staff('POST', `/api/v1/portal/access/${ids.carol}/resend`);
    expect(json(resent)).toMatchObject({ status: 'invited', revokedAt: null });
  });
});

describe('requests, replies and the profile', () => {
  it('a request is a case on the portal channel; the agent answers, the customer sees it and replies', async () => {
    const alice = await signIn('alice@acme.test');
    const raised = json<{ id: string; reference: string; status: string }>(
      await portal(alice, 'POST', '/requests', { subject: 'Cannot download invoice', description: 'The PDF is empty' }),
    );
    expect(raised.reference).toMatch(/^C-\d+$/);
    const seen = json<{ channel: string; personId: string; companyId: string; status: string }>(
      await staff('GET', `/api/v1/cases/${raised.id}`),
    );
    expect(seen).toMatchObject({ channel: 'portal', personId: ids.alice, companyId: ids.company, status: 'new' });

    const answer = await staff('POST', `/api/v1/cases/${raised.id}/messages`, {
      body: 'We re-sent it: check your inbox.',
    });
    expect(answer.statusCode).toBe(201);
    await staff('POST', `/api/v1/cases/${raised.id}/messages`, { body: 'Customer is on the old plan', internal: true });
    const mailed = await t.db.database.db
      .selectFrom('mail_outbox')
      .select(['template', 'data'])
      .where('to_address', '=', 'alice@acme.test')
      .where('template', '=', 'case-reply')
      .execute();
    expect(mailed).toHaveLength(1);
    expect(json<{ status: string }>(await staff('GET', `/api/v1/cases/${raised.id}`)).status).toBe('open');

    const detail = json<{ messages: { body: string; fromCustomer: boolean }[] }>(
      await portal(alice, 'GET', `/requests/${raised.id}`),
    );
    // The internal note is never shown to the customer.
    expect(detail.messages).toEqual([
      expect.objectContaining({ body: 'We re-sent it: check your inbox.', fromCustomer: false }),
    ]);
    await staff('PATCH', `/api/v1/cases/${raised.id}`, { status: 'pending_customer' });
    const reply = await portal(alice, 'POST', `/requests/${raised.id}/messages`, { body: 'Got it, thanks!' });
    expect(reply.statusCode).toBe(201);
    expect(json<{ status: string; messages: unknown[] }>(reply)).toMatchObject({ status: 'open' });
    const timeline = json<{ data: { summary: string }[] }>(
      await staff('GET', `/api/v1/timeline?subjectKind=cases&subjectId=${raised.id}`),
    );
    const lines = timeline.data.map((e) => e.summary);
    expect(lines).toContain(`Case ${raised.reference}: Alice Tester replied in the portal`);
    expect(lines).toContain(`Case ${raised.reference}: reply sent to the customer`);
    // Writes need the portal's CSRF token.
    const noCsrf = await t.app.inject({
      method: 'POST',
      url: '/api/portal/v1/requests',
      headers: { cookie: alice.cookie },
      payload: { subject: 'x' },
    });
    expect(noCsrf.statusCode).toBe(403);
  });

  it('profile changes are validated like staff edits, audited as the customer and on the staff timeline', async () => {
    const alice = await signIn('alice@acme.test');
    const bad = await portal(alice, 'PATCH', '/profile', { phones: [{ number: 'call me maybe' }] });
    expect(bad.statusCode).toBe(422);
    expect(json<{ errors: { pointer: string }[] }>(bad).errors[0]!.pointer).toMatch(/^\/phones\/0/);
    const ok = await portal(alice, 'PATCH', '/profile', {
      consent: { email: true, sms: false },
      preferredLanguage: 'en-GB',
      phones: [{ number: '020 7946 0000', label: 'work' }],
    });
    expect(ok.statusCode).toBe(200);
    // Normalised by the people kernel as a staff edit would be.
    expect(json(ok)).toMatchObject({ consent: { email: true, sms: false }, preferredLanguage: 'en-gb' });
    const staffView = json<{ consent: { email: { granted: boolean; source: string } }; phones: { number: string }[] }>(
      await staff('GET', `/api/v1/people/${ids.alice}`),
    );
    expect(staffView.consent.email).toMatchObject({ granted: true, source: 'Customer portal' });
    expect(staffView.phones[0]!.number).toBe('+442079460000');
    const timeline = json<{ data: { summary: string }[] }>(await staff('GET', `/api/v1/people/${ids.alice}/timeline`));
    expect(timeline.data.map((e) => e.summary)).toContain(
      'Updated in the customer portal: email consent given; phone numbers changed; preferred language changed',
    );
    const history = json<{ data: { actor: { name: string } | null; changes: Record<string, unknown> }[] }>(
      await staff('GET', `/api/v1/people/${ids.alice}/history`),
    );
    const change = history.data.find((h) => 'consent' in h.changes || 'consent.email' in h.changes);
    expect(change?.actor?.name).toBe('Alice Tester (customer portal)');
    // The person page's portal status.
    const access = json<{ status: string; lastVisitAt: string | null }>(
      await staff('GET', `/api/v1/portal/access/${ids.alice}`),
    );
    expect(access.status).toBe('active');
    expect(access.lastVisitAt).not.toBeNull();
  });

  it('a customer chooses the topics they hear about from the workspace list; the staff see it on the timeline', async () => {
    nowMs += 60 * 60_000; // past the rate-limit window of the earlier sign-ins
    const carol = await signIn('carol@elsewhere.test');
    const profile = json<{ topics: string[]; availableTopics: string[] }>(await portal(carol, 'GET', '/profile'));
    expect(profile.topics).toEqual([]);
    expect(profile.availableTopics).toEqual(['Product news', 'Events and webinars', 'Offers', 'Surveys and feedback']);
    const unknown = await portal(carol, 'PATCH', '/profile', { topics: ['Product news', 'Crypto tips'] });
    expect(unknown.statusCode).toBe(422);
    expect(json<{ errors: { pointer: string }[] }>(unknown).errors.map((e) => e.pointer)).toEqual(['/topics/1']);
    const ok = await portal(carol, 'PATCH', '/profile', { topics: ['Product news', 'Surveys and feedback'] });
    expect(ok.statusCode).toBe(200);
    expect(json<{ topics: string[] }>(ok).topics).toEqual(['Product news', 'Surveys and feedback']);
    const off = await portal(carol, 'PATCH', '/profile', { topics: ['Product news'] });
    expect(json<{ topics: string[] }>(off).topics).toEqual(['Product news']);
    expect(json<{ topics: string[] }>(await staff('GET', `/api/v1/people/${ids.carol}`)).topics).toEqual([
      'Product news',
    ]);
    const timeline = json<{ data: { summary: string }[] }>(await staff('GET', `/api/v1/people/${ids.carol}/timeline`));
    const lines = timeline.data.map((e) => e.summary);
    expect(lines).toContain('Updated in the customer portal: now hears about Product news, Surveys and feedback');
    expect(lines).toContain('Updated in the customer portal: no longer hears about Surveys and feedback');
    // An admin takes a topic off the list: the customer keeps it (and sees it, to untick it) but cannot add it again.
    await staff('PATCH', '/api/v1/workspace', { communicationTopics: ['Events and webinars'] });
    const kept = json<{ topics: string[]; availableTopics: string[] }>(await portal(carol, 'GET', '/profile'));
    expect(kept).toMatchObject({ topics: ['Product news'], availableTopics: ['Events and webinars', 'Product news'] });
    expect(
      (await portal(carol, 'PATCH', '/profile', { topics: ['Product news', 'Events and webinars'] })).statusCode,
    ).toBe(200);
    await portal(carol, 'PATCH', '/profile', { topics: [] });
    const readd = await portal(carol, 'PATCH', '/profile', { topics: ['Product news'] });
    expect(readd.statusCode).toBe(422);
    await staff('PATCH', '/api/v1/workspace', { communicationTopics: [] });
    expect(json<{ availableTopics: string[] }>(await portal(carol, 'GET', '/profile')).availableTopics).toEqual([]);
  });

  it('public articles are readable without signing in; drafts and internal ones do not exist there', async () => {
    const make = async (payload: object) =>
      json<{ id: string }>(await staff('POST', '/api/v1/articles', { body: 'Open Billing.', ...payload }));
    const pub = await make({ title: 'Find your invoices', visibility: 'public', status: 'published' });
    const internal = await make({ title: 'Invoice refunds (agents)', visibility: 'internal', status: 'published' });
    const draft = await make({ title: 'Invoice drafts', visibility: 'public' });
    const found = json<{ data: { id: string }[] }>(await portal(null, 'GET', '/articles?q=invoice'));
    expect(found.data.map((a) => a.id)).toEqual([pub.id]);
    expect((await portal(null, 'GET', `/articles/${pub.id}`)).statusCode).toBe(200);
    expect((await portal(null, 'GET', `/articles/${internal.id}`)).statusCode).toBe(404);
    expect((await portal(null, 'GET', `/articles/${draft.id}`)).statusCode).toBe(404);
    const suggested = json<{ data: { id: string }[] }>(
      await portal(null, 'GET', '/articles/suggestions?q=where%20are%20my%20invoices'),
    );
    expect(suggested.data.map((a) => a.id)).toEqual([pub.id]);
  });

  it('answers 404 everywhere while the portal module is off', async () => {
    await staff('PATCH', '/api/v1/workspace', { modules: { portal: false } });
    expect((await portal(null, 'GET', '/articles')).statusCode).toBe(404);
    expect((await askLink('alice@acme.test')).statusCode).toBe(404);
    expect((await staff('GET', `/api/v1/portal/access/${ids.alice}`)).statusCode).toBe(404);
    await staff('PATCH', '/api/v1/workspace', { modules: { portal: true } });
  });
});
