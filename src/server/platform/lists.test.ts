import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, json, login, type Session, type TestContext, testApp } from '../test/harness.ts';
import { encodeCursor } from './lists.ts';

interface ProblemBody {
  code: string;
  errors?: { pointer: string; detail: string; in?: string }[];
}
interface Page {
  data: { id: string; name?: string; firstName?: string }[];
  nextCursor: string | null;
  total: number;
}

let t: TestContext;
let s: Session;

beforeAll(async () => {
  t = await testApp();
  s = await login(t.app, (await createUser(t.services, 'admin', 'North')).email);
});
afterAll(() => t.close());

const get = (url: string) => t.app.inject({ url, headers: s.headers });
const send = (method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: s.headers, ...(payload ? { payload } : {}) });

function expectBadQuery(res: Awaited<ReturnType<typeof get>>, pointer: string): ProblemBody {
  expect(res.statusCode, res.body).toBe(400);
  expect(res.headers['content-type']).toContain('application/problem+json');
  const body = json<ProblemBody>(res);
  expect(body.errors?.map((e) => e.pointer)).toContain(pointer);
  return body;
}

describe('hand-made cursors', () => {
  beforeAll(async () => {
    for (const [name, amountMinor] of [
      ['Cursor A', 100],
      ['Cursor B', 200],
      ['Cursor C', 300],
    ] as const) {
      expect(
        (await send('POST', '/api/v1/companies', { name, creditLimit: { amountMinor, currency: 'EUR' } })).statusCode,
      ).toBe(201);
    }
  });

  it('a cursor whose value does not fit the sort answers 400 naming cursor', async () => {
    for (const [sort, value] of [
      ['creditLimit', 'not a number'],
      ['creditLimit', 1.5],
      ['creditLimit', 1e20],
      ['creditLimit', true],
      ['name', 42],
      ['-updatedAt', 7],
    ] as const) {
      const cursor = Buffer.from(JSON.stringify([value, '0192'])).toString('base64url');
      const body = expectBadQuery(await get(`/api/v1/companies?sort=${sort}&cursor=${cursor}`), '/cursor');
      expect(body.code).toBe('list.invalid_query');
    }
    expectBadQuery(await get(`/api/v1/people?sort=lastName&cursor=${encodeCursor(3, 'x')}`), '/cursor');
  });

  it('the cursors the server issues still page through a numeric sort', async () => {
    const first = json<Page>(await get('/api/v1/companies?sort=creditLimit&limit=2&filter=name:startsWith:Cursor'));
    expect(first.data.map((c) => c.name)).toEqual(['Cursor A', 'Cursor B']);
    const res = await get(
      `/api/v1/companies?sort=creditLimit&limit=2&filter=name:startsWith:Cursor&cursor=${first.nextCursor}`,
    );
    expect(res.statusCode).toBe(200);
    expect(json<Page>(res).data.map((c) => c.name)).toEqual(['Cursor C']);
  });
});

describe('number filters', () => {
  it('a money filter past any bound or not whole answers 400 naming the filter', async () => {
    for (const value of ['1e20', '9007199254740993', '1.5', '-1e20']) {
      const body = expectBadQuery(await get(`/api/v1/companies?filter=creditLimit:gt:${value}`), '/filter/0');
      expect(body.errors?.[0]?.detail).toMatch(/creditLimit takes/);
    }
    expectBadQuery(await get('/api/v1/companies?filter=creditLimit:in:1|1e20'), '/filter/0/1');
    const ok = await get('/api/v1/companies?filter=creditLimit:gte:200&filter=name:startsWith:Cursor');
    expect(ok.statusCode).toBe(200);
    expect(json<Page>(ok).total).toBe(2);
  });

  it('contains and startsWith on a number answer 400 instead of reaching the database', async () => {
    expectBadQuery(await get('/api/v1/companies?filter=creditLimit:contains:1'), '/filter/0');
    expectBadQuery(await get('/api/v1/companies?filter=creditLimit:startsWith:1'), '/filter/0');
  });
});

describe('a custom field deleted and re-created with another type', () => {
  it('filters and sorts on the new type, ignoring values the old field left behind', async () => {
    const text = json<{ id: string }>(
      await send('POST', '/api/v1/custom-fields', { object: 'people', key: 'size', label: 'Size', type: 'text' }),
    );
    expect(
      (await send('POST', '/api/v1/people', { firstName: 'Old', lastName: 'Size', customFields: { size: 'large' } }))
        .statusCode,
    ).toBe(201);
    expect((await send('DELETE', `/api/v1/custom-fields/${text.id}`)).statusCode).toBe(204);
    const created = await send('POST', '/api/v1/custom-fields', {
      object: 'people',
      key: 'size',
      label: 'Size',
      type: 'number',
    });
    expect(created.statusCode).toBe(201);
    expect(
      (await send('POST', '/api/v1/people', { firstName: 'New', lastName: 'Size', customFields: { size: 12.5 } }))
        .statusCode,
    ).toBe(201);

    for (const filter of ['cf.size:gt:10', 'cf.size:eq:12.5', 'cf.size:in:12.5|3', 'cf.size:notEmpty']) {
      const res = await get(`/api/v1/people?filter=${encodeURIComponent(filter)}`);
      expect(res.statusCode, `${filter} ${res.body}`).toBe(200);
      expect(json<Page>(res).data.map((p) => p.firstName)).toEqual(['New']);
    }
    const sorted = await get('/api/v1/people?sort=-cf.size&limit=1');
    expect(sorted.statusCode).toBe(200);
    const page = json<Page>(sorted);
    expect(page.data.map((p) => p.firstName)).toEqual(['New']);
    const next = await get(`/api/v1/people?sort=-cf.size&limit=1&cursor=${page.nextCursor}`);
    expect(next.statusCode).toBe(200);
    expect(json<Page>(next).data).toHaveLength(1);
  });
});

describe('money amounts are bounded', () => {
  it('a credit limit above 10^15 minor units answers 400 naming amountMinor', async () => {
    for (const amountMinor of [2 ** 53 + 1, 1e20, 1e15 + 1]) {
      const res = await send('POST', '/api/v1/companies', {
        name: 'Huge',
        creditLimit: { amountMinor, currency: 'EUR' },
      });
      expect(res.statusCode).toBe(400);
      expect(json<ProblemBody>(res).errors).toContainEqual({
        pointer: '/creditLimit/amountMinor',
        detail: 'must be <= 1000000000000000',
        in: 'body',
      });
    }
    const max = await send('POST', '/api/v1/companies', {
      name: 'Max',
      creditLimit: { amountMinor: 1e15, currency: 'EUR' },
    });
    expect(max.statusCode).toBe(201);
    expect(json<{ creditLimit: { amountMinor: number } }>(max).creditLimit.amountMinor).toBe(1e15);
  });

  it('custom number and currency values above 10^15 answer 422 naming the field', async () => {
    expect(
      (
        await send('POST', '/api/v1/custom-fields', {
          object: 'companies',
          key: 'budget',
          label: 'B',
          type: 'currency',
        })
      ).statusCode,
    ).toBe(201);
    const res = await send('POST', '/api/v1/companies', { name: 'Big budget', customFields: { budget: 1e20 } });
    expect(res.statusCode).toBe(422);
    expect(json<ProblemBody>(res).errors).toEqual([
      {
        pointer: '/customFields/budget',
        detail: 'must be a whole number of minor units (cents) of at most 10^15',
        in: 'body',
      },
    ]);
  });
});
