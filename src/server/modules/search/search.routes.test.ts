import { fc, test } from '@fast-check/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, json, login, type Session, type TestContext, type TestUser, testApp } from '../../test/harness.ts';

let t: TestContext;
let admin: TestUser;
let salesNorth: TestUser;
let salesSouth: TestUser;
let s: Session;
let sn: Session;
let ss: Session;
let noContact: Session;
const ids: Record<string, string> = {};

interface Hit {
  kind: string;
  id: string;
  title: string;
  subtitle: string | null;
  score: number;
  card: { id: string; name: string; company: { id: string; name: string } | null };
}

beforeAll(async () => {
  t = await testApp();
  await t.services.workspace.update((await createUser(t.services, 'admin', null, 'boot')).ctx, {
    defaultCountry: 'US',
  });
  admin = await createUser(t.services, 'admin', 'North');
  salesNorth = await createUser(t.services, 'sales', 'North');
  salesSouth = await createUser(t.services, 'sales', 'South');
  // A role like sales (team visibility) whose email and phone fields are hidden.
  await t.services.identity.createRole(admin.ctx, {
    key: 'no-contact',
    name: 'No contact details',
    policy: {
      objects: { people: ['read'], companies: ['read'] },
      visibility: { people: 'all', companies: 'all' },
      fields: { people: { email: 'hidden', emails: 'hidden', phone: 'hidden', phones: 'hidden' } },
    },
  });
  const hiddenUser = await createUser(t.services, 'no-contact', 'North');
  s = await login(t.app, admin.email);
  sn = await login(t.app, salesNorth.email);
  ss = await login(t.app, salesSouth.email);
  noContact = await login(t.app, hiddenUser.email);
  const north = salesNorth.actor.teamIds[0]!;
  const south = salesSouth.actor.teamIds[0]!;
  const { people, companies } = t.services;
  ids.acme = (await companies.create(admin.ctx, { name: 'Acme Corp', domain: 'acme.co', teamId: north })).id;
  ids.globex = (await companies.create(admin.ctx, { name: 'Globex', domain: 'globex.example', teamId: south })).id;
  ids.ada = (
    await people.create(admin.ctx, {
      firstName: 'Ada',
      lastName: 'Lovelace',
      jobTitle: 'Analyst',
      companyId: ids.acme,
      emails: [{ email: 'ada@example.com' }],
      phones: [{ number: '+1 (415) 555-0100' }],
      teamId: north,
    })
  ).id;
  // Shares every word of Ada's email and sorts before her: only the exact-match rule puts Ada first.
  ids.aaron = (
    await people.create(admin.ctx, {
      firstName: 'Aaron',
      lastName: 'Adams',
      emails: [{ email: 'ada@example.com.au' }],
      teamId: north,
    })
  ).id;
  ids.zora = (
    await people.create(admin.ctx, {
      firstName: 'Zora',
      lastName: 'Quill',
      companyId: ids.globex,
      emails: [{ email: 'zora@south.example' }],
      phones: [{ number: '(415) 555-0199' }],
      ownerId: salesSouth.id,
      teamId: south,
    })
  ).id;
  ids.emile = (await people.create(admin.ctx, { firstName: 'Émile', lastName: 'Brontë', teamId: north })).id;
  ids.siobhan = (await people.create(admin.ctx, { firstName: 'Siobhan', lastName: "O'Brien", teamId: north })).id;
  for (let i = 0; i < 3; i++)
    await people.create(admin.ctx, { firstName: 'Quinn', lastName: `North${i}`, teamId: north });
  for (let i = 0; i < 30; i++)
    await people.create(admin.ctx, {
      firstName: 'Quinn',
      lastName: `South${i}`,
      ownerId: salesSouth.id,
      teamId: south,
    });
});
afterAll(() => t.close());

const search = async (query: string, session = s) => {
  const res = await t.app.inject({ url: `/api/v1/search?${query}`, headers: session.headers });
  return { res, hits: res.statusCode === 200 ? json<{ data: Hit[] }>(res).data : [] };
};
const q = (text: string, extra = '') => `q=${encodeURIComponent(text)}${extra}`;

describe('GET /api/v1/search: matching', () => {
  it('matches by prefix from the first character, title prefixes first, with a card on each hit', async () => {
    const { res, hits } = await search(q('a'));
    expect(res.statusCode).toBe(200);
    expect(hits.map((h) => h.title)).toEqual(expect.arrayContaining(['Ada Lovelace', 'Aaron Adams', 'Acme Corp']));
    const ada = hits.find((h) => h.id === ids.ada)!;
    expect(ada).toMatchObject({ kind: 'people', subtitle: 'Analyst · Acme Corp' });
    expect(ada.card).toMatchObject({ id: ids.ada, name: 'Ada Lovelace', company: { id: ids.acme, name: 'Acme Corp' } });
    // Records whose title starts with "a" come before those matching only on another word (e.g. an email).
    const firstOther = hits.findIndex((h) => !h.title.toLowerCase().startsWith('a'));
    const lastPrefix = hits.findLastIndex((h) => h.title.toLowerCase().startsWith('a'));
    if (firstOther >= 0) expect(lastPrefix).toBeLessThan(firstOther);
  });

  it('finds through small typos, and accents do not matter', async () => {
    expect((await search(q('lovelce'))).hits.map((h) => h.id)).toEqual([ids.ada]);
    expect((await search(q('ada lovleace'))).hits.map((h) => h.id)).toEqual([ids.ada]);
    expect((await search(q('emile bronte'))).hits.map((h) => h.id)).toEqual([ids.emile]);
    expect((await search(q('xqzvw'))).hits).toEqual([]);
  });

  it('matches a one-letter word together with the rest of the query ("o\'br", "o br", "s o")', async () => {
    for (const text of ["o'br", 'o br', "o'brien", 's o']) {
      expect(
        (await search(q(text))).hits.map((h) => h.id),
        text,
      ).toEqual([ids.siobhan]);
    }
    // the one-letter word still has to match: nobody else has a word starting with "br"
    expect((await search(q('x br'))).hits).toEqual([]);
  });

  it('finds a phone in any format, the exact match first', async () => {
    for (const phone of ['+1 (415) 555-0100', '415.555.0100', '14155550100', '4155550100', '(415) 5550100']) {
      const { hits } = await search(q(phone));
      expect(hits[0]?.id, phone).toBe(ids.ada);
      expect(hits[0]!.score, phone).toBeGreaterThanOrEqual(3);
    }
  });

  it('puts the exact email match first even when another record shares every word and sorts earlier', async () => {
    const { hits } = await search(q('ADA@example.com'));
    expect(hits.map((h) => h.id)).toEqual([ids.ada, ids.aaron]);
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
  });

  it('finds a company by its domain, exact domain first', async () => {
    const { hits } = await search(q('acme.co'));
    expect(hits[0]).toMatchObject({ kind: 'companies', id: ids.acme, title: 'Acme Corp', subtitle: 'acme.co' });
  });

  it('searches only the kinds asked for, within the limit', async () => {
    const { hits } = await search(q('a', '&kinds=companies'));
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h) => h.kind === 'companies')).toBe(true);
    expect((await search(q('quinn', '&limit=2'))).hits).toHaveLength(2);
  });

  it('answers 400 naming the parameter for an unknown kind, a limit above 25 or an empty query', async () => {
    const bad = await search(q('a', '&kinds=people,payments'));
    expect(bad.res.statusCode).toBe(400);
    expect(bad.res.headers['content-type']).toContain('application/problem+json');
    expect(json<{ errors: { pointer: string }[] }>(bad.res).errors.map((e) => e.pointer)).toEqual(['/kinds']);
    expect((await search(q('a', '&limit=26'))).res.statusCode).toBe(400);
    expect((await search('q=')).res.statusCode).toBe(400);
  });

  it('answers 401 without a session', async () => {
    expect((await t.app.inject({ url: '/api/v1/search?q=ada' })).statusCode).toBe(401);
  });
});

describe('GET /api/v1/search: access', () => {
  it("does not find another team's customer by name, email or phone", async () => {
    for (const text of ['zora', 'Zora Quill', 'zora@south.example', '(415) 555-0199', 'quill', 'globex']) {
      const { res, hits } = await search(q(text), sn);
      expect(res.statusCode, text).toBe(200);
      expect(hits, text).toEqual([]);
    }
    // …while their own team finds them.
    expect((await search(q('zora@south.example'), ss)).hits[0]?.id).toBe(ids.zora);
  });

  it('never counts hidden records: 30 invisible namesakes take no slot', async () => {
    const { hits } = await search(q('quinn', '&limit=25'), sn);
    expect(hits.map((h) => h.title).sort()).toEqual(['Quinn North0', 'Quinn North1', 'Quinn North2']);
    const all = await search(q('quinn', '&limit=25'));
    expect(all.hits).toHaveLength(25);
  });

  it('does not match on a field the role hides (email, phone), and no exact match applies', async () => {
    expect((await search(q('ada@example.com'), noContact)).hits).toEqual([]);
    expect((await search(q('+1 415 555 0100'), noContact)).hits).toEqual([]);
    expect((await search(q('example', '&kinds=people'), noContact)).hits).toEqual([]);
    // The name still finds the person.
    expect((await search(q('lovelace'), noContact)).hits.map((h) => h.id)).toEqual([ids.ada]);
  });

  it('skips a kind the caller cannot read (API token scoped to companies only)', async () => {
    const token = await t.services.identity.createToken(admin.ctx, {
      name: 'companies only',
      scopes: { companies: 'read' },
      expiresInDays: 1,
    });
    const res = await t.app.inject({
      url: `/api/v1/search?${q('a')}`,
      headers: { authorization: `Bearer ${token.token}` },
    });
    expect(res.statusCode).toBe(200);
    const hits = json<{ data: Hit[] }>(res).data;
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h) => h.kind === 'companies')).toBe(true);
  });
});

describe('GET /api/v1/lookup (screen pop)', () => {
  const lookup = (query: string, session: Session | { headers: Record<string, string> } = s) =>
    t.app.inject({ url: `/api/v1/lookup?${query}`, headers: session.headers });

  it('pops the same person, then their company, for any format of the number', async () => {
    for (const phone of ['+1 (415) 555-0100', '415.555.0100', '14155550100']) {
      const res = await lookup(`phone=${encodeURIComponent(phone)}`);
      expect(res.statusCode, phone).toBe(200);
      const body = json<{ query: unknown; matches: Hit[] }>(res);
      expect(body.query).toEqual({ phone, normalised: '+14155550100' });
      expect(body.matches.map((m) => [m.kind, m.id])).toEqual([
        ['people', ids.ada],
        ['companies', ids.acme],
      ]);
      expect(body.matches[0]).toMatchObject({ title: 'Ada Lovelace', subtitle: 'Analyst · Acme Corp' });
      expect(body.matches[0]!.card).toMatchObject({ name: 'Ada Lovelace', company: { id: ids.acme } });
    }
  });

  it('pops by email, whatever its case', async () => {
    const res = await lookup('email=ADA%40Example.com');
    expect(res.statusCode).toBe(200);
    const body = json<{ query: unknown; matches: Hit[] }>(res);
    expect(body.query).toEqual({ email: 'ADA@Example.com', normalised: 'ada@example.com' });
    expect(body.matches.map((m) => m.id)).toEqual([ids.ada, ids.acme]);
  });

  it('answers 200 with no matches for an unknown number', async () => {
    const res = await lookup('phone=%2B1%20212%20555%200142');
    expect(res.statusCode).toBe(200);
    expect(json(res)).toEqual({ query: { phone: '+1 212 555 0142', normalised: '+12125550142' }, matches: [] });
  });

  it('answers 400 naming /phone for an unparseable number, and when neither phone nor email is given', async () => {
    for (const query of ['phone=12', 'phone=call%20me', '']) {
      const res = await lookup(query);
      expect(res.statusCode, query).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(json<{ errors: { pointer: string }[] }>(res).errors.map((e) => e.pointer)).toEqual(['/phone']);
    }
    const bad = await lookup('email=nope');
    expect(bad.statusCode).toBe(400);
    expect(json<{ errors: { pointer: string }[] }>(bad).errors.map((e) => e.pointer)).toEqual(['/email']);
  });

  it("does not reveal another team's customer to a sales user", async () => {
    const north = await lookup('phone=4155550199', sn);
    expect(north.statusCode).toBe(200);
    expect(json<{ matches: Hit[] }>(north).matches).toEqual([]);
    const south = await lookup('phone=4155550199', ss);
    expect(json<{ matches: Hit[] }>(south).matches.map((m) => m.id)).toEqual([ids.zora, ids.globex]);
  });

  it('does not match on a hidden phone or email', async () => {
    expect(json<{ matches: Hit[] }>(await lookup('phone=4155550100', noContact)).matches).toEqual([]);
    expect(json<{ matches: Hit[] }>(await lookup('email=ada%40example.com', noContact)).matches).toEqual([]);
  });

  it('works with a bearer token scoped people=read companies=read', async () => {
    const token = await t.services.identity.createToken(admin.ctx, {
      name: 'PBX',
      scopes: { people: 'read', companies: 'read' },
      expiresInDays: 1,
    });
    const res = await lookup('phone=%2B14155550100', { headers: { authorization: `Bearer ${token.token}` } });
    expect(res.statusCode).toBe(200);
    expect(json<{ matches: Hit[] }>(res).matches.map((m) => m.id)).toEqual([ids.ada, ids.acme]);
  });
});

describe('phone formats (property)', () => {
  const sep = fc.constantFrom('', ' ', '-', '.', '  ', ' - ');
  const prefix = fc.constantFrom('', '+1 ', '+1', '1 ', '1-', '+1-', '+1.');
  test.prop([prefix, sep, sep, fc.boolean()], { numRuns: 25 })(
    'any separators, spacing and country prefix find the same person first',
    async (pre, a, b, parens) => {
      const area = parens ? '(415)' : '415';
      const text = `${pre}${area}${a}555${b}0100`;
      const { res, hits } = await search(q(text));
      expect(res.statusCode).toBe(200);
      expect(hits[0]?.id).toBe(ids.ada);
      const pop = await t.app.inject({ url: `/api/v1/lookup?phone=${encodeURIComponent(text)}`, headers: s.headers });
      expect(json<{ matches: Hit[] }>(pop).matches[0]?.id).toBe(ids.ada);
    },
  );
});
