/**
 * A customer closes and rates their own request (another customer's id is 404), and the self-service metrics on a
 * hand-built month with known answers: self-service share, requests by channel, portal active customers.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createUser, json, type TestContext, type TestUser, testApp } from '../../test/harness.ts';

let t: TestContext;
let admin: TestUser;
const ids: Record<string, string> = {};

interface Portal {
  headers: Record<string, string>;
}
const at = (iso: string) => vi.setSystemTime(new Date(iso));
const portal = (p: Portal, method: 'GET' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url: `/api/portal/v1${url}`, headers: p.headers, ...(payload ? { payload } : {}) });

async function signIn(email: string, ip: string): Promise<Portal> {
  const asked = await t.app.inject({
    method: 'POST',
    url: '/api/portal/v1/auth/link',
    payload: { email },
    remoteAddress: ip,
  });
  expect(asked.statusCode).toBe(202);
  const row = await t.db.database.db
    .selectFrom('mail_outbox')
    .select('data')
    .where('to_address', '=', email)
    .where('template', '=', 'portal-link')
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
  const token = new URL((JSON.parse(row.data) as { link: string }).link).searchParams.get('token');
  const res = await t.app.inject({ method: 'POST', url: '/api/portal/v1/auth/verify', payload: { token } });
  expect(res.statusCode, res.body).toBe(200);
  const cookies = res.cookies as { name: string; value: string }[];
  const session = cookies.find((c) => c.name === 'rapport_portal_session')!;
  const csrf = cookies.find((c) => c.name === 'rapport_portal_csrf')!;
  const cookie = `rapport_portal_session=${session.value}; rapport_portal_csrf=${csrf.value}`;
  return { headers: { cookie, 'x-csrf-token': csrf.value } };
}

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  at('2027-02-01T09:00:00Z');
  t = await testApp();
  t.services.portalAuth.clock = () => new Date();
  admin = await createUser(t.services, 'admin', 'Desk', 'portal-req');
  await t.services.workspace.update(admin.ctx, { modules: { portal: true } });
  for (const [key, name, email] of [
    ['ann', 'Ann', 'ann@example.test'],
    ['cy', 'Cy', 'cy@example.test'],
  ] as const) {
    const p = await t.services.people.create(admin.ctx, { firstName: name, lastName: 'Customer', emails: [{ email }] });
    ids[key] = p.id;
  }
  await t.services.portalAuth.invite(admin.ctx, { personIds: [ids.ann!, ids.cy!] });
});
afterAll(async () => {
  vi.useRealTimers();
  await t.close();
});

describe('closing and rating a request from the portal', () => {
  it('closes and rates your own request; another customer gets 404; measured as self-service', async () => {
    at('2027-02-10T09:00:00Z');
    const ann = await signIn('ann@example.test', '10.9.0.1');
    const cy = await signIn('cy@example.test', '10.9.0.2');
    // Ann raises two requests; a third comes in by phone for her.
    const first = json<{ id: string }>(await portal(ann, 'POST', '/requests', { subject: 'Where is my invoice?' }));
    const second = json<{ id: string }>(await portal(ann, 'POST', '/requests', { subject: 'Printer jams' }));
    const phone = await t.services.cases.create(admin.ctx, {
      subject: 'Called about a refund',
      channel: 'phone',
      personId: ids.ann!,
    });

    // Cy cannot close or rate Ann's request, nor read its rating: 404, and nothing changes.
    for (const [method, path, body] of [
      ['POST', `/requests/${first.id}/close`, undefined],
      ['GET', `/requests/${first.id}/rating`, undefined],
      ['POST', `/requests/${first.id}/rating`, { score: 1 }],
      ['POST', `/requests/${phone.id}/close`, undefined],
    ] as const) {
      const res = await portal(cy, method, path, body);
      expect(res.statusCode, `${method} ${path}`).toBe(404);
    }
    expect((await t.services.cases.get(admin.ctx, first.id)).status).toBe('new');
    // Without the CSRF header a close is refused.
    const noCsrf = await t.app.inject({
      method: 'POST',
      url: `/api/portal/v1/requests/${first.id}/close`,
      headers: { cookie: ann.headers.cookie! },
    });
    expect(noCsrf.statusCode).toBe(403);

    // Rating before it is resolved: refused, naming the score.
    const early = await portal(ann, 'POST', `/requests/${first.id}/rating`, { score: 5 });
    expect(early.statusCode).toBe(409);
    expect(json(early)).toMatchObject({ code: 'portal.not_resolved', errors: [{ pointer: '/score' }] });
    expect(json(await portal(ann, 'GET', `/requests/${first.id}/rating`))).toEqual({ rating: null, canRate: false });

    // Ann's own reading solved the first one: she closes it, before any agent reply.
    at('2027-02-10T10:00:00Z');
    const closed = await portal(ann, 'POST', `/requests/${first.id}/close`);
    expect(closed.statusCode, closed.body).toBe(200);
    expect(json(closed)).toMatchObject({ id: first.id, status: 'closed' });
    // Closing again changes nothing.
    expect(json(await portal(ann, 'POST', `/requests/${first.id}/close`))).toMatchObject({ status: 'closed' });
    // The second one an agent answers; then she closes it (not self-served).
    await t.services.caseMessages.post(admin.ctx, second.id, {
      body: 'Try a new drum.',
      direction: 'out',
      internal: false,
    });
    await portal(ann, 'POST', `/requests/${second.id}/close`);
    // The phone case an agent resolves, and Ann rates it from the portal (then changes her mind).
    await t.services.cases.update(admin.ctx, phone.id, { status: 'resolved' });
    const rated = await portal(ann, 'POST', `/requests/${phone.id}/rating`, { score: 3, comment: 'Slow' });
    expect(rated.statusCode, rated.body).toBe(200);
    expect(json(rated)).toMatchObject({ canRate: true, rating: { score: 3, comment: 'Slow', source: 'portal' } });
    await portal(ann, 'POST', `/requests/${phone.id}/rating`, { score: 4 });
    expect(json(await portal(ann, 'GET', `/requests/${phone.id}/rating`))).toMatchObject({
      rating: { score: 4, comment: 'Slow' },
    });
    // One deflected visit, judged this day.
    await t.services.database.db.transaction().execute((trx) =>
      t.services.events.publish(trx, null, {
        type: 'portal.visit_evaluated',
        object: 'portal_visits',
        recordId: 'visit-1',
        payload: { visitId: 'visit-1', selfServed: true, deflected: true },
      }),
    );
    // Ann comes back later in the month (not counted again), and in March (counted for March).
    at('2027-02-20T09:00:00Z');
    await signIn('ann@example.test', '10.9.0.3');
    at('2027-03-02T09:00:00Z');
    await signIn('ann@example.test', '10.9.0.4');
    await t.services.events.drain();

    const value = (id: string, extra: object = {}) =>
      t.services.metrics.value(admin.actor, id, { from: '2027-02-01', to: '2027-03-31', ...extra });
    // (1 closed by Ann before any reply + 1 deflected visit) / (3 requests + 1 deflected visit)
    expect((await value('self_service.share', { to: '2027-02-28' })).value).toBe(2 / 4);
    const byChannel = await value('self_service.requests_by_channel', { by: 'channel' });
    expect(byChannel.value).toBe(3);
    expect(Object.fromEntries(byChannel.groups.map((g) => [g.label, g.value]))).toEqual({ Phone: 1, Portal: 2 });
    const active = await value('self_service.portal_active_customers', { interval: 'month' });
    expect(active.series).toEqual([
      { period: '2027-02', value: 2 },
      { period: '2027-03', value: 1 },
    ]);
    expect((await value('service.csat')).value).toBe(4);
  });
});

describe('portal settings', () => {
  it('limits the case types customers may raise (422 naming caseTypeId) and brands the portal, validated', async () => {
    at('2027-03-05T09:00:00Z');
    const billing = await t.services.caseTypes.create(admin.ctx, { name: 'Billing question' });
    const internal = await t.services.caseTypes.create(admin.ctx, { name: 'Internal audit' });
    const ann = await signIn('ann@example.test', '10.9.1.1');
    // Bad settings are refused, each naming its field, and nothing changes.
    const bad = await t.services.portalSettings
      .update(admin.ctx, {
        allowedCaseTypeIds: [billing.id, 'no-such-type'],
        logoUrl: 'javascript:alert(1)',
        accentColor: '#ffee00',
      })
      .catch((e: unknown) => e);
    expect(bad).toMatchObject({ status: 422 });
    expect((bad as { errors: { pointer: string }[] }).errors.map((e) => e.pointer).sort()).toEqual([
      '/accentColor',
      '/allowedCaseTypeIds/1',
      '/logoUrl',
    ]);
    expect(await t.services.portalSettings.get()).toMatchObject({ allowedCaseTypeIds: null, logoUrl: null });

    await t.services.portalSettings.update(admin.ctx, {
      allowedCaseTypeIds: [billing.id],
      logoUrl: 'https://cdn.example.test/logo.png',
      accentColor: '#0F6F68',
    });
    const brand = json(await t.app.inject({ method: 'GET', url: '/api/portal/v1/brand' }));
    expect(brand).toMatchObject({ color: '#0f6f68', logoUrl: 'https://cdn.example.test/logo.png' });
    expect(json(await portal(ann, 'GET', '/case-types'))).toEqual({
      data: [{ id: billing.id, name: 'Billing question' }],
    });

    const notAllowed = await portal(ann, 'POST', '/requests', { subject: 'Audit me', caseTypeId: internal.id });
    expect(notAllowed.statusCode).toBe(422);
    expect(json(notAllowed)).toMatchObject({ errors: [{ pointer: '/caseTypeId' }] });
    const missing = await portal(ann, 'POST', '/requests', { subject: 'No type' });
    expect(missing.statusCode).toBe(422);
    expect(json(missing)).toMatchObject({ errors: [{ pointer: '/caseTypeId' }] });
    const ok = await portal(ann, 'POST', '/requests', { subject: 'Charged twice', caseTypeId: billing.id });
    expect(ok.statusCode, ok.body).toBe(201);
    expect((await t.services.cases.get(admin.ctx, json<{ id: string }>(ok).id)).caseTypeId).toBe(billing.id);

    // Cleared: requests carry no case type again.
    await t.services.portalSettings.update(admin.ctx, { allowedCaseTypeIds: null });
    expect((await portal(ann, 'POST', '/requests', { subject: 'Plain again' })).statusCode).toBe(201);
  });
});
