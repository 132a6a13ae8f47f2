import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, json, login, type Session, type TestContext, type TestUser, testApp } from '../../test/harness.ts';

let t: TestContext;
let admin: TestUser;
let north: TestUser;
let south: TestUser;
let auditor: TestUser;
let sN: Session;
let sS: Session;
let sAuditor: Session;
let sharedCompanyId: string;
let northPersonId: string;
let southPersonId: string;
let pagedPersonId: string;

type Entry = {
  id: string;
  at: string;
  type: string;
  department: string | null;
  summary: string;
  actor: { id: string; name: string } | null;
  object: string;
  recordId: string;
  personId: string | null;
  companyId: string | null;
  person: { id: string; name: string } | null;
  payload: Record<string, unknown>;
};
type Page = { data: Entry[]; nextCursor: string | null };

const get = (url: string, s: Session = sN) => t.app.inject({ url: `/api/v1${url}`, headers: s.headers });
const page = async (url: string, s: Session = sN): Promise<Page> => {
  const res = await get(url, s);
  expect(res.statusCode, res.body).toBe(200);
  return json<Page>(res);
};

beforeAll(async () => {
  t = await testApp();
  admin = await createUser(t.services, 'admin', 'North', 'admin');
  north = await createUser(t.services, 'sales', 'North', 'north');
  south = await createUser(t.services, 'sales', 'South', 'south');
  await t.services.identity.createRole(admin.ctx, {
    key: 'auditor',
    name: 'Auditor',
    policy: {
      objects: { people: ['read'], companies: ['read'] },
      visibility: { people: 'all', companies: 'all' },
      fields: {},
    },
  });
  auditor = await createUser(t.services, 'auditor', 'North', 'auditor');
  [sN, sS, sAuditor] = await Promise.all([
    login(t.app, north.email),
    login(t.app, south.email),
    login(t.app, auditor.email),
  ]);

  // A company both teams work with: North owns it, and each team has a contact there.
  const c = await t.services.companies.create(admin.ctx, {
    name: 'Shared Ltd',
    ownerId: north.id,
    teamId: north.actor.teamIds[0],
  });
  sharedCompanyId = c.id;
  northPersonId = (
    await t.services.people.create(admin.ctx, {
      firstName: 'Nora',
      lastName: 'North',
      companyId: c.id,
      ownerId: north.id,
      teamId: north.actor.teamIds[0],
    })
  ).id!;
  southPersonId = (
    await t.services.people.create(admin.ctx, {
      firstName: 'Sid',
      lastName: 'South',
      companyId: c.id,
      ownerId: south.id,
      teamId: south.actor.teamIds[0],
    })
  ).id!;
  await t.services.activities.log(north.ctx, {
    type: 'call',
    direction: 'out',
    subject: 'North call',
    durationSeconds: 240,
    outcome: 'connected',
    personId: northPersonId,
    occurredAt: '2026-11-10T09:00:00Z',
  });
  await t.services.activities.log(south.ctx, {
    type: 'email',
    direction: 'in',
    subject: 'South secret',
    personId: southPersonId,
    occurredAt: '2026-11-11T09:00:00Z',
  });
  await t.services.activities.log(north.ctx, {
    type: 'note',
    subject: 'Company note',
    department: 'accounts',
    companyId: c.id,
    occurredAt: '2026-11-12T09:00:00Z',
  });

  // 120 activities on one person, several sharing a timestamp (the id breaks ties), across departments and types.
  pagedPersonId = (
    await t.services.people.create(admin.ctx, {
      firstName: 'Paige',
      lastName: 'Turner',
      ownerId: north.id,
      teamId: north.actor.teamIds[0],
    })
  ).id!;
  const types = ['call', 'email', 'meeting', 'note', 'sms', 'chat', 'visit'] as const;
  const departments = ['sales', 'marketing', 'service', 'accounts'] as const;
  for (let i = 0; i < 120; i++) {
    const type = types[i % types.length]!;
    await t.services.activities.log(admin.ctx, {
      type,
      direction: type === 'note' ? null : i % 2 === 0 ? 'out' : 'in',
      subject: `Touchpoint ${i}`,
      department: departments[i % departments.length],
      personId: pagedPersonId,
      occurredAt: new Date(Date.UTC(2026, 0, 1) + Math.floor(i / 3) * 86_400_000).toISOString(),
    });
  }
}, 120_000);
afterAll(() => t.close());

describe('GET /api/v1/people/:id/timeline', () => {
  it('pages over 120+ entries newest first, each exactly once, with (at, id) strictly descending', async () => {
    const all: Entry[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const p: Page = await page(`/people/${pagedPersonId}/timeline?limit=50${cursor ? `&cursor=${cursor}` : ''}`);
      expect(p.data.length).toBeLessThanOrEqual(50);
      all.push(...p.data);
      cursor = p.nextCursor;
      pages++;
    } while (cursor);
    // 120 activities + "was added as a lead".
    expect(all).toHaveLength(121);
    expect(pages).toBe(3);
    expect(new Set(all.map((e) => e.id)).size).toBe(121);
    for (let i = 1; i < all.length; i++) {
      const a = all[i - 1]!;
      const b = all[i]!;
      expect(a.at > b.at || (a.at === b.at && a.id > b.id), `${i}`).toBe(true);
    }
    expect(all.filter((e) => e.type === 'activity.logged')).toHaveLength(120);
    expect(all.some((e) => e.type === 'person.created')).toBe(true);
  });

  it('defaults to 50 entries and refuses a limit over 200 or a forged cursor with 400', async () => {
    const p = await page(`/people/${pagedPersonId}/timeline`);
    expect(p.data).toHaveLength(50);
    expect(p.nextCursor).not.toBeNull();
    expect((await get(`/people/${pagedPersonId}/timeline?limit=201`)).statusCode).toBe(400);
    const forged = await get(`/people/${pagedPersonId}/timeline?cursor=abc`);
    expect(forged.statusCode).toBe(400);
    expect(json(forged).code).toBe('list.invalid_query');
  });

  it('filters by department (repeatable)', async () => {
    const service = (await page(`/people/${pagedPersonId}/timeline?limit=200&department=service`)).data;
    expect(service).toHaveLength(30);
    expect(service.every((e) => e.department === 'service')).toBe(true);
    const two = (await page(`/people/${pagedPersonId}/timeline?limit=200&department=service&department=accounts`)).data;
    expect(two).toHaveLength(60);
    expect(new Set(two.map((e) => e.department))).toEqual(new Set(['service', 'accounts']));
    expect((await get(`/people/${pagedPersonId}/timeline?department=legal`)).statusCode).toBe(400);
  });

  it('filters by event type prefix or exact type, by activity type, and by dates', async () => {
    const person = (await page(`/people/${pagedPersonId}/timeline?limit=200&type=person`)).data;
    expect(person.map((e) => e.type)).toEqual(['person.created']);
    const activity = (await page(`/people/${pagedPersonId}/timeline?limit=200&type=activity`)).data;
    expect(activity).toHaveLength(120);
    const exact = (await page(`/people/${pagedPersonId}/timeline?limit=200&type=activity.logged&type=person`)).data;
    expect(exact).toHaveLength(121);
    expect((await page(`/people/${pagedPersonId}/timeline?type=activ`)).data).toEqual([]);
    const calls = (await page(`/people/${pagedPersonId}/timeline?limit=200&activityType=call`)).data;
    expect(calls).toHaveLength(18);
    expect(calls.every((e) => e.payload.type === 'call' && e.summary.startsWith('Call'))).toBe(true);
    const callsAndVisits = (
      await page(`/people/${pagedPersonId}/timeline?limit=200&activityType=call&activityType=visit`)
    ).data;
    expect(callsAndVisits).toHaveLength(35);
    // Activities i = 0..119 fall on day floor(i / 3): 2026-01-02 holds i = 3, 4, 5; the 3rd to the 4th holds 6..11.
    const day = (await page(`/people/${pagedPersonId}/timeline?limit=200&from=2026-01-02&to=2026-01-02`)).data;
    expect(day.map((e) => e.payload.subject).sort()).toEqual(['Touchpoint 3', 'Touchpoint 4', 'Touchpoint 5']);
    const range = (
      await page(`/people/${pagedPersonId}/timeline?limit=200&from=2026-01-03T00:00:00Z&to=2026-01-04T00:00:00Z`)
    ).data;
    expect(range).toHaveLength(6);
    expect((await get(`/people/${pagedPersonId}/timeline?from=last-week`)).statusCode).toBe(400);
  });

  it('answers 404 for a person the actor may not see, and for an unknown id', async () => {
    const res = await get(`/people/${southPersonId}/timeline`);
    expect(res.statusCode).toBe(404);
    expect(json(res).code).toBe('people.not_found');
    expect((await get('/people/nope/timeline')).statusCode).toBe(404);
    expect((await get(`/people/${southPersonId}/timeline`, sS)).statusCode).toBe(200);
  });

  it('leaves activity entries out for a role that may not read activities', async () => {
    const own = (await page(`/people/${northPersonId}/timeline`, sAuditor)).data;
    expect(own.map((e) => e.type)).toEqual(['person.created']);
    const company = (await page(`/companies/${sharedCompanyId}/timeline`, sAuditor)).data;
    expect(company.some((e) => e.object === 'activities')).toBe(false);
    expect(company.map((e) => e.type).sort()).toEqual(['company.created', 'person.created', 'person.created']);
  });
});

describe('GET /api/v1/companies/:id/timeline', () => {
  it("includes the company's own entries and its visible people's touchpoints, with who and about whom", async () => {
    const data = (await page(`/companies/${sharedCompanyId}/timeline`)).data;
    // Newest first: the records were created today, the touchpoints logged with earlier dates.
    expect(data.map((e) => e.summary)).toEqual([
      'Nora North was added as a lead',
      'Shared Ltd was added',
      'Note: Company note',
      'Call (outbound, 4 min): North call — connected',
    ]);
    const call = data.find((e) => e.type === 'activity.logged' && e.personId === northPersonId)!;
    expect(call).toMatchObject({
      department: 'sales',
      actor: { id: north.id, name: north.actor.name },
      object: 'activities',
      personId: northPersonId,
      companyId: sharedCompanyId,
      person: { id: northPersonId, name: 'Nora North' },
    });
    const note = data.find((e) => e.summary === 'Note: Company note')!;
    expect(note).toMatchObject({ department: 'accounts', personId: null, person: null });
  });

  it("leaves out entries about people of another team on a shared company's timeline", async () => {
    const north = (await page(`/companies/${sharedCompanyId}/timeline?limit=200`)).data;
    expect(north.some((e) => e.personId === southPersonId)).toBe(false);
    expect(JSON.stringify(north)).not.toContain('South secret');
    const all = (await page(`/companies/${sharedCompanyId}/timeline?limit=200`, await login(t.app, admin.email))).data;
    expect(
      all
        .filter((e) => e.personId === southPersonId)
        .map((e) => e.type)
        .sort(),
    ).toEqual(['activity.logged', 'person.created']);
  });

  it('answers 404 for a company the actor may not see', async () => {
    const res = await get(`/companies/${sharedCompanyId}/timeline`, sS);
    expect(res.statusCode).toBe(404);
    expect(json(res).code).toBe('companies.not_found');
  });
});
