import { fc, test } from '@fast-check/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, json, login, type Session, type TestContext, type TestUser, testApp } from '../../test/harness.ts';
import {
  canonicalFirstName,
  companyNameKey,
  companyNameSimilarity,
  jaroWinkler,
  personNameSimilarity,
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
    expect(all.every((f) => f.score === 0.5 && f.reasons[0] === 'same name')).toBe(true);
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
