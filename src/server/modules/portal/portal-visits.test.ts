import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type TestContext, type TestUser, testApp } from '../../test/harness.ts';
import type { PortalCustomer } from './portal-auth.service.ts';
import { DEFLECTION_DAYS } from './portal-visits.service.ts';

let t: TestContext;
let admin: TestUser;
/** The visits happen on a fixed day in the past; the judging clock moves on from there. */
const BASE = Date.parse('2025-03-03T10:00:00.000Z');
let nowMs = BASE;
const DAY = 86_400_000;

const customerFor = (personId: string): PortalCustomer => ({
  portalUserId: `pu-${personId}`,
  personId,
  email: `${personId}@example.test`,
  companyAdmin: false,
  csrfToken: 'x',
  sessionHash: 'x',
});

async function personWith(name: string): Promise<string> {
  return (await t.services.people.create(admin.ctx, { firstName: name, lastName: 'Visitor' })).id!;
}

beforeAll(async () => {
  t = await testApp();
  t.services.portalVisits.clock = () => new Date(nowMs);
  admin = await createUser(t.services, 'admin', 'Desk');
});
afterAll(() => t.close());

describe('portal visits and deflection', () => {
  it('judges hand-built visits after the follow-up window, on every channel for signed-in customers', async () => {
    const v = t.services.portalVisits;
    const art = (await t.services.articles.create(admin.ctx, { title: 'Reset', body: 'x', visibility: 'public' })).id;
    const ann = await personWith('Ann'); // reads, says yes, no case: deflected
    const ben = await personWith('Ben'); // reads, phones 3 days later: not deflected
    const cat = await personWith('Cat'); // reads, phones 8 days later: deflected (outside the window)
    const dan = await personWith('Dan'); // reads, then raises a request: not deflected
    const eve = await personWith('Eve'); // reads, says no: not deflected
    await v.record('b-ann', customerFor(ann), { kind: 'view', articleId: art });
    await v.record('b-ann', customerFor(ann), { kind: 'feedback', articleId: art, helpful: true });
    await v.record('b-ben', customerFor(ben), { kind: 'search' });
    await v.record('b-ben', customerFor(ben), { kind: 'view', articleId: art });
    await v.record('b-cat', customerFor(cat), { kind: 'view', articleId: art });
    await v.record('b-dan', customerFor(dan), { kind: 'view', articleId: art });
    await v.record('b-dan', customerFor(dan), { kind: 'request', caseId: 'c-dan' });
    await v.record('b-eve', customerFor(eve), { kind: 'view', articleId: art });
    await v.record('b-eve', customerFor(eve), { kind: 'feedback', articleId: art, helpful: false });
    await v.record('b-anon', null, { kind: 'search' }); // anonymous: judged on the visit alone
    await v.record('b-idle', customerFor(ann), { kind: 'request', caseId: 'c-idle' }); // no self-service: not counted
    // A second visit of the same browser after a 30-minute gap is a visit of its own.
    nowMs = BASE + 31 * 60_000;
    await v.record('b-anon', null, { kind: 'search' });

    const phone = (personId: string, at: number) =>
      t.services.cases.create(admin.ctx, {
        subject: 'Called us',
        channel: 'phone',
        personId,
        openedAt: new Date(at).toISOString(),
      });
    await phone(ben, BASE + 3 * DAY);
    await phone(cat, BASE + 8 * DAY);

    nowMs = BASE + (DEFLECTION_DAYS - 1) * DAY;
    expect(await v.evaluateDue()).toBe(0);
    nowMs = BASE + (DEFLECTION_DAYS + 1) * DAY;
    expect(await v.evaluateDue()).toBe(8);
    expect(await v.evaluateDue()).toBe(0); // judged once

    const rows = await t.db.database.db
      .selectFrom('portal_visits')
      .select(['visitor_id', 'deflected', 'started_at'])
      .orderBy('started_at')
      .execute();
    const judged = Object.fromEntries(rows.map((r) => [`${r.visitor_id}@${r.started_at.slice(11, 16)}`, r.deflected]));
    expect(judged).toEqual({
      'b-ann@10:00': 1,
      'b-ben@10:00': 0,
      'b-cat@10:00': 1,
      'b-dan@10:00': 0,
      'b-eve@10:00': 0,
      'b-anon@10:00': 1,
      'b-idle@10:00': 0,
      'b-anon@10:31': 1,
    });

    // The metrics count self-served visits only (b-idle is left out): 4 deflected of 7.
    await t.services.events.drain();
    const today = new Date().toISOString().slice(0, 10);
    const q = { from: today, to: today };
    const rate = await t.services.metrics.value(admin.actor, 'self_service.deflection_rate', q);
    expect(rate.value).toBeCloseTo(4 / 7, 5);
    expect((await t.services.metrics.value(admin.actor, 'self_service.deflected_visits', q)).value).toBe(4);
    // One yes and one no under the article.
    expect((await t.services.metrics.value(admin.actor, 'self_service.article_helpfulness', q)).value).toBe(0.5);
  });
});
