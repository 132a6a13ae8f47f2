import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, json, login, type Session, type TestContext, type TestUser, testApp } from '../../test/harness.ts';

let t: TestContext;
let admin: Session;
let north: Session;
let rep1: TestUser;
let rep2: TestUser;
let germanRep: TestUser;
let pipeline: { id: string; stages: { id: string; name: string; probability: number; outcome: string }[] };
let teamId: string;

interface FormDto {
  id: string;
  snippet: string;
  submitUrl: string;
  version: number;
}
interface Accepted {
  submissionId: string;
  personId: string;
  dealId: string;
  personCreated: boolean;
}
interface Problem {
  code: string;
  status: number;
  errors?: { pointer: string }[];
}

const stage = (name: string) => pipeline.stages.find((s) => s.name === name)!.id;
const post = (s: Session, url: string, payload: object) =>
  t.app.inject({ method: 'POST', url, headers: s.headers, payload });
const createForm = async (payload: object = {}): Promise<FormDto> => {
  const res = await post(admin, '/api/v1/lead-forms', {
    name: 'Website contact',
    fields: ['firstName', 'lastName', 'email', 'phone', 'companyName', 'message'],
    pipelineId: pipeline.id,
    stageId: stage('Qualified'),
    ownerId: rep1.id,
    ...payload,
  });
  if (res.statusCode !== 201) throw new Error(`create form: ${res.statusCode} ${res.body}`);
  return json<FormDto>(res);
};
const submit = (formId: string, payload: object, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: `/api/public/forms/${formId}/submissions`, payload, headers });
const submitForm = (formId: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: 'POST',
    url: `/api/public/forms/${formId}/submissions`,
    payload: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  });
const db = () => t.services.database.db;
const counts = async () => ({
  people: Number(
    (
      await db()
        .selectFrom('people')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  ),
  deals: Number(
    (
      await db()
        .selectFrom('deals')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  ),
  submissions: Number(
    (
      await db()
        .selectFrom('lead_form_submissions')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  ),
  events: Number(
    (
      await db()
        .selectFrom('events')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  ),
});

beforeAll(async () => {
  t = await testApp({ logLevel: 'error' });
  admin = await login(t.app, (await createUser(t.services, 'admin', 'North')).email);
  rep1 = await createUser(t.services, 'sales', 'Inbound', 'rep one');
  rep2 = await createUser(t.services, 'sales', 'Inbound', 'rep two');
  germanRep = await createUser(t.services, 'sales', 'North', 'german rep');
  north = await login(t.app, (await createUser(t.services, 'sales', 'North')).email);
  teamId = rep1.actor.teamIds[0]!;
  pipeline = json(
    await post(admin, '/api/v1/pipelines', {
      name: 'Inbound',
      stages: [
        { name: 'New lead', probability: 5 },
        { name: 'Qualified', probability: 20 },
        { name: 'Won', outcome: 'won' },
        { name: 'Lost', outcome: 'lost' },
      ],
    }),
  );
});
afterAll(() => t.close());

describe('lead forms in Settings', () => {
  it('are defined by admins and answer an embeddable snippet posting to the public endpoint', async () => {
    const f = await createForm();
    expect(f.id).toBeTruthy();
    expect(f.submitUrl).toMatch(new RegExp(`/api/public/forms/${f.id}/submissions$`));
    expect(f.snippet).toContain(`action="${f.submitUrl}"`);
    expect(f.snippet).toContain('method="post"');
    expect(f.snippet).toContain('name="email"');
    expect(f.snippet).toMatch(/aria-hidden="true".*name="website_url".*tabindex="-1"/);
    expect(f.snippet).not.toContain('<script');
    const got = await t.app.inject({ method: 'GET', url: `/api/v1/lead-forms/${f.id}`, headers: admin.headers });
    expect(json<FormDto>(got).snippet).toBe(f.snippet);
    const renamed = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/lead-forms/${f.id}`,
      headers: { ...admin.headers, 'if-match': `"${f.version}"` },
      payload: { name: 'Contact us' },
    });
    expect(renamed.statusCode).toBe(200);
    expect((await post(north, '/api/v1/lead-forms', { name: 'x' })).statusCode).toBe(403);
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/v1/lead-forms/${f.id}`, headers: admin.headers })).statusCode,
    ).toBe(204);
    expect((await submit(f.id, { email: 'a@example.com' })).statusCode).toBe(404);
  });

  it('refuse a won stage, a stage of another pipeline and a form without email or phone', async () => {
    const res = await post(admin, '/api/v1/lead-forms', {
      name: 'Bad',
      fields: ['firstName', 'message'],
      pipelineId: pipeline.id,
      stageId: stage('Won'),
    });
    expect(res.statusCode).toBe(422);
    expect(json<Problem>(res).errors?.map((e) => e.pointer)).toEqual(['/fields', '/stageId']);
  });
});

describe('public submissions', () => {
  it('as JSON create the person and a deal in the stage, with source, UTM and message; audited as the form', async () => {
    const f = await createForm();
    const res = await submit(f.id, {
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'Ada@Example.com',
      companyName: 'Analytical Engines',
      message: 'Please call me about a demo',
      utm_source: 'newsletter',
      utm_medium: 'email',
      utm_campaign: 'spring',
    });
    expect(res.statusCode).toBe(201);
    const a = json<Accepted>(res);
    expect(a.personCreated).toBe(true);
    const person = json<{ fullName: string; emails: { email: string }[]; lifecycleStage: string; ownerId: string }>(
      await t.app.inject({ method: 'GET', url: `/api/v1/people/${a.personId}`, headers: admin.headers }),
    );
    expect(person).toMatchObject({ fullName: 'Ada Lovelace', lifecycleStage: 'lead', ownerId: rep1.id });
    expect(person.emails.map((e) => e.email)).toEqual(['ada@example.com']);
    const deal = json<{
      stageId: string;
      source: string;
      ownerId: string;
      people: { personId: string }[];
      name: string;
    }>(await t.app.inject({ method: 'GET', url: `/api/v1/deals/${a.dealId}`, headers: admin.headers }));
    expect(deal).toMatchObject({ stageId: stage('Qualified'), source: 'web_form', ownerId: rep1.id });
    expect(deal.people.map((p) => p.personId)).toEqual([a.personId]);
    const sub = await db()
      .selectFrom('lead_form_submissions')
      .selectAll()
      .where('id', '=', a.submissionId)
      .executeTakeFirstOrThrow();
    expect(sub).toMatchObject({
      utm_source: 'newsletter',
      utm_medium: 'email',
      utm_campaign: 'spring',
      deal_id: a.dealId,
    });
    const timeline = json<{ data: { summary: string }[] }>(
      await t.app.inject({ method: 'GET', url: `/api/v1/people/${a.personId}/timeline`, headers: admin.headers }),
    );
    expect(timeline.data.map((e) => e.summary)).toContain(
      'Web form "Website contact" submitted (newsletter / email / spring): Please call me about a demo',
    );
    const audit = await db()
      .selectFrom('audit_log')
      .select(['actor_label', 'object'])
      .where('record_id', 'in', [a.personId, a.dealId])
      .execute();
    expect(audit.length).toBeGreaterThanOrEqual(2);
    for (const row of audit) expect(row.actor_label).toMatch(/^Lead form "Website contact"/);
  });

  it('update the person matched by email, else phone, instead of creating another', async () => {
    const f = await createForm();
    const first = json<Accepted>(await submit(f.id, { firstName: 'Grace', email: 'grace@example.com' }));
    const before = await counts();
    const again = await submit(f.id, {
      firstName: 'Grace',
      lastName: 'Hopper',
      email: 'GRACE@example.com',
      phone: '+44 20 7946 0001',
    });
    expect(again.statusCode).toBe(201);
    const a = json<Accepted>(again);
    expect(a).toMatchObject({ personId: first.personId, personCreated: false });
    const byPhone = json<Accepted>(await submit(f.id, { firstName: 'G', phone: '+442079460001' }));
    expect(byPhone).toMatchObject({ personId: first.personId, personCreated: false });
    const after = await counts();
    expect(after.people).toBe(before.people);
    expect(after.deals).toBe(before.deals + 2);
    const person = json<{ lastName: string; phones: { number: string }[]; firstName: string }>(
      await t.app.inject({ method: 'GET', url: `/api/v1/people/${first.personId}`, headers: admin.headers }),
    );
    expect(person).toMatchObject({ firstName: 'Grace', lastName: 'Hopper' });
    expect(person.phones.map((p) => p.number)).toEqual(['+442079460001']);
  });

  it('form-encoded redirect (303) to the thank-you page, taking UTM from the posting page', async () => {
    const f = await createForm({ thankYouUrl: 'https://example.com/thanks' });
    const res = await submitForm(
      f.id,
      { firstName: 'Alan', email: 'alan@example.com', message: 'Hello' },
      { referer: 'https://example.com/pricing?utm_source=google&utm_medium=cpc' },
    );
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('https://example.com/thanks');
    const sub = await db()
      .selectFrom('lead_form_submissions')
      .selectAll()
      .where('form_id', '=', f.id)
      .executeTakeFirstOrThrow();
    expect(sub).toMatchObject({ utm_source: 'google', utm_medium: 'cpc', message: 'Hello' });
    const plain = await createForm();
    const res2 = await submitForm(plain.id, { email: 'turing@example.com' });
    expect(res2.statusCode).toBe(303);
    expect(res2.headers.location).toBe(`/api/public/forms/${plain.id}/thanks`);
    const thanks = await t.app.inject({ method: 'GET', url: res2.headers.location as string });
    expect(thanks.statusCode).toBe(200);
    expect(thanks.body).toContain('Thank you');
  });

  it('with the honeypot filled answer as if accepted and store nothing', async () => {
    const f = await createForm({ thankYouUrl: 'https://example.com/thanks' });
    const before = await counts();
    const res = await submit(f.id, { firstName: 'Bot', email: 'bot@example.com', website_url: 'http://spam.example' });
    expect(res.statusCode).toBe(201);
    expect(json<Accepted>(res).dealId).toBeTruthy();
    const res2 = await submitForm(f.id, { email: 'bot2@example.com', website_url: 'x' });
    expect(res2.statusCode).toBe(303);
    expect(res2.headers.location).toBe('https://example.com/thanks');
    expect(await counts()).toEqual(before);
  });

  it('malformed answer 400 naming the field and store nothing', async () => {
    const f = await createForm({ fields: ['firstName', 'email', 'phone', 'country'] });
    const before = await counts();
    const res = await submit(f.id, { firstName: 'Eve', email: 'not-an-email' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(json<Problem>(res)).toMatchObject({ code: 'lead_forms.invalid_submission', status: 400 });
    expect(json<Problem>(res).errors?.map((e) => e.pointer)).toEqual(['/email']);
    const none = await submit(f.id, { firstName: 'Eve' });
    expect(json<Problem>(none).errors?.map((e) => e.pointer)).toEqual(['/email']);
    const phone = await submitForm(f.id, { phone: 'call me', country: 'Atlantis' });
    expect(phone.statusCode).toBe(400);
    expect(json<Problem>(phone).errors?.map((e) => e.pointer)).toEqual(['/country', '/phone']);
    const tooLong = await submit(f.id, { email: `${'a'.repeat(300)}@example.com` });
    expect(tooLong.statusCode).toBe(400);
    const text = await t.app.inject({
      method: 'POST',
      url: `/api/public/forms/${f.id}/submissions`,
      payload: 'email=x@example.com',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.statusCode).toBe(400); // Fastify reads text/plain as a string, which is not a submission
    expect(await counts()).toEqual(before);
    expect(await counts()).toEqual(before);
  });

  it('write the person and the deal in one transaction: a refused deal leaves no person behind', async () => {
    const p = json<{ id: string; stages: { id: string; name: string; probability: number; outcome: string }[] }>(
      await post(admin, '/api/v1/pipelines', {
        name: 'Strict',
        stages: [
          { name: 'Open', probability: 10 },
          { name: 'Won', outcome: 'won' },
          { name: 'Lost', outcome: 'lost' },
        ],
      }),
    );
    const f = await createForm({ pipelineId: p.id, stageId: p.stages[0]!.id });
    // After the form was made, its stage starts requiring an amount, which a submission cannot give.
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/pipelines/${p.id}`,
      headers: admin.headers,
      payload: {
        stages: p.stages.map((s, i) => ({
          id: s.id,
          name: s.name,
          ...(s.outcome === 'open' ? { probability: s.probability } : { outcome: s.outcome }),
          ...(i === 0 ? { requiredFields: ['amount'] } : {}),
        })),
      },
    });
    expect(patched.statusCode).toBe(200);
    const before = await counts();
    const res = await submit(f.id, { firstName: 'Nobody', email: 'nobody@example.com' });
    expect(res.statusCode).toBe(400);
    expect(await counts()).toEqual(before);
  });

  it('go round-robin within a team, or to the user of their country', async () => {
    const f = await createForm({
      fields: ['firstName', 'email', 'country'],
      ownerId: null,
      assignTeamId: teamId,
      assignByCountry: { DE: germanRep.id },
    });
    const owners: string[] = [];
    for (const i of [1, 2, 3]) {
      const a = json<Accepted>(await submit(f.id, { firstName: `Lead ${i}`, email: `rr${i}@example.com` }));
      owners.push(
        json<{ ownerId: string }>(
          await t.app.inject({ method: 'GET', url: `/api/v1/deals/${a.dealId}`, headers: admin.headers }),
        ).ownerId,
      );
    }
    const pair = [rep1.id, rep2.id].sort();
    expect(owners).toEqual([pair[0], pair[1], pair[0]]);
    const de = json<Accepted>(await submit(f.id, { firstName: 'Hans', email: 'hans@example.de', country: 'Germany' }));
    const deal = json<{ ownerId: string }>(
      await t.app.inject({ method: 'GET', url: `/api/v1/deals/${de.dealId}`, headers: admin.headers }),
    );
    expect(deal.ownerId).toBe(germanRep.id);
  });

  it('are rate-limited per address (429)', async () => {
    const f = await createForm();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      statuses.push((await submit(f.id, { firstName: 'Spam', email: 'not-an-email' }, {})).statusCode);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(400));
    expect(statuses[10]).toBe(429);
    const limited = await submit(f.id, { email: 'late@example.com' });
    expect(limited.statusCode).toBe(429);
    expect(json<Problem>(limited).code).toBe('request.rate_limited');
  });
});
