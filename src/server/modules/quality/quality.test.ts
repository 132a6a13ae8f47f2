/**
 * The data-quality score: per record from completeness, validity, uniqueness and freshness; the report's overall
 * score is the mean of the records' scores (a property test over random sets of people), within what the reader may
 * see, with each problem counted and linked to the list that shows it.
 */
import { fc, test } from '@fast-check/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MetricRegistry } from '../../platform/metrics/registry.ts';
import { createUser, json, login, type Session, type TestContext, type TestUser, testApp } from '../../test/harness.ts';
import { registerQualityMetrics } from './quality.metrics.ts';
import { completeness, recordParts, scoreOf, setParts } from './quality.score.ts';
import { QualityService } from './quality.service.ts';

describe('quality score (pure)', () => {
  const facts = fc.record({
    filled: fc.record({
      email: fc.boolean(),
      phone: fc.boolean(),
      companyId: fc.boolean(),
      jobTitle: fc.boolean(),
      ownerId: fc.boolean(),
      country: fc.boolean(),
    }),
    invalid: fc.boolean(),
    duplicate: fc.boolean(),
    stale: fc.boolean(),
  });
  test.prop([fc.array(facts, { minLength: 1, maxLength: 30 })])(
    'a set’s score from counts is the mean of its records’ scores, and every score is within 0..100',
    (records) => {
      const scores = records.map((f) => scoreOf(recordParts('people', f)));
      for (const s of scores) expect(s).toBeGreaterThanOrEqual(0);
      for (const s of scores) expect(s).toBeLessThanOrEqual(100);
      const count = (p: (f: (typeof records)[number]) => boolean) => records.filter(p).length;
      const fromCounts = scoreOf(
        setParts('people', {
          total: records.length,
          filled: Object.fromEntries(
            ['email', 'phone', 'companyId', 'jobTitle', 'ownerId', 'country'].map((k) => [
              k,
              count((f) => f.filled[k as keyof typeof f.filled]),
            ]),
          ),
          invalid: count((f) => f.invalid),
          duplicate: count((f) => f.duplicate),
          stale: count((f) => f.stale),
        }),
      );
      expect(fromCounts).toBeCloseTo(scores.reduce((a, b) => a + b, 0) / scores.length, 9);
    },
  );

  it('weighs completeness by field and the parts 40/30/15/15', () => {
    expect(completeness('people', { email: true })).toBeCloseTo(3 / 10);
    const perfect = {
      filled: { email: true, phone: true, companyId: true, jobTitle: true, ownerId: true, country: true },
    };
    expect(scoreOf(recordParts('people', { ...perfect, invalid: false, duplicate: false, stale: false }))).toBe(100);
    expect(scoreOf(recordParts('people', { ...perfect, invalid: true, duplicate: false, stale: false }))).toBeCloseTo(
      70,
    );
    expect(scoreOf(recordParts('people', { filled: {}, invalid: false, duplicate: true, stale: true }))).toBeCloseTo(
      30,
    );
  });
});

let t: TestContext;
let admin: TestUser;
let north: TestUser;
let adminS: Session;
let northS: Session;

beforeAll(async () => {
  t = await testApp();
  admin = await createUser(t.services, 'admin', null, 'admin');
  north = await createUser(t.services, 'sales', 'North', 'north');
  [adminS, northS] = await Promise.all([login(t.app, admin.email), login(t.app, north.email)]);
});
afterAll(() => t.close());

interface Report {
  score: number;
  kinds: {
    kind: string;
    total: number;
    score: number;
    problems: { key: string; count: number; list: { path: string; filter: string[] } | null }[];
  }[];
}

describe('GET /data-quality/report', () => {
  it('counts each problem within what the reader may see, links it to its list, and scores the mean', async () => {
    const acme = (await t.services.companies.create(admin.ctx, { name: 'Quality Co', ownerId: north.id })).id;
    const full = await t.services.people.create(admin.ctx, {
      firstName: 'Full',
      lastName: 'Record',
      emails: [{ email: 'full@example.com' }],
      phones: [{ number: '+44 20 7946 0700' }],
      companyId: acme,
      jobTitle: 'Buyer',
      ownerId: north.id,
      address: { country: 'GB' },
    });
    const bare = await t.services.people.create(admin.ctx, { firstName: 'Bare', ownerId: north.id });
    // A person north may not see.
    await t.services.people.create(admin.ctx, { firstName: 'Hidden', ownerId: admin.id });
    // An invalid email written before validation existed.
    await t.services.database.db
      .insertInto('person_emails')
      .values({ id: `bad-${bare.id}`, person_id: bare.id, email: 'not-an-email', label: 'work', position: 1 })
      .execute();

    const res = await t.app.inject({ url: '/api/v1/data-quality/report', headers: northS.headers });
    expect(res.statusCode, res.body).toBe(200);
    const report = json<Report>(res);
    const people = report.kinds.find((k) => k.kind === 'people')!;
    expect(people.total).toBe(2);
    const problem = (key: string) => people.problems.find((p) => p.key === key)!;
    expect(problem('missing.email')).toMatchObject({ count: 1, list: { path: '/people', filter: ['email:empty'] } });
    expect(problem('missing.jobTitle').count).toBe(1);
    expect(problem('invalid').count).toBe(1);
    expect(problem('duplicate').count).toBe(0);
    expect(problem('stale').count + problem('never').count).toBe(0);

    // The per-record scores and the report agree: the kind's score is their mean.
    const scoreOfRecord = async (id: string) =>
      json<{ score: number }>(await t.app.inject({ url: `/api/v1/people/${id}/quality`, headers: northS.headers }))
        .score;
    const [a, b] = [await scoreOfRecord(full.id), await scoreOfRecord(bare.id)];
    expect(a).toBe(100);
    expect(people.score).toBeCloseTo((a + b) / 2, 0);

    // The filtered list the problem links to shows exactly those records.
    const list = await t.app.inject({ url: '/api/v1/people?filter=email:empty', headers: northS.headers });
    expect(json<{ data: { id: string }[] }>(list).data.map((p) => p.id)).toEqual([bare.id]);

    const all = json<Report>(await t.app.inject({ url: '/api/v1/data-quality/report', headers: adminS.headers }));
    expect(all.kinds.find((k) => k.kind === 'people')!.total).toBe(3);
  });

  it('freshness: a record not contacted for the window counts as stale, on the service’s clock', async () => {
    const quality = new QualityService({
      database: t.services.database,
      people: t.services.people,
      companies: t.services.companies,
      workspace: t.services.workspace,
      clock: () => new Date(Date.now() + 400 * 86_400_000),
    });
    const report = await quality.report(admin.ctx, { staleMonths: 12 });
    const people = report.kinds.find((k) => k.kind === 'people')!;
    // Every person was added now, never contacted: a year and a month later, all are stale.
    expect(people.problems.find((p) => p.key === 'never')!.count).toBe(people.total);
    const fresh = await quality.report(admin.ctx, { staleMonths: 24 });
    expect(fresh.kinds.find((k) => k.kind === 'people')!.problems.find((p) => p.key === 'never')!.count).toBe(0);
  });

  it('the daily measurement publishes the workspace’s score and parts, which the registered metrics count', async () => {
    const report = await t.services.quality.report(admin.ctx);
    await t.services.quality.measure();
    const row = await t.services.database.db
      .selectFrom('events')
      .selectAll()
      .where('type', '=', 'data_quality.measured')
      .orderBy('at', 'desc')
      .executeTakeFirstOrThrow();
    const payload = JSON.parse(row.payload) as Record<string, number>;
    expect(payload.score).toBe(report.score);
    expect(payload.people).toBe(report.kinds.find((k) => k.kind === 'people')!.total);
    const registry = new MetricRegistry();
    registerQualityMetrics(registry);
    const event = { id: row.id, type: row.type, at: row.at, actorId: null, payload };
    expect(registry.get('data_quality.score')!.contribute(event)).toEqual({
      numerator: report.score,
      denominator: 1,
      userId: null,
      teamId: null,
    });
    expect(registry.get('data_quality.completeness')!.contribute(event)).toMatchObject({
      numerator: Math.round(report.parts.completeness * 1000) / 10,
    });
  });
});
