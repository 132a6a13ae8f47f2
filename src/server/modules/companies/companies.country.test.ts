/** A company's country is a real ISO 3166-1 code, as for people ("GE" is Georgia; "UK" is no code at all). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, json, login, type Session, type TestContext, testApp } from '../../test/harness.ts';

let t: TestContext;
let s: Session;

beforeAll(async () => {
  t = await testApp();
  s = await login(t.app, (await createUser(t.services, 'admin', null)).email);
});
afterAll(() => t.close());

const create = (payload: object) =>
  t.app.inject({ method: 'POST', url: '/api/v1/companies', headers: s.headers, payload });

describe('company country codes', () => {
  it('accepts any case of a real code and refuses what is not one, naming the field', async () => {
    const ok = await create({ name: 'Tbilisi Tea', address: { country: 'ge' } });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(json<{ address: { country: string } }>(ok).address.country).toBe('GE');
    for (const country of ['UK', 'XX']) {
      const bad = await create({ name: 'Bad', address: { country } });
      expect(bad.statusCode, country).toBe(422);
      expect(json<{ errors: { pointer: string }[] }>(bad).errors.map((e) => e.pointer)).toEqual(['/address/country']);
    }
  });
});
