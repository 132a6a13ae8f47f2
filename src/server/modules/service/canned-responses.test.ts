import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANNED_PLACEHOLDERS, fillPlaceholders, unknownPlaceholders } from '../../../shared/canned-responses.ts';
import { createUser, json, login, type Session, type TestContext, testApp } from '../../test/harness.ts';

interface Canned {
  id: string;
  name: string;
  body: string;
}
interface Problem {
  code: string;
  errors?: { pointer: string; detail: string }[];
}

let t: TestContext;
let agent: Session;
let viewer: Session;

const call = (s: Session, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: s.headers, ...(payload ? { payload } : {}) });

beforeAll(async () => {
  t = await testApp();
  agent = await login(t.app, (await createUser(t.services, 'service', 'North')).email);
  viewer = await login(t.app, (await createUser(t.services, 'read-only', 'North')).email);
});
afterAll(() => t.close());

describe('canned responses', () => {
  it('are created, listed by name, changed and removed by agents, with each change audited', async () => {
    const made = await call(agent, 'POST', '/canned-responses', {
      name: 'Thanks',
      body: 'Hello {{person.firstName}},\n\nThanks for writing about {{ case.reference }}.\n\n{{agent.name}}',
    });
    expect(made.statusCode).toBe(201);
    const c = json<Canned>(made);
    await call(agent, 'POST', '/canned-responses', { name: 'Apology', body: 'Sorry!' });
    const list = json<{ data: Canned[] }>(await call(viewer, 'GET', '/canned-responses')).data;
    expect(list.map((r) => r.name)).toEqual(['Apology', 'Thanks']);

    const changed = await call(agent, 'PATCH', `/canned-responses/${c.id}`, { name: 'Thank you' });
    expect(changed.statusCode).toBe(200);
    expect(json<Canned>(changed)).toMatchObject({ name: 'Thank you', body: c.body });
    expect((await call(agent, 'DELETE', `/canned-responses/${c.id}`)).statusCode).toBe(204);
    expect((await call(agent, 'DELETE', `/canned-responses/${c.id}`)).statusCode).toBe(404);
    expect((await call(agent, 'PATCH', `/canned-responses/${c.id}`, { name: 'x' })).statusCode).toBe(404);

    const audit = await t.db.database.db
      .selectFrom('audit_log')
      .select(['action'])
      .where('object', '=', 'canned_responses')
      .where('record_id', '=', c.id)
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['create', 'delete', 'update']);
  });

  it('refuses an unknown placeholder at save time, naming it', async () => {
    const bad = await call(agent, 'POST', '/canned-responses', {
      name: 'Typo',
      body: 'Hi {{persn.firstName}}, about {{case.reference}} and {{ticket.id}}',
    });
    expect(bad.statusCode).toBe(422);
    const p = json<Problem>(bad);
    expect(p.code).toBe('canned_responses.unknown_placeholder');
    expect(p.errors?.map((e) => e.detail)).toEqual([
      '{{persn.firstName}} is not a placeholder',
      '{{ticket.id}} is not a placeholder',
    ]);
    const ok = json<Canned>(await call(agent, 'POST', '/canned-responses', { name: 'Fine', body: 'Hi' }));
    const badPatch = await call(agent, 'PATCH', `/canned-responses/${ok.id}`, { body: '{{agent.email}}' });
    expect(badPatch.statusCode).toBe(422);
  });

  it('may be read by anyone who reads cases, and managed only by those who answer them', async () => {
    expect((await call(viewer, 'POST', '/canned-responses', { name: 'x', body: 'y' })).statusCode).toBe(403);
  });
});

describe('placeholders', () => {
  it('fill every known placeholder and leave unknown text alone', () => {
    const values = {
      'person.firstName': 'Ada',
      'person.lastName': 'Lovelace',
      'person.name': 'Ada Lovelace',
      'case.reference': 'C-1042',
      'case.subject': 'Printer',
      'agent.name': 'Grace',
    };
    expect(fillPlaceholders('Hi {{person.firstName}} ({{ case.reference }}) – {{agent.name}}', values)).toBe(
      'Hi Ada (C-1042) – Grace',
    );
    expect(fillPlaceholders('{{person.firstName}}', {})).toBe('');
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...CANNED_PLACEHOLDERS)), fc.string(), (names, text) => {
        const clean = text.replace(/[{}]/g, '');
        const body = names.map((n) => `${clean}{{${n}}}`).join('');
        expect(unknownPlaceholders(body)).toEqual([]);
        expect(fillPlaceholders(body, values)).toBe(names.map((n) => `${clean}${values[n]}`).join(''));
      }),
    );
  });
});
