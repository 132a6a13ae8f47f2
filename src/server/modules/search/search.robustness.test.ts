import { fc, test } from '@fast-check/vitest';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { createUser, login, type Session, type TestContext, testApp } from '../../test/harness.ts';

let t: TestContext;
let s: Session;

beforeAll(async () => {
  t = await testApp();
  s = await login(t.app, (await createUser(t.services, 'admin', 'North')).email);
  await t.app.inject({
    method: 'POST',
    url: '/api/v1/people',
    headers: s.headers,
    payload: { firstName: 'Seán', lastName: "O'Brien-de Jong" },
  });
});
afterAll(() => t.close());

describe('search input', () => {
  test.prop([fc.string({ maxLength: 40 })], { numRuns: 60 })(
    'whatever is typed, search answers 200 or a 400 problem, never 500',
    async (q) => {
      const res = await t.app.inject({ url: `/api/v1/search?q=${encodeURIComponent(q)}`, headers: s.headers });
      expect([200, 400]).toContain(res.statusCode);
    },
  );

  test.prop([fc.constantFrom('de ', "o'b", 'a:b', 'x & y', '!!', '(de', 'jong|', '"o', '\\', '  ')])(
    'tsquery/FTS syntax in the query is harmless',
    async (q) => {
      const res = await t.app.inject({ url: `/api/v1/search?q=${encodeURIComponent(q)}`, headers: s.headers });
      expect(res.statusCode).toBe(200);
    },
  );
});
