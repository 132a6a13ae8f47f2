/**
 * A field a role hides must not be what matched: not in global search, not in the screen-pop lookup, not in the
 * people and companies lists' quick filter (`q`). Otherwise "search for Lovelace, one hit" tells the reader a name
 * the record page never shows them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, json, login, type Session, type TestContext, testApp } from '../../test/harness.ts';

let t: TestContext;
let admin: Session;
let noNames: Session;
let noDomain: Session;
const ids: Record<string, string> = {};

interface Hit {
  kind: string;
  id: string;
}

beforeAll(async () => {
  t = await testApp();
  const boss = await createUser(t.services, 'admin', null);
  await t.services.workspace.update(boss.ctx, { defaultCountry: 'US' });
  // Sees every person and company, but not people's names or their company link.
  await t.services.identity.createRole(boss.ctx, {
    key: 'no-names',
    name: 'No names',
    policy: {
      objects: { people: ['read'], companies: ['read'] },
      visibility: { people: 'all', companies: 'all' },
      fields: { people: { firstName: 'hidden', lastName: 'hidden', companyId: 'hidden' } },
    },
  });
  // Sees companies, but not their names or web domains.
  await t.services.identity.createRole(boss.ctx, {
    key: 'no-domain',
    name: 'No company names or domains',
    policy: {
      objects: { people: ['read'], companies: ['read'] },
      visibility: { people: 'all', companies: 'all' },
      fields: { companies: { name: 'hidden', domain: 'hidden' } },
    },
  });
  const u1 = await createUser(t.services, 'no-names', null);
  const u2 = await createUser(t.services, 'no-domain', null);
  admin = await login(t.app, boss.email);
  noNames = await login(t.app, u1.email);
  noDomain = await login(t.app, u2.email);
  const { people, companies } = t.services;
  ids.acme = (await companies.create(boss.ctx, { name: 'Quorvex Holdings', domain: 'zentrix.example' })).id;
  ids.ada = (
    await people.create(boss.ctx, {
      firstName: 'Ada',
      lastName: 'Lovelace',
      companyId: ids.acme,
      emails: [{ email: 'countess@example.com' }],
      phones: [{ number: '+1 (415) 555-0100' }],
    })
  ).id;
});

afterAll(() => t?.close());

const get = async (url: string, session: Session) => {
  const res = await t.app.inject({ url, headers: session.headers });
  expect(res.statusCode, res.body).toBe(200);
  return res;
};
const searchIds = async (q: string, session: Session) =>
  json<{ data: Hit[] }>(await get(`/api/v1/search?q=${encodeURIComponent(q)}`, session)).data;
const hitIds = (hits: Hit[]) => hits.map((h) => h.id);
const listIds = async (object: string, q: string, session: Session) =>
  json<{ data: { id: string }[]; total: number }>(await get(`/api/v1/${object}?q=${encodeURIComponent(q)}`, session));

describe('global search', () => {
  it('does not find a person by a hidden name or a hidden company link', async () => {
    expect(hitIds(await searchIds('Lovelace', admin))).toContain(ids.ada);
    expect(hitIds(await searchIds('Lovelace', noNames))).not.toContain(ids.ada);
    expect(hitIds(await searchIds('Ada Lovelace', noNames))).not.toContain(ids.ada);
    // The company itself is found (its name is visible to this role), but not the person through it.
    const byCompany = hitIds(await searchIds('Quorvex', noNames));
    expect(byCompany).toContain(ids.acme);
    expect(byCompany).not.toContain(ids.ada);
    // What the role does see still finds her.
    expect(hitIds(await searchIds('countess@example.com', noNames))).toContain(ids.ada);
  });

  it('does not find a company by a hidden name or domain', async () => {
    expect(hitIds(await searchIds('Quorvex', admin))).toContain(ids.acme);
    expect(hitIds(await searchIds('Quorvex', noDomain))).not.toContain(ids.acme);
    expect(hitIds(await searchIds('zentrix', noDomain))).not.toContain(ids.acme);
    expect(hitIds(await searchIds('zentrix.example', noDomain))).not.toContain(ids.acme);
  });
});

describe('screen pop', () => {
  it('finds the person by a visible phone, without the hidden company link', async () => {
    const body = json<{ matches: (Hit & { card: Record<string, unknown> })[] }>(
      await get('/api/v1/lookup?phone=4155550100', noNames),
    );
    expect(body.matches.map((m) => m.id)).toEqual([ids.ada]);
    expect(body.matches[0]?.card.company ?? null).toBeNull();
  });
});

describe('list quick filter', () => {
  it('does not match people on a hidden name', async () => {
    expect((await listIds('people', 'Lovel', admin)).data.map((p) => p.id)).toEqual([ids.ada]);
    const hidden = await listIds('people', 'Lovel', noNames);
    expect(hidden.data).toEqual([]);
    expect(hidden.total).toBe(0);
    // A visible field still matches.
    expect((await listIds('people', 'countess', noNames)).data.map((p) => p.id)).toEqual([ids.ada]);
  });

  it('does not match companies on a hidden name or domain', async () => {
    expect((await listIds('companies', 'quorv', admin)).data.map((c) => c.id)).toEqual([ids.acme]);
    expect((await listIds('companies', 'zentrix', admin)).data.map((c) => c.id)).toEqual([ids.acme]);
    for (const q of ['quorv', 'zentrix']) {
      const hidden = await listIds('companies', q, noDomain);
      expect(hidden.data, q).toEqual([]);
      expect(hidden.total, q).toBe(0);
    }
    // Another role that sees company names matches them.
    expect((await listIds('companies', 'quorv', noNames)).data.map((c) => c.id)).toEqual([ids.acme]);
  });
});
