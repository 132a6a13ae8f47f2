/**
 * CSAT: a resolution mails five signed one-click links (once, however often the event is delivered); the public
 * rating API refuses a changed, foreign or expired token; one rating per case, a later answer changes it; the rating is
 * on the timelines of the case and its person; `service.csat` averages hand-built ratings with known answers, split by
 * agent, team, channel and case type, and the rollups equal a rebuild.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createUser, json, login, type Session, type TestContext, type TestUser, testApp } from '../../test/harness.ts';
import { signRatingToken, verifyRatingToken } from './csat.service.ts';

let t: TestContext;
let admin: TestUser;
let agent: TestUser;
let session: Session;

const at = (iso: string) => vi.setSystemTime(new Date(iso));
const api = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: session.headers, ...(payload ? { payload } : {}) });
const rateApi = (method: 'GET' | 'POST', token: string, body: object = {}) =>
  method === 'GET'
    ? t.app.inject({ method, url: `/api/portal/v1/ratings?token=${encodeURIComponent(token)}` })
    : t.app.inject({ method, url: '/api/portal/v1/ratings', payload: { token, ...body } });

/** The rating links mailed for a case reference, oldest first. */
async function ratingMails(reference: string): Promise<{ to: string; links: string[] }[]> {
  const rows = await t.db.database.db
    .selectFrom('mail_outbox')
    .select(['to_address', 'data'])
    .where('template', '=', 'case-rating')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows
    .map((r) => ({ to: r.to_address, d: JSON.parse(r.data) as { reference: string; links: string[] } }))
    .filter((r) => r.d.reference === reference)
    .map((r) => ({ to: r.to, links: r.d.links }));
}
const tokenOf = (link: string) => new URL(link).searchParams.get('token')!;

let personId: string;
let typeId: string;

beforeAll(async () => {
  t = await testApp();
  admin = await createUser(t.services, 'admin', 'North', 'csat-admin');
  agent = await createUser(t.services, 'admin', 'South', 'csat-agent');
  session = await login(t.app, admin.email);
  const p = await api('POST', '/api/v1/people', {
    firstName: 'Rita',
    lastName: 'Rater',
    emails: [{ email: 'rita@example.test' }],
  });
  personId = json<{ id: string }>(p).id;
  const type = await api('POST', '/api/v1/case-types', { name: 'Billing' });
  expect(type.statusCode).toBe(201);
  typeId = json<{ id: string }>(type).id;
});
afterAll(async () => {
  vi.useRealTimers();
  await t.close();
});

// Cases are written through the service (a login session would not outlive the test's clock moving on).
async function openCase(
  subject: string,
  extra: Record<string, unknown> = {},
): Promise<{ id: string; reference: string }> {
  const k = await t.services.cases.create(admin.ctx, { subject, channel: 'email', personId, ...extra });
  return { id: k.id, reference: k.reference ?? '' };
}
const setStatus = (id: string, status: 'open' | 'resolved') => t.services.cases.update(admin.ctx, id, { status });

describe('signed rating tokens', () => {
  it('verify what they sign, and refuse any change, another secret, or expiry', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[\w-]{1,40}$/),
        fc.integer({ min: 1_700_000_000_000, max: 2_500_000_000_000 }),
        fc.nat(),
        fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.'),
        (caseId, exp, pos, ch) => {
          const token = signRatingToken('s3cret-s3cret-s3cret', caseId, exp);
          const ok = verifyRatingToken('s3cret-s3cret-s3cret', token, exp - 1000);
          expect(ok).toMatchObject({ ok: true, caseId });
          expect(verifyRatingToken('another-secret', token, exp - 1000)).toEqual({ ok: false, reason: 'invalid' });
          expect(verifyRatingToken('s3cret-s3cret-s3cret', token, exp + 1000)).toEqual({
            ok: false,
            reason: 'expired',
          });
          const i = pos % token.length;
          const changed = token.slice(0, i) + ch + token.slice(i + 1);
          if (changed !== token) expect(verifyRatingToken('s3cret-s3cret-s3cret', changed, exp - 1000).ok).toBe(false);
        },
      ),
    );
  });
});

describe('CSAT', () => {
  it('mails one rating request per resolution, rates by link once per case, and refuses bad links', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    at('2027-03-01T09:00:00Z');
    const c = await openCase('Charged twice');
    at('2027-03-01T10:00:00Z');
    await setStatus(c.id, 'resolved');
    await t.services.events.drain();
    const mails = await ratingMails(c.reference);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toBe('rita@example.test');
    expect(mails[0]!.links.map((l) => new URL(l).searchParams.get('score'))).toEqual(['1', '2', '3', '4', '5']);
    const token = tokenOf(mails[0]!.links[3]!);
    // A redelivery of the same event mails nothing more.
    const [event] = await t.db.database.db
      .selectFrom('events')
      .select('id')
      .where('type', '=', 'case.status_changed')
      .where('record_id', '=', c.id)
      .execute();
    expect(await t.services.csat.requestRating(event!.id, c.id)).toBe(false);
    expect(await ratingMails(c.reference)).toHaveLength(1);

    const before = await rateApi('GET', token);
    expect(before.statusCode).toBe(200);
    expect(json(before)).toMatchObject({ reference: c.reference, subject: 'Charged twice', rating: null });
    at('2027-03-01T12:00:00Z');
    const rated = await rateApi('POST', token, { score: 4 });
    expect(rated.statusCode, rated.body).toBe(200);
    expect(json(rated)).toMatchObject({ rating: { score: 4, comment: null, source: 'email' } });
    // A later answer changes the one rating (and its comment); the first rating's time stays.
    at('2027-03-02T08:00:00Z');
    const changed = await rateApi('POST', token, { score: 2, comment: ' Took two calls ' });
    expect(json(changed)).toMatchObject({
      rating: { score: 2, comment: 'Took two calls', ratedAt: '2027-03-01T12:00:00.000Z' },
    });
    expect(
      await t.db.database.db.selectFrom('case_ratings').where('case_id', '=', c.id).select('score').execute(),
    ).toEqual([{ score: 2 }]);
    // On the case's timeline and the customer's.
    const lines = await t.db.database.db
      .selectFrom('timeline')
      .select(['summary', 'person_id'])
      .where('subject_id', '=', c.id)
      .where('summary', 'like', '%rated%')
      .execute();
    expect(lines.map((l) => l.summary)).toEqual(
      expect.arrayContaining([
        `Case ${c.reference} rated 4/5`,
        `Case ${c.reference} rated 2/5 (was 4/5): “Took two calls”`,
      ]),
    );
    expect(lines.every((l) => l.person_id === personId)).toBe(true);

    // Tampered, foreign and expired links are refused, and change nothing.
    const [id, exp, sig] = token.split('.') as [string, string, string];
    const tampered = [
      `${id}.${Number(exp) + 1}.${sig}`,
      `${id}x.${exp}.${sig}`,
      `${id}.${exp}.${sig.slice(1)}A`,
      'nope',
    ];
    for (const bad of tampered) {
      const res = await rateApi('POST', bad, { score: 5 });
      expect(res.statusCode, bad).toBe(400);
      expect(json(res)).toMatchObject({ code: 'csat.link_invalid' });
    }
    const foreign = signRatingToken('not-this-servers-secret', c.id, Date.parse('2027-03-20T00:00:00Z'));
    expect((await rateApi('GET', foreign)).statusCode).toBe(400);
    at('2027-04-01T10:00:01Z'); // 30 days and a second after the mail
    const expired = await rateApi('POST', token, { score: 5 });
    expect(expired.statusCode).toBe(410);
    expect(json(expired)).toMatchObject({ code: 'csat.link_expired' });
    // Scores outside 1-5 are refused at the edge, naming the field.
    at('2027-03-02T09:00:00Z');
    const six = await rateApi('POST', token, { score: 6 });
    expect(six.statusCode).toBe(400);
    expect(six.body).toContain('/score');
    // Reopened: not rateable until resolved again.
    await setStatus(c.id, 'open');
    const reopened = await rateApi('POST', token, { score: 5 });
    expect(reopened.statusCode).toBe(409);
    expect(json(reopened)).toMatchObject({ code: 'csat.not_resolved' });
    expect(json<{ rating: { score: number } }>(await rateApi('GET', token)).rating.score).toBe(2);
    vi.useRealTimers();
  });

  it('service.csat averages hand-built ratings, by agent, team, channel and case type', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    at('2027-05-03T09:00:00Z');
    const a = await openCase('A', { ownerId: admin.id, channel: 'phone', caseTypeId: typeId });
    const b = await openCase('B', { ownerId: admin.id, channel: 'email' });
    const c = await openCase('C', { ownerId: agent.id, channel: 'email', caseTypeId: typeId });
    const d = await openCase('D', { ownerId: agent.id, channel: 'portal' }); // resolved, never rated
    at('2027-05-03T10:00:00Z');
    for (const k of [a, b, c, d]) await setStatus(k.id, 'resolved');
    await t.services.events.drain();
    const tokenFor = async (ref: string) => tokenOf((await ratingMails(ref))[0]!.links[0]!);
    at('2027-05-04T10:00:00Z');
    await rateApi('POST', await tokenFor(a.reference), { score: 5 });
    await rateApi('POST', await tokenFor(b.reference), { score: 1 });
    await rateApi('POST', await tokenFor(c.reference), { score: 3 });
    at('2027-05-06T10:00:00Z');
    // B's customer changes their mind: 1 → 4, still counted on the 4th.
    await rateApi('POST', await tokenFor(b.reference), { score: 4 });
    await t.services.events.drain();
    vi.useRealTimers();

    const q = { from: '2027-05-01', to: '2027-05-31', interval: 'day' as const };
    const value = (extra: object = {}) => t.services.metrics.value(admin.actor, 'service.csat', { ...q, ...extra });
    const all = await value();
    expect(all.value).toBe((5 + 4 + 3) / 3);
    expect(all.series.find((p) => p.period === '2027-05-04')!.value).toBe(4);
    expect(all.series.find((p) => p.period === '2027-05-06')!.value).toBeNull();
    const groups = async (by: string) =>
      Object.fromEntries((await value({ by })).groups.map((g) => [g.label, g.value]));
    expect(await groups('user')).toEqual({ [admin.actor.name]: 4.5, [agent.actor.name]: 3 });
    expect(await groups('team')).toEqual({ North: 4.5, South: 3 });
    expect(await groups('channel')).toEqual({ Phone: 5, Email: 3.5 });
    expect(await groups('caseType')).toEqual({ Billing: 4 });
    // An unknown split is refused, naming it.
    await expect(value({ by: 'colour' })).rejects.toMatchObject({ status: 400 });
    // The consumer's rollups equal a rebuild from the event log.
    const before = await Promise.all(['user', 'channel', 'caseType'].map((by) => value({ by })));
    await t.services.metricRollups.rebuild();
    expect(await Promise.all(['user', 'channel', 'caseType'].map((by) => value({ by })))).toEqual(before);
    // Over HTTP too.
    const http = await api('GET', '/api/v1/metrics/service.csat?from=2027-05-01&to=2027-05-31&by=channel');
    expect(http.statusCode).toBe(200);
  });
});
