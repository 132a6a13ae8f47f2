import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, json, login, type Session, type TestContext, testApp } from '../test/harness.ts';
import { unsafeStringErrors } from './validation.ts';

interface ProblemBody {
  status: number;
  code: string;
  errors?: { pointer: string; detail: string; in?: string }[];
}

let t: TestContext;
let s: Session;

beforeAll(async () => {
  t = await testApp();
  s = await login(t.app, (await createUser(t.services, 'admin', 'North')).email);
});
afterAll(() => t.close());

const problem = (res: { statusCode: number; headers: Record<string, unknown>; json(): unknown }) => {
  expect(res.headers['content-type']).toContain('application/problem+json');
  return res.json() as ProblemBody;
};

describe('strings no database can store are refused at the edge', () => {
  it('a NUL in a login field answers 400 naming it (and the login still works afterwards)', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'a\u0000@example.com', password: 'x' },
    });
    expect(res.statusCode).toBe(400);
    const body = problem(res);
    expect(body.code).toBe('validation.failed');
    expect(body.errors).toEqual([{ pointer: '/email', detail: 'contains a NUL character (U+0000)', in: 'body' }]);
  });

  it('a NUL nested in a body, a query value and a path parameter each answer 400 naming the field', async () => {
    const body = await t.app.inject({
      method: 'POST',
      url: '/api/v1/people',
      headers: s.headers,
      payload: { firstName: 'Ada', emails: [{ email: 'ada@example.com', label: 'w\u0000rk' }] },
    });
    expect(body.statusCode).toBe(400);
    expect(problem(body).errors).toEqual([
      { pointer: '/emails/0/label', detail: 'contains a NUL character (U+0000)', in: 'body' },
    ]);

    const query = await t.app.inject({ url: '/api/v1/people?q=a%00b', headers: s.headers });
    expect(query.statusCode).toBe(400);
    expect(problem(query).errors).toEqual([
      { pointer: '/q', detail: 'contains a NUL character (U+0000)', in: 'query' },
    ]);

    const params = await t.app.inject({ url: '/api/v1/people/abc%00def', headers: s.headers });
    expect(params.statusCode).toBe(400);
    expect(problem(params).errors).toEqual([
      { pointer: '/id', detail: 'contains a NUL character (U+0000)', in: 'params' },
    ]);
  });

  it('a lone surrogate answers 400 instead of being stored as U+FFFD', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/people',
      headers: { ...s.headers, 'content-type': 'application/json' },
      payload: '{"firstName":"Ada\\ud800","lastName":"Lovelace"}',
    });
    expect(res.statusCode).toBe(400);
    expect(problem(res).errors).toEqual([
      { pointer: '/firstName', detail: 'contains an unpaired UTF-16 surrogate (not valid Unicode)', in: 'body' },
    ]);
    const list = json<{ total: number }>(await t.app.inject({ url: '/api/v1/people?q=Lovelace', headers: s.headers }));
    expect(list.total).toBe(0);
  });

  it('a bad property name is reported on its object; well-formed pairs and ordinary text pass', async () => {
    expect(unsafeStringErrors({ body: { customFields: { 'a\u0000': 1 } } })).toEqual([
      { pointer: '/customFields', detail: 'has a property name that contains a NUL character (U+0000)', in: 'body' },
    ]);
    expect(unsafeStringErrors({ body: { a: ['😀 ß ü 中', { 'x/y~': 'ok' }] }, query: { q: '' } })).toEqual([]);
    expect(unsafeStringErrors({ body: { 'x/y~': '\udc00' } })).toEqual([
      { pointer: '/x~1y~0', detail: 'contains an unpaired UTF-16 surrogate (not valid Unicode)', in: 'body' },
    ]);
  });

  it('walks a deeply nested body without overflowing the stack', () => {
    let deep: unknown = 'a\u0000';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    const errors = unsafeStringErrors({ body: deep });
    expect(errors).toHaveLength(1);
    expect(errors[0]!.pointer.length).toBe(400_000);
  });
});

describe('date-times', () => {
  it('a time JavaScript cannot hold (a leap second) answers 400 naming the parameter', async () => {
    const res = await t.app.inject({ url: '/api/v1/audit?from=2026-12-31T23:59:60Z', headers: s.headers });
    expect(res.statusCode).toBe(400);
    expect(problem(res).errors).toEqual([{ pointer: '/from', detail: 'must match format "date-time"', in: 'query' }]);
    const ok = await t.app.inject({ url: '/api/v1/audit?from=2026-12-31T23:59:59Z', headers: s.headers });
    expect(ok.statusCode).toBe(200);
  });
});

describe('a path that is not valid percent-encoding', () => {
  it('answers a 400 problem with the same security headers as every response', async () => {
    const res = await t.app.inject({ url: '/api/v1/people/%E0%A4%A', headers: s.headers });
    expect(res.statusCode).toBe(400);
    const body = problem(res);
    expect(body.code).toBe('request.bad_url');
    expect(body.errors).toEqual([{ pointer: '', detail: 'is not valid percent-encoded UTF-8', in: 'params' }]);
    const ok = await t.app.inject({ url: '/api/v1/people', headers: s.headers });
    expect(res.headers['content-security-policy']).toBeTruthy();
    for (const h of [
      'content-security-policy',
      'x-content-type-options',
      'strict-transport-security',
      'x-frame-options',
      'cache-control',
    ]) {
      expect(res.headers[h], h).toBe(ok.headers[h]);
    }
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-request-id']).toBe(json<{ requestId: string }>(res).requestId);
  });
});
