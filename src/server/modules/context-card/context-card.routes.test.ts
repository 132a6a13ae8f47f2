import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Executor } from '../../db/database.ts';
import type { Ctx } from '../../platform/access/policy.ts';
import { createUser, json, login, type Session, type TestContext, type TestUser, testApp } from '../../test/harness.ts';
import type { CardFacts } from './context-card.service.ts';

let t: TestContext;
let admin: TestUser;
let s: Session;
let sn: Session;
let ss: Session;
let tierless: Session;
const ids = {} as Record<'acme' | 'ada' | 'zora', string>;
/** What the test contributor was asked, to prove it is called once per batch with only visible ids. */
const calls: { kind: string; ids: string[]; db: boolean }[] = [];

beforeAll(async () => {
  t = await testApp();
  admin = await createUser(t.services, 'admin', 'North');
  const salesNorth = await createUser(t.services, 'sales', 'North');
  const salesSouth = await createUser(t.services, 'sales', 'South');
  await t.services.identity.createRole(admin.ctx, {
    key: 'no-tier',
    name: 'No value tier',
    policy: {
      objects: { people: ['read'], companies: ['read'] },
      visibility: { people: 'all', companies: 'all' },
      fields: { people: { valueTier: 'hidden', consent: 'hidden', flags: 'hidden' } },
    },
  });
  const noTier = await createUser(t.services, 'no-tier', 'North');
  s = await login(t.app, admin.email);
  sn = await login(t.app, salesNorth.email);
  ss = await login(t.app, salesSouth.email);
  tierless = await login(t.app, noTier.email);

  // A tiny contributor, as the tasks and promises modules will be.
  t.services.contextCard.register({
    async cardFacts(_ctx: Ctx, subject: { kind: 'people' | 'companies'; ids: string[] }, db?: Executor) {
      calls.push({ kind: subject.kind, ids: [...subject.ids], db: db !== undefined });
      const out = new Map<string, CardFacts>();
      for (const id of subject.ids) {
        if (id === ids.ada) {
          out.set(id, {
            counts: { openTasks: 2, promisesDue: 1 },
            flags: [
              { key: 'promise_broken', label: 'Promise broken', tone: 'danger' },
              { key: 'vip', label: 'VIP (contributed)', tone: 'info' },
            ],
          });
        }
        if (id === ids.acme)
          out.set(id, {
            counts: { openDeals: 3 },
            flags: [{ key: 'credit_hold', label: 'Credit hold', tone: 'danger' }],
          });
      }
      return out;
    },
  });

  const north = salesNorth.actor.teamIds[0]!;
  const south = salesSouth.actor.teamIds[0]!;
  ids.acme = (
    await t.services.companies.create(admin.ctx, {
      name: 'Acme Corp',
      domain: 'acme.co',
      valueTier: 'A',
      flags: ['key_account'],
      teamId: north,
    })
  ).id;
  ids.ada = (
    await t.services.people.create(admin.ctx, {
      firstName: 'Ada',
      lastName: 'Lovelace',
      jobTitle: 'Analyst',
      companyId: ids.acme,
      lifecycleStage: 'customer',
      valueTier: 'B',
      preferredChannel: 'phone',
      preferredLanguage: 'en-GB',
      consent: { email: { granted: true, source: 'web form' }, sms: { granted: false, source: 'call' } },
      flags: ['vip', 'open_complaint', 'likes_tea'],
      teamId: north,
    })
  ).id;
  ids.zora = (
    await t.services.people.create(admin.ctx, {
      firstName: 'Zora',
      lastName: 'Quill',
      flags: ['credit_hold'],
      ownerId: salesSouth.id,
      teamId: south,
    })
  ).id;
  // Zora's last two-way contact was long ago: she is going cold.
  await t.services.people.recordContact(t.services.database.db, ids.zora, {
    at: '2020-01-01T10:00:00.000Z',
    byUserId: salesSouth.id,
    channel: 'phone',
    twoWay: true,
  });
});
afterAll(() => t.close());

const card = (path: string, session = s) => t.app.inject({ url: `/api/v1/${path}/card`, headers: session.headers });

describe('GET /api/v1/people/:id/card', () => {
  it('answers everything to know before speaking, with contributor counts and flags, most severe first', async () => {
    calls.length = 0;
    const res = await card(`people/${ids.ada}`);
    expect(res.statusCode).toBe(200);
    const c = json(res);
    expect(c).toMatchObject({
      kind: 'people',
      id: ids.ada,
      name: 'Ada Lovelace',
      subtitle: 'Analyst · Acme Corp',
      lifecycleStage: 'customer',
      valueTier: 'B',
      owner: { id: admin.id, name: 'admin North' },
      preferredChannel: 'phone',
      preferredLanguage: 'en-gb',
      consent: { email: true, phone: null, sms: false, post: null },
      company: { id: ids.acme, name: 'Acme Corp' },
      lastContact: null,
      goingCold: false,
      counts: { openTasks: 2, promisesDue: 1 },
    });
    expect(Date.parse(c.contactDueAt as string)).toBeGreaterThan(Date.now());
    expect(c.flags).toEqual([
      { key: 'promise_broken', label: 'Promise broken', tone: 'danger' },
      { key: 'open_complaint', label: 'Open complaint', tone: 'warning' },
      { key: 'vip', label: 'VIP', tone: 'info' },
      { key: 'likes_tea', label: 'likes_tea', tone: 'info' },
    ]);
    expect(calls).toEqual([{ kind: 'people', ids: [ids.ada], db: false }]);
  });

  it('shows last contact and going cold, and a credit hold as danger', async () => {
    const res = await card(`people/${ids.zora}`, ss);
    expect(res.statusCode).toBe(200);
    const c = json(res);
    expect(c.lastContact).toMatchObject({
      at: '2020-01-01T10:00:00.000Z',
      channel: 'phone',
      by: { name: 'sales South' },
    });
    expect(c.goingCold).toBe(true);
    expect(c.flags).toEqual([{ key: 'credit_hold', label: 'Credit hold', tone: 'danger' }]);
    expect(c.counts).toEqual({});
  });

  it('answers 404 for someone the reader may not see, or who does not exist, and never asks contributors', async () => {
    calls.length = 0;
    const hidden = await card(`people/${ids.zora}`, sn);
    expect(hidden.statusCode).toBe(404);
    expect(json(hidden).code).toBe('people.not_found');
    expect((await card('people/nope')).statusCode).toBe(404);
    expect(calls).toEqual([]);
  });

  it('leaves the fields a role hides empty (null, no flags from the record)', async () => {
    const res = await card(`people/${ids.ada}`, tierless);
    expect(res.statusCode).toBe(200);
    const c = json(res);
    expect(c.valueTier).toBeNull();
    expect(c.consent).toEqual({ email: null, phone: null, sms: null, post: null });
    // The record's own flags are hidden; what other modules contribute still shows.
    expect((c.flags as { key: string }[]).map((f) => f.key)).toEqual(['promise_broken', 'vip']);
    expect(c.lifecycleStage).toBe('customer');
  });
});

describe('GET /api/v1/companies/:id/card', () => {
  it('answers the company card with people count and contributed facts', async () => {
    const res = await card(`companies/${ids.acme}`, sn);
    expect(res.statusCode).toBe(200);
    expect(json(res)).toMatchObject({
      kind: 'companies',
      id: ids.acme,
      name: 'Acme Corp',
      subtitle: 'acme.co',
      lifecycleStage: null,
      valueTier: 'A',
      company: null,
      consent: { email: null, phone: null, sms: null, post: null },
      counts: { people: 1, openDeals: 3 },
      flags: [
        { key: 'credit_hold', label: 'Credit hold', tone: 'danger' },
        { key: 'key_account', label: 'key_account', tone: 'info' },
      ],
    });
  });

  it('answers 404 to another team', async () => {
    expect((await card(`companies/${ids.acme}`, ss)).statusCode).toBe(404);
  });
});

describe('ContextCardService.cards (batch)', () => {
  it('builds many cards with one contributor call, in order, leaving out what the reader cannot see', async () => {
    calls.length = 0;
    const ctx = (await createUser(t.services, 'sales', 'North')).ctx;
    const cards = await t.services.contextCard.cards(ctx, { kind: 'people', ids: [ids.zora, ids.ada, 'missing'] });
    expect(cards.map((c) => c.id)).toEqual([ids.ada]);
    expect(calls).toEqual([{ kind: 'people', ids: [ids.ada], db: false }]);
    const adminCards = await t.services.contextCard.cards(admin.ctx, { kind: 'people', ids: [ids.zora, ids.ada] });
    expect(adminCards.map((c) => c.name)).toEqual(['Zora Quill', 'Ada Lovelace']);
  });
});
