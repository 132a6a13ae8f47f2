import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, json, login, type Session, type TestContext, testApp } from '../../test/harness.ts';
import { lineTotalMinor } from './products.service.ts';

let t: TestContext;
let admin: Session;
let north: Session;
let south: Session;
let pipelineId: string;

interface Money {
  amountMinor: number;
  currency: string;
}
interface ProductDto {
  id: string;
  name: string;
  sku: string;
  unitPrice: Money;
  active: boolean;
  version: number;
}
interface LinesDto {
  dealId: string;
  lines: { id: string; productId: string | null; description: string; quantity: number; total: Money }[];
  total: Money | null;
  dealVersion: number;
}
interface Problem {
  code: string;
  status: number;
  errors?: { pointer: string }[];
}

const send = (
  s: Session,
  method: 'POST' | 'PATCH' | 'PUT' | 'GET' | 'DELETE',
  url: string,
  payload?: object,
  version?: number,
) =>
  t.app.inject({
    method,
    url,
    headers: version === undefined ? s.headers : { ...s.headers, 'if-match': `"${version}"` },
    ...(payload ? { payload } : {}),
  });
const product = async (payload: object): Promise<ProductDto> => {
  const res = await send(admin, 'POST', '/api/v1/products', payload);
  if (res.statusCode !== 201) throw new Error(`create product: ${res.statusCode} ${res.body}`);
  return json<ProductDto>(res);
};
const deal = async (s: Session, payload: object = {}): Promise<{ id: string; version: number }> => {
  const res = await send(s, 'POST', '/api/v1/deals', { name: 'Deal', pipelineId, ...payload });
  if (res.statusCode !== 201) throw new Error(`create deal: ${res.statusCode} ${res.body}`);
  return json(res);
};

beforeAll(async () => {
  t = await testApp();
  admin = await login(t.app, (await createUser(t.services, 'admin', 'North')).email);
  north = await login(t.app, (await createUser(t.services, 'sales', 'North')).email);
  south = await login(t.app, (await createUser(t.services, 'sales', 'South')).email);
  pipelineId = json<{ id: string }>(
    await send(admin, 'POST', '/api/v1/pipelines', {
      name: 'New business',
      stages: [
        { name: 'Qualified', probability: 20 },
        { name: 'Won', outcome: 'won' },
        { name: 'Lost', outcome: 'lost' },
      ],
    }),
  ).id;
});
afterAll(() => t.close());

describe('the price list', () => {
  it('adds, reads, changes and removes products; sales reads them but may not change them', async () => {
    const p = await product({
      name: 'Support plan',
      sku: 'SUP-1',
      unitPrice: { amountMinor: 12_000, currency: 'EUR' },
    });
    expect(p).toMatchObject({ name: 'Support plan', sku: 'SUP-1', active: true, unitPrice: { amountMinor: 12_000 } });
    const list = json<{ data: ProductDto[] }>(await send(north, 'GET', '/api/v1/products?q=sup'));
    expect(list.data.map((x) => x.id)).toContain(p.id);
    expect(
      (
        await send(north, 'POST', '/api/v1/products', {
          name: 'X',
          sku: 'X',
          unitPrice: { amountMinor: 1, currency: 'EUR' },
        })
      ).statusCode,
    ).toBe(403);
    expect((await send(north, 'PATCH', `/api/v1/products/${p.id}`, { name: 'Y' })).statusCode).toBe(403);

    const stale = await send(admin, 'PATCH', `/api/v1/products/${p.id}`, { active: false }, p.version + 1);
    expect(stale.statusCode).toBe(412);
    const off = await send(admin, 'PATCH', `/api/v1/products/${p.id}`, { active: false }, p.version);
    expect(off.statusCode).toBe(200);
    expect(json<ProductDto>(off)).toMatchObject({ active: false, version: p.version + 1 });
    expect(
      json<{ data: ProductDto[] }>(await send(north, 'GET', '/api/v1/products')).data.map((x) => x.id),
    ).not.toContain(p.id);
    expect(
      json<{ data: ProductDto[] }>(await send(north, 'GET', '/api/v1/products?includeInactive=true')).data.map(
        (x) => x.id,
      ),
    ).toContain(p.id);

    expect((await send(admin, 'DELETE', `/api/v1/products/${p.id}`)).statusCode).toBe(204);
    expect((await send(north, 'GET', `/api/v1/products/${p.id}`)).statusCode).toBe(404);
  });

  it('refuses a taken SKU (409 naming /sku), an unknown currency and a negative price, storing nothing', async () => {
    await product({ name: 'Licence', sku: 'LIC-1', unitPrice: { amountMinor: 5_000, currency: 'EUR' } });
    const taken = await send(admin, 'POST', '/api/v1/products', {
      name: 'Other',
      sku: 'LIC-1',
      unitPrice: { amountMinor: 1, currency: 'EUR' },
    });
    expect(taken.statusCode).toBe(409);
    expect(json<Problem>(taken)).toMatchObject({ code: 'products.sku_taken', errors: [{ pointer: '/sku' }] });
    const currency = await send(admin, 'POST', '/api/v1/products', {
      name: 'Other',
      sku: 'OTH',
      unitPrice: { amountMinor: 1, currency: 'XYZ' },
    });
    expect(currency.statusCode).toBe(422);
    expect(json<Problem>(currency).errors?.map((e) => e.pointer)).toEqual(['/unitPrice/currency']);
    const negative = await send(admin, 'POST', '/api/v1/products', {
      name: 'Other',
      sku: 'OTH',
      unitPrice: { amountMinor: -1, currency: 'EUR' },
    });
    expect(negative.statusCode).toBe(400);
    const all = json<{ data: ProductDto[] }>(await send(admin, 'GET', '/api/v1/products?includeInactive=true')).data;
    expect(all.filter((p) => p.name === 'Other')).toEqual([]);
  });
});

describe('deal lines', () => {
  it("compute the deal's amount, audited and on its history; If-Match guards the deal", async () => {
    const p = await product({
      name: 'Consulting day',
      sku: 'CONS-D',
      unitPrice: { amountMinor: 80_000, currency: 'EUR' },
    });
    const d = await deal(north, { amount: { amountMinor: 1, currency: 'EUR' } });
    const stale = await send(north, 'PUT', `/api/v1/deals/${d.id}/lines`, { lines: [] }, d.version + 5);
    expect(stale.statusCode).toBe(412);
    const res = await send(
      north,
      'PUT',
      `/api/v1/deals/${d.id}/lines`,
      {
        lines: [
          { productId: p.id, quantity: 2.5, discountPercent: 10 },
          { description: 'Travel', quantity: 1, unitPrice: { amountMinor: 333, currency: 'EUR' }, discountPercent: 50 },
        ],
      },
      d.version,
    );
    expect(res.statusCode).toBe(200);
    const lines = json<LinesDto>(res);
    // 2.5 × 800.00 × 0.9 = 1,800.00; 1 × 3.33 × 0.5 = 1.665 → 1.67 (half up)
    expect(lines.lines.map((l) => l.total.amountMinor)).toEqual([180_000, 167]);
    expect(lines.lines[0]).toMatchObject({ productId: p.id, description: 'Consulting day', quantity: 2.5 });
    expect(lines.total).toEqual({ amountMinor: 180_167, currency: 'EUR' });
    expect(res.headers.etag).toBe(`"${lines.dealVersion}"`);
    const got = json<{ amount: Money; version: number }>(await send(north, 'GET', `/api/v1/deals/${d.id}`));
    expect(got.amount).toEqual({ amountMinor: 180_167, currency: 'EUR' });
    expect(got.version).toBe(lines.dealVersion);
    const history = json<{ data: { changes: Record<string, unknown> }[] }>(
      await send(north, 'GET', `/api/v1/deals/${d.id}/history`),
    );
    expect(history.data.some((h) => 'amount' in h.changes)).toBe(true);
    expect(history.data.some((h) => 'lines' in h.changes)).toBe(true);
    expect(json<LinesDto>(await send(north, 'GET', `/api/v1/deals/${d.id}/lines`)).lines).toHaveLength(2);
    // While it has lines, the deal's amount is theirs: another amount is refused, the same one passes.
    const other = await send(north, 'PATCH', `/api/v1/deals/${d.id}`, { amount: { amountMinor: 1, currency: 'EUR' } });
    expect(other.statusCode).toBe(422);
    expect(json<Problem>(other).errors?.map((e) => e.pointer)).toEqual(['/amount']);
    const same = await send(north, 'PATCH', `/api/v1/deals/${d.id}`, {
      amount: { amountMinor: 180_167, currency: 'EUR' },
      nextStep: 'Send the quote',
    });
    expect(same.statusCode).toBe(200);
  });

  it('refuses a line in another currency (400 naming it) and changes nothing', async () => {
    const usd = await product({
      name: 'US licence',
      sku: 'LIC-US',
      unitPrice: { amountMinor: 1_000, currency: 'USD' },
    });
    const d = await deal(north, { amount: { amountMinor: 5_000, currency: 'EUR' } });
    const res = await send(north, 'PUT', `/api/v1/deals/${d.id}/lines`, {
      lines: [
        { description: 'Setup', quantity: 1, unitPrice: { amountMinor: 100, currency: 'EUR' } },
        { productId: usd.id, quantity: 1 },
        { description: 'Extra', quantity: 1, unitPrice: { amountMinor: 100, currency: 'GBP' } },
        { description: 'Odd', quantity: 1.0001, unitPrice: { amountMinor: 100, currency: 'EUR' } },
      ],
    });
    expect(res.statusCode).toBe(400);
    expect(json<Problem>(res)).toMatchObject({ code: 'deals.lines_invalid' });
    expect(json<Problem>(res).errors?.map((e) => e.pointer)).toEqual([
      '/lines/1/productId',
      '/lines/2/unitPrice/currency',
      '/lines/3/quantity',
    ]);
    const got = json<{ amount: Money; version: number }>(await send(north, 'GET', `/api/v1/deals/${d.id}`));
    expect(got).toMatchObject({ amount: { amountMinor: 5_000, currency: 'EUR' }, version: d.version });
    expect(json<LinesDto>(await send(north, 'GET', `/api/v1/deals/${d.id}/lines`)).lines).toEqual([]);
  });

  it('are out of reach of a user who may not see the deal (404)', async () => {
    const d = await deal(north);
    expect((await send(south, 'GET', `/api/v1/deals/${d.id}/lines`)).statusCode).toBe(404);
    const put = await send(south, 'PUT', `/api/v1/deals/${d.id}/lines`, {
      lines: [{ description: 'X', quantity: 1, unitPrice: { amountMinor: 1, currency: 'EUR' } }],
    });
    expect(put.statusCode).toBe(404);
  });

  it('always make the amount the sum of the rounded line totals (property)', async () => {
    const d = await deal(north);
    let version = d.version;
    const line = fc.record({
      quantity: fc.integer({ min: 1, max: 1_000_000 }).map((n) => n / 1000),
      amountMinor: fc.integer({ min: 0, max: 10_000_000 }),
      discountPercent: fc.integer({ min: 0, max: 10_000 }).map((n) => n / 100),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 6 }), async (ls) => {
        const res = await send(
          north,
          'PUT',
          `/api/v1/deals/${d.id}/lines`,
          {
            lines: ls.map((l, i) => ({
              description: `Line ${i}`,
              quantity: l.quantity,
              unitPrice: { amountMinor: l.amountMinor, currency: 'EUR' },
              discountPercent: l.discountPercent,
            })),
          },
          version,
        );
        expect(res.statusCode).toBe(200);
        const body = json<LinesDto>(res);
        version = body.dealVersion;
        const expected = ls.map((l) => {
          // Independent of the service: exact decimal arithmetic on integers, rounded half up.
          const q = BigInt(Math.round(l.quantity * 1000));
          const dbp = BigInt(Math.round(l.discountPercent * 100));
          const exact = q * BigInt(l.amountMinor) * (10_000n - dbp); // in 10^-7 minor units
          const whole = exact / 10_000_000n;
          return Number(exact % 10_000_000n >= 5_000_000n ? whole + 1n : whole);
        });
        expect(body.lines.map((l) => l.total.amountMinor)).toEqual(expected);
        const sum = expected.reduce((a, b) => a + b, 0);
        const got = json<{ amount: Money }>(await send(north, 'GET', `/api/v1/deals/${d.id}`));
        expect(got.amount).toEqual({ amountMinor: sum, currency: 'EUR' });
      }),
      { numRuns: 25 },
    );
  });

  it('rounds half up exactly at the boundary', () => {
    expect(lineTotalMinor(1000, 1, 5000)).toBe(1); // 0.5 → 1
    expect(lineTotalMinor(1500, 1, 0)).toBe(2); // 1.5 → 2
    expect(lineTotalMinor(1000, 3, 5000)).toBe(2); // 1.5 → 2
    expect(lineTotalMinor(1, 499, 0)).toBe(0); // 0.499 → 0
  });
});
