/**
 * Field rules hold on every output: a custom role hiding a random subset of the fields the role editor offers reads
 * records, lists, cards, search, history, audit, timelines and exports, and no hidden field's value appears in any.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, json, login, PASSWORD, type Session, type TestContext, testApp } from '../../test/harness.ts';

let t: TestContext;
let admin: Session;
const ids = { person: '', company: '', parent: '', owner: '' };
let hideable: { people: string[]; companies: string[] };

/** Values only the named field holds, so finding one in an answer means the field leaked. */
const MARKERS: Record<'people' | 'companies', Record<string, string[]>> = {
  people: {
    firstName: ['Florentyna'],
    lastName: ['Quaxley'],
    email: ['hidden.mail@quux.example', 'second.mail@quux.example'],
    phone: ['5550123', '5550177'],
    jobTitle: ['Chief Zebra Officer', 'Vice Zebra'],
    companyId: ['Corvexa'],
    ownerId: ['Ozymandias'],
    teamId: ['Tealwing'],
    city: ['Xanthoria', 'Yarrowby'],
    tags: ['zebratag'],
    'cf.codename': ['Nightjar', 'Whippoorwill'],
  },
  companies: {
    name: ['Corvexa'],
    domain: ['corvexa-domain.example'],
    industry: ['Aerozoology', 'Hydrozoology'],
    city: ['Quillhaven', 'Umberlee'],
    parentId: ['Parentco'],
    ownerId: ['Balthazar'],
    teamId: ['Cobaltwing'],
    tags: ['kestreltag'],
    creditLimit: ['987654'],
    'cf.vault': ['Vaultmarker'],
  },
};

const inject = async (s: Session, url: string) => {
  const res = await t.app.inject({ url, headers: s.headers });
  expect([url, res.statusCode, res.statusCode === 200 ? '' : res.body]).toEqual([url, 200, '']);
  return `${url}\n${res.body}`;
};

const matchesOf = (out: string) => {
  const [url, ...body] = out.split('\n');
  return `${url}\n${JSON.stringify((JSON.parse(body.join('\n')) as { matches: unknown }).matches)}`;
};

beforeAll(async () => {
  t = await testApp();
  const a = await createUser(t.services, 'admin', 'North');
  admin = await login(t.app, a.email);
  // Named apart from their teams, so an owner's name does not carry the team's.
  const member = (name: string, team: string) =>
    t.services.identity.createUserAsSystem({
      email: `${name.toLowerCase()}@test.rapport`,
      name,
      password: PASSWORD,
      roleKey: 'sales',
      teamNames: [team],
    });
  const owner = await member('Ozymandias', 'Tealwing');
  const companyOwner = await member('Balthazar', 'Cobaltwing');
  ids.owner = owner.id;
  const post = async (url: string, payload: object) => {
    const res = await t.app.inject({ method: 'POST', url, headers: admin.headers, payload });
    expect(res.statusCode).toBe(201);
    return json<{ id: string }>(res).id;
  };
  const patch = async (url: string, payload: object) => {
    const res = await t.app.inject({ method: 'PATCH', url, headers: { ...admin.headers, 'if-match': '"1"' }, payload });
    expect(res.statusCode).toBe(200);
  };
  await post('/api/v1/custom-fields', { object: 'people', key: 'codename', label: 'Codename', type: 'text' });
  await post('/api/v1/custom-fields', { object: 'companies', key: 'vault', label: 'Vault', type: 'text' });
  ids.parent = await post('/api/v1/companies', { name: 'Parentco Holdings' });
  ids.company = await post('/api/v1/companies', {
    name: 'Corvexa Ltd',
    domain: 'corvexa-domain.example',
    industry: 'Aerozoology',
    address: { city: 'Quillhaven', country: 'NZ' },
    parentId: ids.parent,
    tags: ['kestreltag'],
    creditLimit: { amountMinor: 98765400, currency: 'USD' },
    customFields: { vault: 'Vaultmarker' },
  });
  await patch(`/api/v1/companies/${ids.company}`, {
    industry: 'Hydrozoology',
    address: { city: 'Umberlee', country: 'NZ' },
    ownerId: companyOwner.id,
  });
  ids.person = await post('/api/v1/people', {
    firstName: 'Florentyna',
    lastName: 'Quaxley',
    jobTitle: 'Chief Zebra Officer',
    emails: [{ email: 'hidden.mail@quux.example' }],
    phones: [{ number: '+1 415 555 0123' }],
    address: { city: 'Xanthoria', country: 'NZ' },
    tags: ['zebratag'],
    customFields: { codename: 'Nightjar' },
  });
  await patch(`/api/v1/people/${ids.person}`, {
    jobTitle: 'Vice Zebra',
    emails: [{ email: 'second.mail@quux.example' }],
    phones: [{ number: '+1 415 555 0177' }],
    address: { city: 'Yarrowby', country: 'NZ' },
    companyId: ids.company,
    ownerId: owner.id,
    customFields: { codename: 'Whippoorwill' },
  });
  const fields = async (object: string) =>
    json<{ data: { key: string }[] }>(
      await t.app.inject({ url: `/api/v1/meta/fields?object=${object}`, headers: admin.headers }),
    ).data.map((f) => f.key);
  hideable = { people: await fields('people'), companies: await fields('companies') };
}, 60_000);
afterAll(() => t.close());

/** Every read route about the person (object people) or the company (object companies), as the given session. */
async function outputs(s: Session): Promise<{ people: string[]; companies: string[] }> {
  const p = ids.person;
  const c = ids.company;
  const people = [
    await inject(s, '/api/v1/people?limit=50'),
    await inject(s, `/api/v1/people/${p}`),
    await inject(s, `/api/v1/people/${p}/history`),
    await inject(s, `/api/v1/people/${p}/card`),
    await inject(s, `/api/v1/people/${p}/timeline`),
    await inject(s, '/api/v1/people/export.csv'),
    await inject(s, '/api/v1/search?q=Quaxley&kinds=people'),
    await inject(s, '/api/v1/search?q=Florentyna&kinds=people'),
    await inject(s, `/api/v1/audit?object=people&recordId=${p}`),
    await inject(s, '/api/v1/my-day'),
    // The lookup echoes the caller's own query; only its matches are about the record.
    matchesOf(await inject(s, '/api/v1/lookup?email=second.mail@quux.example')),
    matchesOf(await inject(s, '/api/v1/lookup?phone=%2B14155550177')),
    await inject(s, '/api/v1/going-cold?scope=all&object=people'),
  ];
  const companies = [
    await inject(s, `/api/v1/companies/${c}`),
    await inject(s, `/api/v1/companies/${c}/history`),
    await inject(s, `/api/v1/companies/${c}/card`),
    await inject(s, `/api/v1/companies/${c}/timeline`),
    await inject(s, '/api/v1/search?q=Corvexa&kinds=companies'),
    await inject(s, `/api/v1/audit?object=companies&recordId=${c}`),
    await inject(s, '/api/v1/going-cold?scope=all&object=companies'),
  ];
  // Lists and exports also hold the parent company itself: they are checked for every field but the parent link.
  const lists = [await inject(s, '/api/v1/companies?limit=50'), await inject(s, '/api/v1/companies/export.csv')];
  return { people, companies: [...companies, ...lists.map((l) => l.replaceAll('Parentco', ''))] };
}

let roleNo = 0;
async function sessionHiding(hidden: { people: string[]; companies: string[] }): Promise<Session> {
  roleNo += 1;
  const ro = ['read', 'export'];
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/roles',
    headers: admin.headers,
    payload: {
      key: `hide-${roleNo}`,
      name: `Hide ${roleNo}`,
      policy: {
        objects: {
          people: ro,
          companies: ro,
          activities: ['read'],
          tasks: ['read'],
          promises: ['read'],
          audit: ['read'],
        },
        visibility: { people: 'all', companies: 'all' },
        fields: {
          people: Object.fromEntries(hidden.people.map((f) => [f, 'hidden'])),
          companies: Object.fromEntries(hidden.companies.map((f) => [f, 'hidden'])),
        },
      },
    },
  });
  expect(res.statusCode).toBe(201);
  const u = await createUser(t.services, `hide-${roleNo}`, 'North', `reader${roleNo}`);
  return login(t.app, u.email);
}

function leaks(hidden: { people: string[]; companies: string[] }, out: { people: string[]; companies: string[] }) {
  const found: string[] = [];
  for (const object of ['people', 'companies'] as const) {
    // A company's name also shows on its people's company link, a people field (`companyId`) of its own.
    const fields = hidden[object].filter(
      (f) => !(object === 'companies' && f === 'name' && !hidden.people.includes('companyId')),
    );
    for (const f of fields) {
      for (const m of MARKERS[object][f] ?? []) {
        for (const o of out[object]) {
          const [url, ...body] = o.split('\n');
          if (body.join('\n').includes(m)) found.push(`${object}.${f}: ${m} in ${url}`);
        }
      }
    }
  }
  return found;
}

describe('field rules of a custom role hold on every output', () => {
  it('the markers are all visible to an admin (the check can fail)', async () => {
    const out = await outputs(admin);
    const all = { people: Object.keys(MARKERS.people), companies: Object.keys(MARKERS.companies) };
    expect(leaks(all, out).length).toBeGreaterThan(20);
  });

  it('a role hiding every field the role editor offers reads none of them anywhere', async () => {
    expect(hideable.people).toEqual(expect.arrayContaining(['email', 'companyId', 'ownerId', 'cf.codename']));
    expect(hideable.companies).toEqual(expect.arrayContaining(['parentId', 'creditLimit', 'cf.vault']));
    const s = await sessionHiding(hideable);
    expect(leaks(hideable, await outputs(s))).toEqual([]);
  });

  it('hidden fields cannot filter, sort or be exported by name (400 naming the parameter), all fields hidden', async () => {
    const s = await sessionHiding(hideable);
    const bad = async (url: string, pointer: string) => {
      const res = await t.app.inject({ url, headers: s.headers });
      expect([url, res.statusCode]).toEqual([url, 400]);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(json<{ errors: { pointer: string }[] }>(res).errors[0]?.pointer).toBe(pointer);
    };
    await bad('/api/v1/people?filter=email:eq:hidden.mail@quux.example', '/filter/0');
    await bad(`/api/v1/people?filter=ownerId:eq:${ids.owner}`, '/filter/0');
    await bad('/api/v1/people?sort=lastName', '/sort');
    await bad('/api/v1/companies?sort=-creditLimit', '/sort');
    const people = await t.app.inject({ url: `/api/v1/companies/${ids.company}/people`, headers: s.headers });
    expect(people.statusCode).toBe(403);
    expect(json(people).code).toBe('access.forbidden');
    const cold = await t.app.inject({ url: '/api/v1/going-cold?scope=all', headers: s.headers });
    expect([cold.statusCode, json(cold).data]).toEqual([200, []]);
    await bad('/api/v1/people/export.csv?columns=owner', '/columns/0');
    await bad('/api/v1/people/export.csv?columns=company', '/columns/0');
    await bad('/api/v1/companies/export.csv?columns=parent', '/columns/0');
    const csv = await t.app.inject({ url: '/api/v1/people/export.csv', headers: s.headers });
    expect(csv.statusCode).toBe(200);
    expect(csv.body.split('\n')[0]).toBe('id');
  });

  it('a role hiding a random subset reads none of the hidden ones anywhere', async () => {
    await fc.assert(
      fc.asyncProperty(fc.subarray(hideable.people), fc.subarray(hideable.companies), async (people, companies) => {
        const hidden = { people, companies };
        const s = await sessionHiding(hidden);
        expect(leaks(hidden, await outputs(s))).toEqual([]);
      }),
      { numRuns: 8 },
    );
  }, 120_000);
});
