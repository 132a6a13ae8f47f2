/**
 * Global search over every kind that declares `search` (deals, cases, articles, orders, invoices besides people and
 * companies): each found by what its declaration indexes, shown with the title and subtitle it declares, within the
 * reader's permission, record visibility and field rules, and left out while its module is off. Orders and invoices
 * arrive through the ERP sync, whose documents follow the rows (created, then deleted in the ERP).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, json, login, type Session, type TestContext, type TestUser, testApp } from '../../test/harness.ts';

let t: TestContext;
let admin: TestUser;
let salesNorth: TestUser;
let salesSouth: TestUser;
let s: Session;
let sn: Session;
let ss: Session;
let peopleOnly: Session;
let noSource: Session;
let erp: { authorization: string };
const ids: Record<string, string> = {};
let reference = '';

interface Hit {
  kind: string;
  id: string;
  title: string;
  subtitle: string | null;
  card: { kind: string; id: string; name: string; owner: { id: string } | null; company: { id: string } | null };
}

const find = async (session: Session, q: string, extra = ''): Promise<Hit[]> => {
  const res = await t.app.inject({
    url: `/api/v1/search?q=${encodeURIComponent(q)}${extra}`,
    headers: session.headers,
  });
  if (res.statusCode !== 200) throw new Error(`search ${q}: ${res.statusCode} ${res.body}`);
  return json<{ data: Hit[] }>(res).data;
};
const keys = (hits: Hit[]) => hits.map((h) => `${h.kind}:${h.id}`);
const post = async (session: Session | { headers: Record<string, string> }, url: string, payload: object) => {
  const res = await t.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: session.headers, payload });
  if (res.statusCode >= 300) throw new Error(`POST ${url}: ${res.statusCode} ${res.body}`);
  return json<{ id: string; reference?: string }>(res);
};
const sync = async (kind: string, records: object[]) => {
  const res = await t.app.inject({ method: 'PUT', url: `/api/v1/erp/${kind}`, headers: erp, payload: { records } });
  if (res.statusCode !== 200) throw new Error(`sync ${kind}: ${res.statusCode} ${res.body}`);
};
const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1) + minutes * 60_000).toISOString();

beforeAll(async () => {
  t = await testApp();
  admin = await createUser(t.services, 'admin', 'North');
  salesNorth = await createUser(t.services, 'sales', 'North');
  salesSouth = await createUser(t.services, 'sales', 'South');
  await t.services.identity.createRole(admin.ctx, {
    key: 'people-only',
    name: 'People only',
    policy: { objects: { people: ['read'] }, visibility: { people: 'all' }, fields: {} },
  });
  // Reads every deal, but not where a deal came from.
  await t.services.identity.createRole(admin.ctx, {
    key: 'no-source',
    name: 'Deals without source',
    policy: { objects: { deals: ['read'] }, visibility: { deals: 'all' }, fields: { deals: { source: 'hidden' } } },
  });
  s = await login(t.app, admin.email);
  sn = await login(t.app, salesNorth.email);
  ss = await login(t.app, salesSouth.email);
  peopleOnly = await login(t.app, (await createUser(t.services, 'people-only', 'North')).email);
  noSource = await login(t.app, (await createUser(t.services, 'no-source', 'North')).email);
  const north = salesNorth.actor.teamIds[0]!;
  const south = salesSouth.actor.teamIds[0]!;

  ids.acme = (await t.services.companies.create(admin.ctx, { name: 'Acme Corp', teamId: north })).id;
  const pipelineId = (
    await post(s, '/pipelines', {
      name: 'Search',
      stages: [
        { name: 'Proposal', probability: 40 },
        { name: 'Won', outcome: 'won' },
        { name: 'Lost', outcome: 'lost' },
      ],
    })
  ).id;
  ids.north = (
    await t.services.deals.create(admin.ctx, {
      name: 'Zephyr renewal',
      pipelineId,
      companyId: ids.acme,
      amount: { amountMinor: 1_240_000, currency: 'EUR' },
      source: 'Quokkacon',
      ownerId: salesNorth.id,
      teamId: north,
    })
  ).id;
  ids.south = (
    await t.services.deals.create(admin.ctx, {
      name: 'Zephyr expansion',
      pipelineId,
      ownerId: salesSouth.id,
      teamId: south,
    })
  ).id;
  const kase = await t.services.cases.create(admin.ctx, {
    subject: 'Printer jam on floor nine',
    channel: 'phone',
    companyId: ids.acme,
  });
  ids.case = kase.id;
  reference = kase.reference;
  ids.article = (await post(s, '/articles', { title: 'Reset a forgotten password', category: 'Accounts' })).id;

  const token = await t.services.identity.createToken(admin.ctx, {
    name: 'ERP',
    scopes: { companies: 'write', orders: 'write', invoices: 'write', payments: 'write' },
    expiresInDays: 30,
  });
  erp = { authorization: `Bearer ${token.token}` };
  await sync('companies', [{ externalId: 'C-88', name: 'Northwind Traders', updatedAt: at(1) }]);
  await sync('orders', [
    {
      externalId: 'SO-10023',
      companyExternalId: 'C-88',
      number: 'SO-10023',
      orderedAt: '2026-01-02',
      status: 'open',
      total: { amountMinor: 300_000, currency: 'EUR' },
      updatedAt: at(2),
    },
  ]);
  await sync('invoices', [
    {
      externalId: 'INV-2026-0042',
      companyExternalId: 'C-88',
      number: 'INV-2026-0042',
      issuedAt: '2026-01-03',
      dueAt: '2026-02-03',
      total: { amountMinor: 50_000, currency: 'EUR' },
      amountPaid: { amountMinor: 0, currency: 'EUR' },
      status: 'open',
      updatedAt: at(3),
    },
  ]);
});
afterAll(() => t.close());

describe('GET /api/v1/search: every searchable kind', () => {
  it('finds a deal by its name and by what its declaration indexes, with its title, subtitle and card', async () => {
    const hits = await find(s, 'zephyr ren');
    expect(hits[0]).toMatchObject({
      kind: 'deals',
      id: ids.north,
      title: 'Zephyr renewal',
      subtitle: 'EUR 12,400.00 · Proposal · Acme Corp',
      card: {
        kind: 'deals',
        id: ids.north,
        name: 'Zephyr renewal',
        owner: { id: salesNorth.id },
        company: { id: ids.acme },
      },
    });
    expect(keys(await find(s, 'quokkacon'))).toEqual([`deals:${ids.north}`]);
    expect(keys(await find(s, 'zephyr', '&kinds=deals')).sort()).toEqual(
      [`deals:${ids.north}`, `deals:${ids.south}`].sort(),
    );
  });

  it('finds a case by its reference, its number alone and its subject', async () => {
    expect(reference).toMatch(/^C-\d+$/);
    for (const q of [reference, reference.slice(2), 'printer jam']) {
      const [top] = await find(s, q);
      expect(top, q).toMatchObject({ kind: 'cases', id: ids.case, title: `${reference} Printer jam on floor nine` });
      expect(top!.subtitle).toContain('Acme Corp');
    }
  });

  it('finds an article by its title, an order and an invoice by their numbers', async () => {
    expect((await find(s, 'forgotten password'))[0]).toMatchObject({
      kind: 'articles',
      id: ids.article,
      title: 'Reset a forgotten password',
    });
    const [order] = await find(s, 'SO-10023');
    expect(order).toMatchObject({ kind: 'orders', title: 'SO-10023', card: { company: { id: expect.any(String) } } });
    expect(order!.subtitle).toContain('Northwind Traders');
    expect(order!.subtitle).toContain('EUR 3,000.00');
    expect((await find(s, '10023'))[0]).toMatchObject({ kind: 'orders', id: order!.id });
    for (const q of ['INV-2026-0042', '2026-0042', 'inv 0042']) {
      expect((await find(s, q))[0], q).toMatchObject({ kind: 'invoices', title: 'INV-2026-0042' });
    }
  });

  it("applies each kind's visibility: a rep finds the deals of their team only, and both reps every case", async () => {
    expect(keys(await find(sn, 'zephyr'))).toEqual([`deals:${ids.north}`]);
    expect(keys(await find(ss, 'zephyr'))).toEqual([`deals:${ids.south}`]);
    // Sales reads every case (visibility all) and articles (no owner).
    expect(keys(await find(sn, reference))).toEqual([`cases:${ids.case}`]);
    expect(keys(await find(ss, 'forgotten'))).toEqual([`articles:${ids.article}`]);
  });

  it('leaves out the kinds the role may not read, and asking for one only gives nothing', async () => {
    for (const q of ['zephyr', reference, 'forgotten', 'SO-10023', 'INV-2026-0042']) {
      expect(await find(peopleOnly, q), q).toEqual([]);
    }
    expect(await find(peopleOnly, 'zephyr', '&kinds=deals')).toEqual([]);
  });

  it('never matches on a field the role hides, and the card direct route answers the same card', async () => {
    expect(await find(noSource, 'quokkacon')).toEqual([]);
    expect(keys(await find(noSource, 'zephyr renewal'))).toEqual([`deals:${ids.north}`]);
    const card = await t.app.inject({ url: `/api/v1/deals/${ids.north}/card`, headers: sn.headers });
    expect(card.statusCode).toBe(200);
    expect(json<Hit['card']>(card)).toMatchObject({ kind: 'deals', name: 'Zephyr renewal' });
    // Another team's deal: not found, as on every route.
    expect((await t.app.inject({ url: `/api/v1/deals/${ids.south}/card`, headers: sn.headers })).statusCode).toBe(404);
  });

  it("leaves out a kind while its module is off, and an ERP deletion takes the record's document away", async () => {
    await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/workspace',
      headers: s.headers,
      payload: { modules: { sales: false } },
    });
    try {
      expect(await find(s, 'zephyr')).toEqual([]);
    } finally {
      await t.app.inject({
        method: 'PATCH',
        url: '/api/v1/workspace',
        headers: s.headers,
        payload: { modules: { sales: true } },
      });
    }
    await sync('orders', [{ externalId: 'SO-10023', updatedAt: at(20), deleted: true }]);
    expect(await find(s, 'SO-10023', '&kinds=orders')).toEqual([]);
  });

  it('the rebuild writes the documents of a kind without a hand-written one from its declaration', async () => {
    const db = t.services.database.db;
    await db.deleteFrom('search_documents').where('kind', '=', 'invoices').execute();
    expect(await find(s, 'INV-2026-0042')).toEqual([]);
    expect(await t.services.invoices.records.reindexAll()).toBe(1);
    expect((await find(s, 'INV-2026-0042'))[0]).toMatchObject({ kind: 'invoices', title: 'INV-2026-0042' });
  });

  it('a deleted deal leaves the search, and a restored one comes back', async () => {
    await t.services.deals.remove(admin.ctx, ids.south!);
    expect(keys(await find(s, 'zephyr'))).toEqual([`deals:${ids.north}`]);
    await t.services.deals.restore(admin.ctx, ids.south!);
    expect(keys(await find(s, 'zephyr')).sort()).toEqual([`deals:${ids.north}`, `deals:${ids.south}`].sort());
  });
});
