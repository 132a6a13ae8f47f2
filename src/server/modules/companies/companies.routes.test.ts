import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, json, login, type Session, type TestContext, testApp } from '../../test/harness.ts';

let t: TestContext;
let admin: Session;
let sales: Session;

beforeAll(async () => {
  t = await testApp();
  admin = await login(t.app, (await createUser(t.services, 'admin', 'North')).email);
  sales = await login(t.app, (await createUser(t.services, 'sales', 'North')).email);
});
afterAll(() => t.close());

describe('companies over HTTP', () => {
  it('creates, reads with ETag, patches with If-Match, lists people, and hides creditLimit from sales', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/companies',
      headers: admin.headers,
      payload: { name: 'Acme', domain: 'acme.example', creditLimit: { amountMinor: 1000, currency: 'GBP' } },
    });
    expect(res.statusCode).toBe(201);
    const c = json<{ id: string; creditLimit: unknown }>(res);
    expect(res.headers.location).toBe(`/api/v1/companies/${c.id}`);
    expect(res.headers.etag).toBe('"1"');
    expect(c.creditLimit).toEqual({ amountMinor: 1000, currency: 'GBP' });

    const forSales = await t.app.inject({ url: `/api/v1/companies/${c.id}`, headers: sales.headers });
    expect(forSales.statusCode).toBe(200);
    expect(json(forSales)).not.toHaveProperty('creditLimit');

    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/companies',
      headers: admin.headers,
      payload: { name: 'X', domain: 'nope' },
    });
    expect(bad.statusCode).toBe(422);
    expect(json<{ errors: { pointer: string }[] }>(bad).errors.map((e) => e.pointer)).toEqual(['/domain']);

    const stale = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/companies/${c.id}`,
      headers: { ...admin.headers, 'if-match': '"7"' },
      payload: { industry: 'Tools' },
    });
    expect(stale.statusCode).toBe(412);
    const ok = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/companies/${c.id}`,
      headers: { ...admin.headers, 'if-match': '"1"' },
      payload: { industry: 'Tools' },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers.etag).toBe('"2"');

    await t.app.inject({
      method: 'POST',
      url: '/api/v1/people',
      headers: admin.headers,
      payload: { firstName: 'Ann', companyId: c.id },
    });
    const ppl = await t.app.inject({ url: `/api/v1/companies/${c.id}/people`, headers: admin.headers });
    expect(ppl.statusCode).toBe(200);
    expect(json<{ data: { firstName: string }[]; total: number }>(ppl)).toMatchObject({
      total: 1,
      data: [{ firstName: 'Ann' }],
    });

    const csv = await t.app.inject({ url: '/api/v1/companies/export.csv', headers: sales.headers });
    expect(csv.statusCode).toBe(200);
    expect(csv.body.split('\n')[0]).not.toContain('creditLimit');

    const hist = await t.app.inject({ url: `/api/v1/companies/${c.id}/history`, headers: admin.headers });
    expect(json<{ data: unknown[] }>(hist).data).toHaveLength(2);

    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/v1/companies/${c.id}`, headers: admin.headers })).statusCode,
    ).toBe(204);
    expect((await t.app.inject({ url: `/api/v1/companies/${c.id}`, headers: sales.headers })).statusCode).toBe(404);
    expect(
      (await t.app.inject({ method: 'POST', url: `/api/v1/companies/${c.id}/restore`, headers: admin.headers }))
        .statusCode,
    ).toBe(200);
  });
});

describe('companies export', () => {
  it('exports every column the list offers, contact facts included', async () => {
    const aliases: Record<string, string> = { ownerId: 'owner', teamId: 'team', parentId: 'parent' };
    for (const who of [admin, sales]) {
      const offered = json<{ data: { key: string }[] }>(
        await t.app.inject({ url: '/api/v1/meta/fields?object=companies', headers: who.headers }),
      ).data.map((f) => f.key);
      const columns = offered.filter((k) => k !== 'name').map((k) => aliases[k] ?? k);
      expect(columns).toEqual(expect.arrayContaining(['lastContactAt', 'contactDueAt', 'valueTier', 'flags']));
      const res = await t.app.inject({
        url: `/api/v1/companies/export.csv?columns=${['name', ...columns].join(',')}`,
        headers: who.headers,
      });
      expect(res.statusCode).toBe(200);
      expect(res.body.split('\n')[0]!.split(',')).toEqual(['name', ...columns]);
    }
    const c = json<{ id: string }>(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/companies',
        headers: admin.headers,
        payload: { name: 'Exported Contact Ltd', valueTier: 'A', flags: ['vip'] },
      }),
    );
    const at = new Date(Date.now() - 86_400_000).toISOString();
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/activities',
      headers: admin.headers,
      payload: {
        type: 'call',
        subject: 'Rang',
        companyId: c.id,
        occurredAt: at,
        direction: 'out',
        outcome: 'connected',
      },
    });
    const res = await t.app.inject({
      url: `/api/v1/companies/export.csv?filter=${encodeURIComponent('flags:eq:vip')}&columns=name,lastContactAt,valueTier,flags`,
      headers: admin.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body.trim().split('\n')[1]).toBe(`Exported Contact Ltd,${at},A,vip`);
  });
});
