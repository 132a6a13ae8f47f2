import { fc, test } from '@fast-check/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, json, login, type Session, type TestContext, testApp } from '../../test/harness.ts';
import { validateValue } from './custom-fields.service.ts';

let t: TestContext;
let s: Session;

beforeAll(async () => {
  t = await testApp();
  s = await login(t.app, (await createUser(t.services, 'admin', 'North')).email);
});
afterAll(() => t.close());

const define = (payload: object) =>
  t.app.inject({ method: 'POST', url: '/api/v1/custom-fields', headers: s.headers, payload });

describe('custom fields', () => {
  it('admins define fields of every type; values are validated, stored, filtered and sorted', async () => {
    const defs = [
      { object: 'people', key: 'shoeSize', label: 'Shoe size', type: 'number' },
      {
        object: 'people',
        key: 'source',
        label: 'Source',
        type: 'select',
        options: ['web', 'referral', 'event'],
        required: true,
      },
      {
        object: 'people',
        key: 'interests',
        label: 'Interests',
        type: 'multiSelect',
        options: ['golf', 'wine', 'tech'],
      },
      { object: 'people', key: 'birthday', label: 'Birthday', type: 'date' },
      { object: 'people', key: 'newsletter', label: 'Newsletter', type: 'boolean' },
      { object: 'people', key: 'homepage', label: 'Homepage', type: 'url' },
      { object: 'people', key: 'assistantPhone', label: 'Assistant phone', type: 'phone' },
      { object: 'people', key: 'lifetimeValue', label: 'Lifetime value', type: 'currency' },
    ];
    for (const d of defs) expect((await define(d)).statusCode).toBe(201);
    expect((await define(defs[0]!)).statusCode).toBe(409);

    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/people',
      headers: s.headers,
      payload: {
        firstName: 'Cf',
        customFields: {
          shoeSize: 'big',
          interests: ['golf', 'skydiving'],
          birthday: '31/12/1990',
          homepage: 'javascript:alert(1)',
          nope: 1,
        },
      },
    });
    expect(bad.statusCode).toBe(422);
    expect(
      json<{ errors: { pointer: string }[] }>(bad)
        .errors.map((e) => e.pointer)
        .sort(),
    ).toEqual([
      '/customFields/birthday',
      '/customFields/homepage',
      '/customFields/interests',
      '/customFields/nope',
      '/customFields/shoeSize',
      '/customFields/source',
    ]);

    const mk = (first: string, size: number, interests: string[]) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/people',
        headers: s.headers,
        payload: {
          firstName: first,
          lastName: 'Custom',
          customFields: {
            shoeSize: size,
            source: 'web',
            interests,
            newsletter: true,
            assistantPhone: '020 7946 0001',
            lifetimeValue: 12_345,
          },
        },
      });
    const a = await mk('Ann', 38, ['golf']);
    expect(a.statusCode).toBe(201);
    expect(json<{ customFields: Record<string, unknown> }>(a).customFields).toMatchObject({
      shoeSize: 38,
      assistantPhone: '+442079460001',
      interests: ['golf'],
    });
    await mk('Bob', 44, ['wine', 'tech']);
    await mk('Cat', 41, ['tech']);

    const get = async (q: string) =>
      json<{ data: { firstName: string }[] }>(
        await t.app.inject({ url: `/api/v1/people?filter=lastName:eq:Custom&${q}`, headers: s.headers }),
      ).data.map((p) => p.firstName);
    expect(await get('filter=cf.shoeSize:gt:40&sort=cf.shoeSize')).toEqual(['Cat', 'Bob']);
    expect(await get('filter=cf.interests:eq:tech&sort=firstName')).toEqual(['Bob', 'Cat']);
    expect(await get('sort=-cf.shoeSize')).toEqual(['Bob', 'Cat', 'Ann']);
    const fields = json<{ data: { key: string }[] }>(
      await t.app.inject({ url: '/api/v1/meta/fields?object=people', headers: s.headers }),
    ).data;
    expect(fields.map((f) => f.key)).toEqual(expect.arrayContaining(['cf.shoeSize', 'cf.interests', 'cf.source']));
  });

  it('a sales user may read definitions but not change them', async () => {
    const sales = await login(t.app, (await createUser(t.services, 'sales', 'North')).email);
    expect(
      (await t.app.inject({ url: '/api/v1/custom-fields?object=people', headers: sales.headers })).statusCode,
    ).toBe(200);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/custom-fields',
      headers: sales.headers,
      payload: { object: 'people', key: 'x', label: 'X', type: 'text' },
    });
    expect(res.statusCode).toBe(403);
  });
});

describe('validateValue', () => {
  const def = (type: string, options: string[] = []) =>
    ({
      id: 'd',
      object: 'people',
      key: 'k',
      label: 'K',
      type,
      options,
      required: false,
      helpText: null,
      position: 0,
      version: 1,
    }) as Parameters<typeof validateValue>[0];

  test.prop([fc.anything()])('never throws, whatever the input, for every type', (value) => {
    for (const type of [
      'text',
      'longText',
      'number',
      'currency',
      'date',
      'boolean',
      'select',
      'multiSelect',
      'url',
      'email',
      'phone',
    ]) {
      const r = validateValue(def(type, ['a', 'b']), value, 'GB');
      expect(typeof r.ok).toBe('boolean');
    }
  });

  test.prop([fc.array(fc.constantFrom('a', 'b'))])(
    'multi-select keeps only known options, without duplicates',
    (values) => {
      const r = validateValue(def('multiSelect', ['a', 'b']), values, 'GB');
      expect(r.ok).toBe(true);
      if (r.ok && r.value !== null) expect(new Set(r.value as string[]).size).toBe((r.value as string[]).length);
    },
  );
});
