import { fc, test } from '@fast-check/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, json, login, type Session, type TestContext, type TestUser, testApp } from '../../test/harness.ts';
import {
  canonicalFirstName,
  companyNameKey,
  companyNameSimilarity,
  jaroWinkler,
  personNameSimilarity,
  soundex,
} from './duplicates.similarity.ts';

describe('name similarity', () => {
  const word = fc.stringMatching(/^[a-z]{1,12}$/);

  test.prop([word, word])('Jaro-Winkler is symmetric, within 0..1, and 1 exactly for equal strings', (a, b) => {
    const s = jaroWinkler(a, b);
    expect(s).toBeGreaterThanOrEqual(0);
    expect(s).toBeLessThanOrEqual(1);
    expect(jaroWinkler(b, a)).toBeCloseTo(s, 10);
    expect(jaroWinkler(a, a)).toBe(1);
    if (a !== b) expect(s).toBeLessThan(1);
  });

  test.prop([word, word, fc.constantFrom('upper', 'accents', 'spaces')])(
    'a name written in capitals, with accents or extra spaces is the same name',
    (first, last, style) => {
      const written =
        style === 'upper'
          ? { firstName: first.toUpperCase(), lastName: last.toUpperCase() }
          : style === 'accents'
            ? { firstName: first.replace(/e/g, 'é'), lastName: last.replace(/a/g, 'à') }
            : { firstName: ` ${first} `, lastName: `${last}  ` };
      expect(personNameSimilarity({ firstName: first, lastName: last }, written)).toBe(1);
    },
  );

  it('knows nicknames, catches typos and tells different people apart', () => {
    expect(canonicalFirstName('Bob')).toBe('robert');
    expect(
      personNameSimilarity({ firstName: 'Bob', lastName: 'Smith' }, { firstName: 'Robert', lastName: 'Smith' }),
    ).toBe(1);
    expect(
      personNameSimilarity({ firstName: 'Liz', lastName: 'Taylor' }, { firstName: 'Elizabeth', lastName: 'Taylor' }),
    ).toBe(1);
    expect(
      personNameSimilarity({ firstName: 'Jonathan', lastName: 'Smyth' }, { firstName: 'Jonathon', lastName: 'Smith' }),
    ).toBeGreaterThan(0.88);
    expect(
      personNameSimilarity({ firstName: 'John', lastName: 'Smith' }, { firstName: 'Jane', lastName: 'Smith' }),
    ).toBeLessThan(0.88);
    expect(
      personNameSimilarity({ firstName: 'Ann', lastName: 'Lee' }, { firstName: 'Tom', lastName: 'Lee' }),
    ).toBeLessThan(0.88);
  });

  it('gives names that sound alike one Soundex code', () => {
    expect(soundex('Robert')).toBe('R163');
    expect(soundex('Rupert')).toBe('R163');
    expect(soundex('Ashcraft')).toBe('A261');
    expect(soundex('Tymczak')).toBe('T522');
    expect(soundex('Pfister')).toBe('P236');
    expect(soundex('Smith')).toBe(soundex('Smyth'));
    expect(soundex('Hartley')).toBe(soundex('Hertley'));
    expect(soundex('Müller')).toBe(soundex('Muller'));
    expect(soundex('Lee')).toBe('L000');
    expect(soundex('')).toBe('');
  });

  it('compares company names without their legal form', () => {
    expect(companyNameKey('The ACME Co., Ltd.')).toBe('acme');
    expect(companyNameSimilarity('Acme Limited', 'ACME Ltd')).toBe(1);
    expect(companyNameSimilarity('Acme', 'Apex')).toBeLessThan(0.92);
  });
});

let t: TestContext;
let admin: TestUser;
let north: TestUser;
let adminS: Session;
let northS: Session;
let ada: string;
let acme: string;

beforeAll(async () => {
  t = await testApp();
  admin = await createUser(t.services, 'admin', null, 'admin');
  north = await createUser(t.services, 'sales', 'North', 'north');
  const south = await createUser(t.services, 'sales', 'South', 'south');
  [adminS, northS] = await Promise.all([login(t.app, admin.email), login(t.app, north.email)]);
  ada = (
    await t.services.people.create(admin.ctx, {
      firstName: 'Robert',
      lastName: 'Lovelace',
      emails: [{ email: 'bob.lovelace@example.com' }],
      phones: [{ number: '+44 20 7946 0500' }],
      ownerId: north.id,
    })
  ).id;
  // Same household: the same phone, another name.
  await t.services.people.create(admin.ctx, {
    firstName: 'Mary',
    lastName: 'Lovelace',
    phones: [{ number: '+44 20 7946 0500' }],
    ownerId: north.id,
  });
  // The same name in another team: north may not see her.
  await t.services.people.create(admin.ctx, { firstName: 'Robert', lastName: 'Lovelace', ownerId: south.id });
  acme = (await t.services.companies.create(admin.ctx, { name: 'Acme Ltd', domain: 'acme.example', ownerId: north.id }))
    .id;
});

afterAll(async () => {
  await t.close();
});

async function likely(session: Session, url: string) {
  const res = await t.app.inject({ method: 'GET', url, headers: session.headers });
  expect(res.statusCode, res.body).toBe(200);
  return json<{ data: { id: string; score: number; reasons: string[]; record: { id: string } }[] }>(res).data;
}

describe('GET /people/duplicates-of', () => {
  it('finds the same email whatever its case, with the reason and a high score', async () => {
    const found = await likely(adminS, '/api/v1/people/duplicates-of?email=BOB.Lovelace@Example.com');
    expect(found).toEqual([
      { id: ada, score: 0.9, reasons: ['same email'], record: expect.objectContaining({ id: ada }) },
    ]);
  });

  it('finds the same phone in another format with a similar name (a nickname), not the household member', async () => {
    const found = await likely(
      adminS,
      '/api/v1/people/duplicates-of?phone=020%207946%200500&firstName=Bob&lastName=Lovelace',
    );
    const mine = found.find((f) => f.id === ada)!;
    expect(mine.reasons).toEqual(['same phone', 'same name']);
    expect(mine.score).toBeGreaterThanOrEqual(0.9);
    const names = found.map((f) => (f.record as { firstName?: string }).firstName);
    expect(names).not.toContain('Mary');
  });

  it('a name alone is weaker evidence; only records the asker may see are proposed', async () => {
    const all = await likely(adminS, '/api/v1/people/duplicates-of?firstName=Robert&lastName=Lovelace');
    expect(all).toHaveLength(2);
    expect(all.every((f) => f.score === 0.6 && f.reasons[0] === 'same name')).toBe(true);
    const visible = await likely(northS, '/api/v1/people/duplicates-of?firstName=Robert&lastName=Lovelace');
    expect(visible.map((f) => f.id)).toEqual([ada]);
    const excluded = await likely(
      northS,
      `/api/v1/people/duplicates-of?firstName=Robert&lastName=Lovelace&excludeId=${ada}`,
    );
    expect(excluded).toEqual([]);
  });

  it('answers nothing for nothing, and an unrelated person has no duplicates', async () => {
    expect(await likely(adminS, '/api/v1/people/duplicates-of')).toEqual([]);
    expect(
      await likely(adminS, '/api/v1/people/duplicates-of?firstName=Grace&lastName=Hopper&email=grace@example.com'),
    ).toEqual([]);
  });

  it('needs a login', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/people/duplicates-of?lastName=Lovelace' });
    expect(res.statusCode).toBe(401);
  });
});

describe('GET /companies/duplicates-of', () => {
  it('finds the same domain from a website address, and the same name without its legal form', async () => {
    const byDomain = await likely(adminS, '/api/v1/companies/duplicates-of?domain=https://www.acme.example/contact');
    expect(byDomain).toEqual([expect.objectContaining({ id: acme, reasons: ['same domain'] })]);
    const byName = await likely(adminS, '/api/v1/companies/duplicates-of?name=ACME%20Limited');
    expect(byName).toEqual([expect.objectContaining({ id: acme, score: 0.75, reasons: ['same name'] })]);
    expect(await likely(adminS, '/api/v1/companies/duplicates-of?name=Globex')).toEqual([]);
  });
});

describe('scan and review queue', () => {
  interface PairBody {
    id: string;
    score: number;
    reasons: string[];
    status: string;
    records: { id: string; firstName?: string; lastName?: string; name?: string }[];
  }
  const names = (p: PairBody) =>
    p.records
      .map((r) => r.name ?? `${r.firstName} ${r.lastName}`)
      .sort()
      .join(' / ');

  async function scan(kind: string, session = adminS) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/duplicates/scan',
      headers: session.headers,
      payload: { kind },
    });
    expect(res.statusCode, res.body).toBe(202);
    expect(await t.services.jobRunner.runOnce('work', json<{ id: string }>(res).id)).toBe(true);
    expect(await t.services.jobRunner.find(json<{ id: string }>(res).id)).toMatchObject({ status: 'succeeded' });
  }
  async function queue(kind: string, session = adminS, extra = '') {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/duplicates?kind=${kind}${extra}`,
      headers: session.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    return json<{ data: PairBody[]; nextCursor: string | null }>(res);
  }

  it('finds pairs by email, by phone with a similar name and by name; not a household sharing a phone', async () => {
    const p = (firstName: string, lastName: string, extra: Record<string, unknown> = {}) =>
      t.services.people.create(admin.ctx, { firstName, lastName, ownerId: north.id, ...extra });
    await p('Ann', 'Scanner', { emails: [{ email: 'ann.scanner@example.com' }] });
    await p('Anne', 'Scannerr', { emails: [{ email: 'ANN.SCANNER@example.com' }] });
    await p('Bob', 'Scanlon', { phones: [{ number: '+44 20 7946 0771' }] });
    await p('Robert', 'Scanlon', { phones: [{ number: '020 7946 0771' }] });
    await p('Mary', 'Scanhouse', { phones: [{ number: '+44 20 7946 0772' }] });
    await p('Tom', 'Scanhouse', { phones: [{ number: '+44 20 7946 0772' }] });
    await p('Cy', 'Colleague', { emails: [{ email: 'cy@colleagues.example' }] });
    await p('Di', 'Colleague', { emails: [{ email: 'di@colleagues.example' }] });
    await scan('people');
    const { data } = await queue('people');
    const byNames = new Map(data.map((d) => [names(d), d]));
    expect(byNames.get('Bob Scanlon / Robert Scanlon')).toMatchObject({
      reasons: ['same phone', 'same name'],
      score: 0.92,
    });
    expect(byNames.get('Ann Scanner / Anne Scannerr')?.reasons[0]).toBe('same email');
    expect(byNames.get('Robert Lovelace / Robert Lovelace')).toMatchObject({ reasons: ['same name'], score: 0.6 });
    expect([...byNames.keys()].some((k) => k.includes('Scanhouse') || k.includes('Colleague'))).toBe(false);
    expect([...byNames.keys()].some((k) => k.includes('Mary Lovelace'))).toBe(false);
    const scores = data.map((d) => d.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('pages by score, shows a reader only pairs of records they may see', async () => {
    const first = await queue('people', adminS, '&limit=1');
    expect(first.data).toHaveLength(1);
    const second = await queue('people', adminS, `&limit=1&cursor=${encodeURIComponent(first.nextCursor!)}`);
    expect(second.data[0]!.id).not.toBe(first.data[0]!.id);
    expect(second.data[0]!.score).toBeLessThanOrEqual(first.data[0]!.score);
    // north may not see the South namesake: that pair is not in north's queue
    const mine = await queue('people', northS);
    expect(mine.data.some((d) => names(d) === 'Robert Lovelace / Robert Lovelace')).toBe(false);
    expect(mine.data.some((d) => names(d) === 'Bob Scanlon / Robert Scanlon')).toBe(true);
  });

  it('"not a duplicate" is remembered by later scans', async () => {
    const pair = (await queue('people')).data.find((d) => names(d) === 'Robert Lovelace / Robert Lovelace')!;
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/duplicates/${pair.id}/dismiss`,
      headers: adminS.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res)).toMatchObject({ id: pair.id, status: 'dismissed' });
    await scan('people');
    expect(
      (await queue('people')).data.some((d) => d.id === pair.id || names(d) === 'Robert Lovelace / Robert Lovelace'),
    ).toBe(false);
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/v1/duplicates/nope/dismiss',
      headers: adminS.headers,
    });
    expect(unknown.statusCode).toBe(404);
  });

  it('companies pair by domain or by name without the legal form; a read-only role may not scan', async () => {
    await t.services.companies.create(admin.ctx, { name: 'ACME Limited', ownerId: north.id });
    await scan('companies');
    const { data } = await queue('companies');
    expect(data.map(names), JSON.stringify(data.map(names))).toContain('ACME Limited / Acme Ltd');
    const reader = await createUser(t.services, 'read-only', null, 'reader2');
    const readerS = await login(t.app, reader.email);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/duplicates/scan',
      headers: readerS.headers,
      payload: { kind: 'people' },
    });
    expect(res.statusCode).toBe(403);
  });

  it('the weekly schedule scans people and companies as the system, whoever owns the records', async () => {
    const south = await createUser(t.services, 'sales', 'South', 'south-weekly');
    await t.services.people.create(admin.ctx, {
      firstName: 'Wendy',
      lastName: 'Weekly',
      ownerId: north.id,
      emails: [{ email: 'wendy.weekly@example.com' }],
    });
    await t.services.people.create(admin.ctx, {
      firstName: 'Wendy',
      lastName: 'Weekly',
      ownerId: south.id,
      emails: [{ email: 'wendy.weekly@example.com' }],
    });
    const runner = t.services.jobRunner;
    await runner.declareSchedules();
    await t.db.database.db
      .updateTable('job_schedules')
      .set({ next_run_at: new Date(Date.now() - 1000).toISOString() })
      .where('name', '=', 'duplicates.weekly_scan')
      .execute();
    await runner.tick('recurring');
    const run = await t.db.database.db
      .selectFrom('jobs')
      .selectAll()
      .where('schedule', '=', 'duplicates.weekly_scan')
      .executeTakeFirstOrThrow();
    expect(run.status).toBe('succeeded');
    expect(run.message).toMatch(/people read.*; .*companies read/);
    expect((await queue('people')).data.map(names)).toContain('Wendy Weekly / Wendy Weekly');
  });
});
