import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createUser, json, login, type Session, type TestContext, testApp } from '../../test/harness.ts';

let t: TestContext;
let admin: Session;
let north: Session;
let north2: Session;
let north2Id: string;
let south: Session;
let northTeamId: string;
let personId: string;
let companyId: string;

interface CaseDto {
  id: string;
  reference: string;
  subject: string;
  status: string;
  priority: string;
  ownerId: string | null;
  teamId: string | null;
  team: { id: string; name: string } | null;
  person: { id: string; name: string } | null;
  caseType: { id: string; name: string } | null;
  processHtml: string | null;
  openedAt: string;
  firstRespondedAt: string | null;
  resolvedAt: string | null;
  reopenCount: number;
  relatedCaseIds: string[];
  sla: {
    policyId: string | null;
    firstResponseDueAt: string | null;
    resolutionDueAt: string | null;
    firstResponseBreached: boolean;
    resolutionBreached: boolean;
    paused: boolean;
  };
  version: number;
}
interface Problem {
  code: string;
  status: number;
  errors?: { pointer: string; detail: string }[];
}

const post = (s: Session, url: string, payload: object) =>
  t.app.inject({ method: 'POST', url, headers: s.headers, payload });
const patch = (s: Session, url: string, payload: object) =>
  t.app.inject({ method: 'PATCH', url, headers: s.headers, payload });
const get = (s: Session, url: string) => t.app.inject({ url, headers: s.headers });
const createCase = async (s: Session, payload: object): Promise<CaseDto> => {
  const res = await post(s, '/api/v1/cases', { subject: 'Printer jams', channel: 'phone', ...payload });
  if (res.statusCode !== 201) throw new Error(`create case: ${res.statusCode} ${res.body}`);
  return json<CaseDto>(res);
};

beforeAll(async () => {
  t = await testApp();
  admin = await login(t.app, (await createUser(t.services, 'admin', 'North')).email);
  const n = await createUser(t.services, 'service', 'North');
  northTeamId = n.actor.teamIds[0]!;
  north = await login(t.app, n.email);
  const n2 = await createUser(t.services, 'service', 'North', 'second');
  north2Id = n2.id;
  north2 = await login(t.app, n2.email);
  south = await login(t.app, (await createUser(t.services, 'service', 'South')).email);
  companyId = json<{ id: string }>(await post(admin, '/api/v1/companies', { name: 'Northwind Traders' })).id;
  personId = json<{ id: string }>(
    await post(admin, '/api/v1/people', { firstName: 'Nadia', lastName: 'North', companyId }),
  ).id;
  // The calendar: Monday to Friday 09:00-17:00 in London.
  const ws = await t.app.inject({
    method: 'PATCH',
    url: '/api/v1/workspace',
    headers: admin.headers,
    payload: { timezone: 'Europe/London', businessHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' } },
  });
  expect(ws.statusCode).toBe(200);
});
afterAll(() => t.close());
afterEach(() => vi.useRealTimers());

describe('cases', () => {
  it('numbers cases C-1001, C-1002 … and opens them new, unassigned, in the writer’s queue', async () => {
    const a = await createCase(north, { subject: 'First' });
    const b = await createCase(north, { subject: 'Second' });
    expect(a.reference).toMatch(/^C-\d{4,}$/);
    expect(Number(b.reference.slice(2))).toBe(Number(a.reference.slice(2)) + 1);
    expect(a).toMatchObject({ status: 'new', priority: 'normal', ownerId: null, teamId: northTeamId });
    expect(a.sla).toMatchObject({ policyId: null, firstResponseDueAt: null, paused: false });
    // Found by its reference, as read out on the phone.
    const found = json<{ data: CaseDto[] }>(await get(north, `/api/v1/cases?q=${a.reference}`));
    expect(found.data.map((c) => c.id)).toEqual([a.id]);
  });

  it('numbers cases created at the same time without a gap or a repeat', async () => {
    const made = await Promise.all(Array.from({ length: 8 }, (_, i) => createCase(north, { subject: `Burst ${i}` })));
    const numbers = made.map((c) => Number(c.reference.slice(2))).sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(8);
    expect(numbers[7]! - numbers[0]!).toBe(7);
  });

  it('refuses a bad channel, an empty subject and a person the writer cannot see, naming each field', async () => {
    const bad = await post(north, '/api/v1/cases', { subject: 'x', channel: 'fax' });
    expect(bad.statusCode).toBe(400);
    const empty = await post(north, '/api/v1/cases', { subject: ' ', channel: 'phone', personId: 'nobody' });
    expect(empty.statusCode).toBe(422);
    expect(
      json<Problem>(empty)
        .errors?.map((e) => e.pointer)
        .sort(),
    ).toEqual(['/personId', '/subject']);
  });

  it('a case type gives its default priority and queue, its required fields and its process', async () => {
    const type = json<{ id: string; processHtml: string }>(
      await post(admin, '/api/v1/case-types', {
        name: 'Billing question',
        defaultPriority: 'high',
        defaultQueueId: northTeamId,
        requiredFields: ['personId'],
        process: '1. Check the **invoice**\n2. Call back',
      }),
    );
    expect(type.processHtml).toContain('<strong>invoice</strong>');
    const missing = await post(south, '/api/v1/cases', { subject: 'Invoice', channel: 'email', caseTypeId: type.id });
    expect(missing.statusCode).toBe(400);
    expect(json<Problem>(missing)).toMatchObject({ code: 'cases.requirements', errors: [{ pointer: '/personId' }] });
    const c = await createCase(admin, { subject: 'Invoice', caseTypeId: type.id, personId });
    expect(c).toMatchObject({
      priority: 'high',
      teamId: northTeamId,
      caseType: { id: type.id, name: 'Billing question' },
      person: { id: personId, name: 'Nadia North' },
    });
    expect(c.processHtml).toContain('<ol>');
  });

  it('moves through its statuses, counts a reopen, refuses a move that makes no sense, and is on the timelines', async () => {
    const c = await createCase(north, { personId, companyId });
    const open = json<CaseDto>(await patch(north, `/api/v1/cases/${c.id}`, { status: 'open', ownerId: null }));
    expect(open.firstRespondedAt).not.toBeNull();
    const resolved = json<CaseDto>(await patch(north, `/api/v1/cases/${c.id}`, { status: 'resolved' }));
    expect(resolved.resolvedAt).not.toBeNull();
    const back = await patch(north, `/api/v1/cases/${c.id}`, { status: 'pending_customer' });
    expect(back.statusCode).toBe(422);
    expect(json<Problem>(back).errors?.[0]?.pointer).toBe('/status');
    const reopened = json<CaseDto>(await patch(north, `/api/v1/cases/${c.id}`, { status: 'open' }));
    expect(reopened).toMatchObject({ status: 'open', resolvedAt: null, reopenCount: 1 });

    const summaries = async (url: string) =>
      json<{ data: { summary: string }[] }>(await get(admin, url)).data.map((e) => e.summary);
    const line = `Case ${c.reference}: Resolved → Open`;
    expect(await summaries(`/api/v1/timeline?subjectKind=cases&subjectId=${c.id}`)).toContain(line);
    expect(await summaries(`/api/v1/people/${personId}/timeline`)).toContain(line);
    expect(await summaries(`/api/v1/companies/${companyId}/timeline`)).toContain(line);
  });

  it('queue views: mine, my team’s, unassigned; a team-scoped agent never sees another queue’s case', async () => {
    const mine = await createCase(north2, { subject: 'Mine', ownerId: north2Id });
    const southCase = await createCase(south, { subject: 'Southern' });
    const ids = async (s: Session, q: string) =>
      json<{ data: CaseDto[] }>(await get(s, `/api/v1/cases?${q}`)).data.map((c) => c.id);
    expect(await ids(north2, 'queue=mine')).toEqual([mine.id]);
    expect(await ids(north, 'queue=team')).toContain(mine.id);
    expect(await ids(north, 'queue=unassigned')).not.toContain(mine.id);
    expect(await ids(north, 'queue=team&sort=slaDue')).not.toContain(southCase.id);
    expect((await get(north, `/api/v1/cases/${southCase.id}`)).statusCode).toBe(404);
    expect((await get(admin, `/api/v1/cases/${southCase.id}`)).statusCode).toBe(200);
  });

  it('answers 404 on every case route when the service module is off', async () => {
    const off = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/workspace',
      headers: admin.headers,
      payload: { modules: { sales: true, marketing: true, service: false, portal: false, accounts: true } },
    });
    expect(off.statusCode).toBe(200);
    expect((await get(north, '/api/v1/cases')).statusCode).toBe(404);
    expect((await get(north, '/api/v1/sla-policies')).statusCode).toBe(404);
    await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/workspace',
      headers: admin.headers,
      payload: { modules: { sales: true, marketing: true, service: true, portal: false, accounts: true } },
    });
    expect((await get(north, '/api/v1/cases')).statusCode).toBe(200);
  });
});

describe('SLA clocks', () => {
  it('counts business hours in the workspace zone: a high case on Friday 15:00 is due Monday 11:00 and Tuesday 15:00', async () => {
    const policy = await post(admin, '/api/v1/sla-policies', {
      name: 'High',
      priority: 'high',
      caseTypeId: null,
      firstResponseMinutes: 240,
      resolutionMinutes: 960,
    });
    expect(policy.statusCode).toBe(201);
    const twice = await post(admin, '/api/v1/sla-policies', {
      name: 'High again',
      priority: 'high',
      firstResponseMinutes: 60,
      resolutionMinutes: 120,
    });
    expect(twice.statusCode).toBe(409);
    expect(json<Problem>(twice).code).toBe('sla_policies.duplicate');

    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2027-01-08T15:30:00Z'));
    const agent = await createUser(t.services, 'service', 'North', 'clock');
    let s = await login(t.app, agent.email);
    // Days pass between the steps: a fresh session each time (sessions expire when idle).
    const at = async (iso: string) => {
      vi.setSystemTime(new Date(iso));
      s = await login(t.app, agent.email);
    };
    const res = await post(s, '/api/v1/cases', {
      subject: 'Line down',
      description: 'No dial tone since noon',
      channel: 'phone',
      priority: 'high',
      personId,
      openedAt: '2027-01-08T15:00:00Z',
    });
    expect(res.statusCode).toBe(201);
    const c = json<CaseDto>(res);
    expect(c).toMatchObject({ status: 'new', openedAt: '2027-01-08T15:00:00.000Z' });
    expect(c.reference).toMatch(/^C-\d+$/);
    expect(c.sla).toMatchObject({
      firstResponseDueAt: '2027-01-11T11:00:00.000Z',
      resolutionDueAt: '2027-01-12T15:00:00.000Z',
      firstResponseBreached: false,
    });

    // Monday 11:30: the first response is late, and the case is on the breach list.
    await at('2027-01-11T11:30:00Z');
    const late = json<CaseDto>(await get(s, `/api/v1/cases/${c.id}`));
    expect(late.sla.firstResponseBreached).toBe(true);
    const breaches = json<{ data: CaseDto[] }>(await get(s, '/api/v1/cases/breaches')).data;
    expect(breaches.map((b) => b.id)).toContain(c.id);
    // Sorted by the next due time, a case racing a clock comes before those with none (on both databases).
    const queue = json<{ data: CaseDto[] }>(await get(s, '/api/v1/cases?queue=team&sort=slaDue&limit=200')).data;
    expect(queue[0]?.id).toBe(c.id);
    expect(queue.length).toBeGreaterThan(1);

    // Answered at 11:30, then waiting on the customer from Monday 12:00 until Tuesday 10:00: 6 business hours pause.
    await patch(s, `/api/v1/cases/${c.id}`, { status: 'open' });
    await at('2027-01-11T12:00:00Z');
    const waiting = json<CaseDto>(await patch(s, `/api/v1/cases/${c.id}`, { status: 'pending_customer' }));
    expect(waiting.sla.paused).toBe(true);
    expect(json<{ data: CaseDto[] }>(await get(s, '/api/v1/cases/breaches')).data.map((b) => b.id)).not.toContain(c.id);
    await at('2027-01-12T10:00:00Z');
    const resumed = json<CaseDto>(await patch(s, `/api/v1/cases/${c.id}`, { status: 'open' }));
    expect(resumed.sla).toMatchObject({
      paused: false,
      firstResponseBreached: true,
      resolutionDueAt: '2027-01-13T13:00:00.000Z',
      resolutionBreached: false,
    });
  });

  it('takes the most specific policy: the case type’s own beats the priority’s', async () => {
    // The previous test's sessions were last seen "in 2027": sign in again now.
    admin = await login(t.app, (await createUser(t.services, 'admin', 'North', 'policies')).email);
    const type = json<{ id: string }>(
      await post(admin, '/api/v1/case-types', { name: 'Outage', defaultPriority: 'high' }),
    );
    const own = json<{ id: string }>(
      await post(admin, '/api/v1/sla-policies', {
        name: 'Outage',
        caseTypeId: type.id,
        firstResponseMinutes: 30,
        resolutionMinutes: 120,
      }),
    );
    const c = await createCase(admin, { subject: 'Site down', caseTypeId: type.id });
    expect(c).toMatchObject({ priority: 'high', sla: { policyId: own.id } });
    const plain = await createCase(admin, { subject: 'Slow page', priority: 'high' });
    expect(plain.sla.policyId).not.toBe(own.id);
    expect(plain.sla.policyId).not.toBeNull();
  });

  it('skips the holidays kept in Settings', async () => {
    // The previous test's sessions were last seen "in 2027": sign in again now.
    admin = await login(t.app, (await createUser(t.services, 'admin', 'North', 'holidays')).email);
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/holidays',
      headers: admin.headers,
      payload: { holidays: ['2027-01-11', '2027-01-01'] },
    });
    expect(json<{ holidays: string[] }>(put).holidays).toEqual(['2027-01-01', '2027-01-11']);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2027-01-08T15:30:00Z'));
    const s = await login(t.app, (await createUser(t.services, 'service', 'North', 'holiday')).email);
    const c = await createCase(s, { priority: 'high', openedAt: '2027-01-08T15:00:00Z' });
    expect(c.sla.firstResponseDueAt).toBe('2027-01-12T11:00:00.000Z');
    await t.app.inject({ method: 'PUT', url: '/api/v1/holidays', headers: admin.headers, payload: { holidays: [] } });
  });
});
