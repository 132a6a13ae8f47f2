/**
 * A person's country: a real ISO 3166-1 code (the web's picker sends one; "GE" is Georgia, not Germany), and the
 * country their phone numbers are read in when written without a country code (else the workspace's default).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, json, login, type Session, type TestContext, testApp } from '../../test/harness.ts';

let t: TestContext;
let s: Session;

beforeAll(async () => {
  t = await testApp();
  const admin = await createUser(t.services, 'admin', null);
  await t.services.workspace.update(admin.ctx, { defaultCountry: 'GB' });
  s = await login(t.app, admin.email);
});
afterAll(() => t.close());

const create = (payload: object) =>
  t.app.inject({ method: 'POST', url: '/api/v1/people', headers: s.headers, payload });
const patch = (id: string, payload: object) =>
  t.app.inject({ method: 'PATCH', url: `/api/v1/people/${id}`, headers: s.headers, payload });
const pointers = (res: { json: () => unknown }) =>
  (res.json() as { errors: { pointer: string }[] }).errors.map((e) => e.pointer);

describe('phone numbers read in the record country', () => {
  it('uses the address country, else the workspace default', async () => {
    // A US national number: invalid in the workspace's GB, valid for someone whose address is in the US.
    expect((await create({ firstName: 'Gb', phones: [{ number: '(415) 555-0100' }] })).statusCode).toBe(422);
    const us = await create({
      firstName: 'Us',
      address: { city: 'San Francisco', country: 'US' },
      phones: [{ number: '(415) 555-0100' }],
    });
    expect(us.statusCode, us.body).toBe(201);
    expect(json<{ phones: { number: string }[] }>(us).phones).toEqual([{ number: '+14155550100', label: 'work' }]);
    // No address: the workspace's country.
    const gb = await create({ firstName: 'Gb', phones: [{ number: '020 7946 0000' }] });
    expect(json<{ phones: { number: string }[] }>(gb).phones[0]?.number).toBe('+442079460000');
  });

  it('on an update, reads new numbers in the stored address country or the one the same write sets', async () => {
    const de = json<{ id: string }>(await create({ firstName: 'De', address: { country: 'DE' } }));
    const one = await patch(de.id, { phones: [{ number: '030 1234567' }] });
    expect(one.statusCode, one.body).toBe(200);
    expect(json<{ phones: { number: string }[] }>(one).phones[0]?.number).toBe('+49301234567');
    const fr = await patch(de.id, { address: { country: 'FR' }, phones: [{ number: '01 23 45 67 89' }] });
    expect(fr.statusCode, fr.body).toBe(200);
    expect(json<{ phones: { number: string }[] }>(fr).phones[0]?.number).toBe('+33123456789');
    // An international number is read as written, whatever the country.
    const intl = await patch(de.id, { phones: [{ number: '+1 415 555 0100' }] });
    expect(json<{ phones: { number: string }[] }>(intl).phones[0]?.number).toBe('+14155550100');
  });
});

describe('country codes', () => {
  it('accepts any case of a real code and refuses what is not one, naming the field', async () => {
    const ok = await create({ firstName: 'Ge', address: { country: 'ge' } });
    expect(ok.statusCode).toBe(201);
    expect(json<{ address: { country: string } }>(ok).address.country).toBe('GE');
    for (const country of ['XX', 'UK', 'EU']) {
      const bad = await create({ firstName: 'Bad', address: { country } });
      expect(bad.statusCode, country).toBe(422);
      expect(pointers(bad)).toEqual(['/address/country']);
    }
  });
});
