import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../db/database.ts';
import type { Ctx } from '../../platform/access/policy.ts';
import { AppError } from '../../platform/errors.ts';
import { EventBus } from '../../platform/events.ts';
import { CustomFieldsService } from '../custom-fields/custom-fields.service.ts';
import { IdentityService } from '../identity/identity.service.ts';
import { PeopleService } from '../people/people.service.ts';
import { WorkspaceService } from '../workspace/workspace.service.ts';
import { CompaniesService } from './companies.service.ts';

// ---------- a fresh database per suite (inline for now; a candidate for the shared test harness) ----------

type Kind = 'sqlite' | 'postgres';

/** Under the vitest projects, TEST_DB picks one kind; run directly, SQLite always and PostgreSQL when configured. */
function kinds(): Kind[] {
  if (process.env.TEST_DB === 'sqlite' || process.env.TEST_DB === 'postgres') return [process.env.TEST_DB];
  return /^postgres(ql)?:\/\//.test(process.env.TEST_DATABASE_URL ?? '') ? ['sqlite', 'postgres'] : ['sqlite'];
}

async function freshDatabase(kind: Kind): Promise<{ database: Database; drop(): Promise<void> }> {
  if (kind === 'sqlite') {
    const database = await openDatabase('sqlite::memory:');
    return { database, drop: () => database.close() };
  }
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) throw new Error('TEST_DATABASE_URL must name a PostgreSQL server');
  const name = `rapport_t_${randomBytes(6).toString('hex')}`;
  const run = async (statement: string) => {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await run(`create database ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const database = await openDatabase(url.toString(), { poolSize: 5 });
  return {
    database,
    drop: async () => {
      await database.close();
      await run(`drop database if exists ${name} with (force)`);
    },
  };
}

/** Runs `fn` and returns the AppError it throws (failing the test if it throws nothing or something else). */
async function appError(fn: () => Promise<unknown>): Promise<AppError> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError, but the call succeeded');
}

/** Enough of RFC 4180 to read our own exports (quoted fields, doubled quotes, CRLF or LF). */
function parse(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const ch = csv[i]!;
    if (quoted) {
      if (ch === '"' && csv[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && csv[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

const pointers = (e: AppError) => (e.errors ?? []).map((x) => x.pointer).sort();

describe.each(kinds())('CompaniesService on %s', (kind) => {
  let db: { database: Database; drop(): Promise<void> };
  let companies: CompaniesService;
  let people: PeopleService;
  let admin: Ctx;
  let salesNorth: Ctx;
  let salesSouth: Ctx;
  let accounts: Ctx;

  beforeAll(async () => {
    db = await freshDatabase(kind);
    const { database } = db;
    const workspace = new WorkspaceService(database);
    const customFields = new CustomFieldsService(database);
    const events = new EventBus(database);
    const identity = new IdentityService(database, { sessionIdleMinutes: 60, sessionAbsoluteHours: 24 });
    people = new PeopleService({ database, events, workspace, customFields });
    companies = new CompaniesService({ database, events, workspace, customFields, people });
    people.wireCompanies(companies);
    const user = async (label: string, roleKey: string, team: string): Promise<Ctx> => {
      const u = await identity.createUserAsSystem({
        email: `${label}@test.rapport`,
        name: label,
        password: 'a-long-pass-phrase',
        roleKey,
        teamNames: [team],
      });
      return { actor: await identity.actorFor(u.id), requestId: 't', ip: null };
    };
    admin = await user('admin', 'admin', 'North');
    salesNorth = await user('sales-north', 'sales', 'North');
    salesSouth = await user('sales-south', 'sales', 'South');
    accounts = await user('accounts', 'accounts', 'Finance');
  });
  afterAll(() => db?.drop());

  describe('create, read, update', () => {
    it('creates with normalised domain, tags and country, and reads it back', async () => {
      const c = await companies.create(salesNorth, {
        name: '  Acme Ltd ',
        domain: 'https://www.Acme.example/about',
        size: '11-50',
        tags: ['vip', 'vip', 'uk'],
        address: { city: 'Leeds', country: 'gb' },
      });
      expect(c).toMatchObject({
        name: 'Acme Ltd',
        domain: 'acme.example',
        size: '11-50',
        tags: ['vip', 'uk'],
        address: { city: 'Leeds', country: 'GB' },
        ownerId: salesNorth.actor.id,
        owner: { id: salesNorth.actor.id, name: 'sales-north' },
        team: { name: 'North' },
        parentId: null,
        parent: null,
        peopleCount: 0,
        version: 1,
        deletedAt: null,
      });
      expect(await companies.get(salesNorth, c.id)).toEqual(c);
    });

    it('rejects an invalid domain and an empty name with 422 at each field', async () => {
      const e = await appError(() => companies.create(salesNorth, { name: '   ', domain: 'not a domain' }));
      expect(e.status).toBe(422);
      expect(pointers(e)).toEqual(['/domain', '/name']);
    });

    it('updates with If-Match, bumps the version, and refuses a stale version with 412', async () => {
      const c = await companies.create(salesNorth, { name: 'Versioned' });
      const u = await companies.update(salesNorth, c.id, { industry: 'Retail' }, 1);
      expect(u).toMatchObject({ industry: 'Retail', version: 2 });
      const stale = await appError(() => companies.update(salesNorth, c.id, { industry: 'Food' }, 1));
      expect(stale.status).toBe(412);
      expect(stale.code).toBe('record.stale');
      expect((await companies.get(salesNorth, c.id)).industry).toBe('Retail');
    });
  });

  describe('record visibility', () => {
    it('hides another team’s company from get, list and count', async () => {
      const south = await companies.create(salesSouth, { name: 'Southern Widgets' });
      const north = await companies.create(salesNorth, { name: 'Northern Widgets' });

      expect((await appError(() => companies.get(salesNorth, south.id))).status).toBe(404);
      expect((await appError(() => companies.update(salesNorth, south.id, { industry: 'x' }))).status).toBe(404);

      const seen = await companies.list(salesNorth, { filter: 'name:contains:widgets' });
      expect(seen.data.map((c) => c.name)).toEqual(['Northern Widgets']);
      expect(seen.total).toBe(1);

      const all = await companies.list(admin, { filter: 'name:contains:widgets' });
      expect(all.data.map((c) => c.id).sort()).toEqual([north.id, south.id].sort());
      expect(all.total).toBe(2);

      expect(await companies.isVisible(salesNorth, south.id)).toBe(false);
      expect(await companies.isVisible(salesNorth, north.id)).toBe(true);
    });

    it('refuses to hand a company to a team the writer cannot see', async () => {
      const c = await companies.create(salesNorth, { name: 'Handover' });
      const southTeam = (await companies.list(admin, { q: 'southern' })).data[0]!.teamId!;
      const e = await appError(() => companies.update(salesNorth, c.id, { teamId: southTeam, ownerId: null }));
      expect([e.status, e.code]).toEqual([403, 'access.placement']);
      expect(pointers(e)).toEqual(['/teamId']);
    });
  });

  describe('credit limit (hidden for sales, visible to accounts)', () => {
    let id: string;
    beforeAll(async () => {
      id = (
        await companies.create(admin, {
          name: 'Creditworthy',
          teamId: (await companies.list(admin, { q: 'northern' })).data[0]!.teamId,
          creditLimit: { amountMinor: 500_000, currency: 'EUR' },
        })
      ).id;
      await companies.create(admin, { name: 'Creditless', creditLimit: { amountMinor: 100, currency: 'EUR' } });
    });

    it('is absent from what sales reads and present for accounts', async () => {
      const forSales = await companies.get(salesNorth, id);
      expect(forSales.name).toBe('Creditworthy');
      expect('creditLimit' in forSales).toBe(false);
      expect((await companies.list(salesNorth, { q: 'creditworthy' })).data[0]).not.toHaveProperty('creditLimit');
      expect((await companies.get(accounts, id)).creditLimit).toEqual({ amountMinor: 500_000, currency: 'EUR' });
    });

    it('cannot be filtered or sorted on by sales (as if it did not exist), but can by accounts', async () => {
      for (const params of [
        { filter: 'creditLimit:gt:1000' },
        { sort: '-creditLimit' },
        { filter: ['creditLimit:empty'] },
      ]) {
        const e = await appError(() => companies.list(salesNorth, params));
        expect(e.status).toBe(400);
        expect(e.code).toBe('list.invalid_query');
      }
      const rich = await companies.list(accounts, { filter: 'creditLimit:gt:1000' });
      expect(rich.data.map((c) => c.name)).toEqual(['Creditworthy']);
      expect(rich.total).toBe(1);
    });

    it('filters on an empty credit limit for accounts', async () => {
      const none = await companies.list(accounts, { filter: ['creditLimit:empty', 'name:startsWith:credit'] });
      expect(none.total).toBe(0);
      const some = await companies.list(accounts, { filter: ['creditLimit:notEmpty', 'name:startsWith:credit'] });
      expect(some.total).toBe(2);
    });

    it('sorts by credit limit for accounts', async () => {
      const sorted = await companies.list(accounts, { sort: '-creditLimit', q: 'credit' });
      expect(sorted.data.map((c) => c.name)).toEqual(['Creditworthy', 'Creditless']);
    });

    it('cannot be written by sales (422 at /creditLimit), and can by accounts', async () => {
      const e = await appError(() =>
        companies.update(salesNorth, id, { creditLimit: { amountMinor: 1, currency: 'EUR' } }),
      );
      expect(e.status).toBe(422);
      expect(pointers(e)).toEqual(['/creditLimit']);
      const u = await companies.update(accounts, id, { creditLimit: { amountMinor: 750_000, currency: 'EUR' } });
      expect(u.creditLimit).toEqual({ amountMinor: 750_000, currency: 'EUR' });
    });

    it('shows credit limit changes in history to accounts only', async () => {
      const forAccounts = await companies.history(accounts, id);
      expect(forAccounts.find((h) => h.action === 'update')?.changes.creditLimit).toEqual({
        from: { amountMinor: 500_000, currency: 'EUR' },
        to: { amountMinor: 750_000, currency: 'EUR' },
      });
      const forSales = await companies.history(salesNorth, id);
      expect(forSales.map((h) => h.action)).toEqual(['update', 'create']);
      expect(forSales.some((h) => 'creditLimit' in h.changes)).toBe(false);
    });

    it('is left out of a sales export and included (as a decimal) in an accounts export', async () => {
      const salesCsv = parse(
        (await companies.exportCsv(salesNorth, { q: 'creditworthy' }, undefined)).csv,
      ) as string[][];
      expect(salesCsv[0]).not.toContain('creditLimit');
      expect(salesCsv[0]).not.toContain('creditLimitCurrency');
      expect(salesCsv).toHaveLength(2);
      expect(salesCsv[1]![salesCsv[0]!.indexOf('name')]).toBe('Creditworthy');
      const e = await appError(() => companies.exportCsv(salesNorth, {}, ['name', 'creditLimit']));
      expect(e.status).toBe(400);

      const accCsv = parse(
        (await companies.exportCsv(accounts, { q: 'creditworthy' }, ['name', 'creditLimit', 'creditLimitCurrency']))
          .csv,
      );
      expect(accCsv).toEqual([
        ['name', 'creditLimit', 'creditLimitCurrency'],
        ['Creditworthy', '7500.00', 'EUR'],
      ]);
    });
  });

  describe('parent companies', () => {
    it('links a visible parent and shows its name', async () => {
      const group = await companies.create(salesNorth, { name: 'Group plc' });
      const sub = await companies.create(salesNorth, { name: 'Group Sub', parentId: group.id });
      expect(sub.parent).toEqual({ id: group.id, name: 'Group plc' });
      expect(await companies.children(salesNorth, group.id)).toEqual([{ id: sub.id, name: 'Group Sub' }]);
    });

    it('refuses itself, a cycle, and a parent the actor cannot see, with 422 at /parentId', async () => {
      const a = await companies.create(salesNorth, { name: 'Cycle A' });
      const b = await companies.create(salesNorth, { name: 'Cycle B', parentId: a.id });
      const c = await companies.create(salesNorth, { name: 'Cycle C', parentId: b.id });

      const self = await appError(() => companies.update(salesNorth, a.id, { parentId: a.id }));
      expect([self.status, pointers(self)]).toEqual([422, ['/parentId']]);

      const cycle = await appError(() => companies.update(salesNorth, a.id, { parentId: c.id }));
      expect([cycle.status, pointers(cycle)]).toEqual([422, ['/parentId']]);
      expect(cycle.errors?.[0]?.detail).toMatch(/own ancestor/);
      expect((await companies.get(salesNorth, a.id)).parentId).toBeNull();

      const hidden = await companies.create(salesSouth, { name: 'Hidden parent' });
      const e = await appError(() => companies.create(salesNorth, { name: 'Orphan', parentId: hidden.id }));
      expect([e.status, pointers(e)]).toEqual([422, ['/parentId']]);
    });

    it('finds a cycle that passes through a company the actor cannot see', async () => {
      const top = await companies.create(salesNorth, { name: 'Loop top' });
      const middle = await companies.create(admin, {
        name: 'Loop middle (South)',
        parentId: top.id,
        teamId: (await companies.list(admin, { q: 'southern' })).data[0]!.teamId,
        ownerId: null,
      });
      const bottom = await companies.create(admin, {
        name: 'Loop bottom',
        parentId: middle.id,
        ownerId: salesNorth.actor.id,
      });
      expect(await companies.isVisible(salesNorth, middle.id)).toBe(false);
      const e = await appError(() => companies.update(salesNorth, top.id, { parentId: bottom.id }));
      expect([e.status, pointers(e)]).toEqual([422, ['/parentId']]);
    });
  });

  describe('history, bin, people', () => {
    it('records each field change with before and after in API terms', async () => {
      const c = await companies.create(salesNorth, { name: 'Historic', tags: ['a'] });
      await companies.update(salesNorth, c.id, { name: 'Historic Ltd', tags: ['a', 'b'], address: { city: 'York' } });
      const [update, create] = await companies.history(salesNorth, c.id);
      expect(update).toMatchObject({
        action: 'update',
        actor: { id: salesNorth.actor.id, name: 'sales-north' },
        changes: {
          name: { from: 'Historic', to: 'Historic Ltd' },
          tags: { from: ['a'], to: ['a', 'b'] },
          address: { from: expect.objectContaining({ city: null }), to: expect.objectContaining({ city: 'York' }) },
        },
      });
      expect(Object.keys(update!.changes).sort()).toEqual(['address', 'name', 'tags']);
      expect(create).toMatchObject({ action: 'create', changes: { name: { from: null, to: 'Historic' } } });
    });

    it('moves to the bin and restores, with audit entries and timeline events', async () => {
      const c = await companies.create(salesNorth, { name: 'Binnable' });
      expect((await appError(() => companies.remove(salesNorth, c.id))).status).toBe(403);
      expect((await appError(() => companies.remove(admin, c.id, 99))).status).toBe(412);

      await companies.remove(admin, c.id, 1);
      expect((await appError(() => companies.get(salesNorth, c.id))).status).toBe(404);
      expect((await companies.list(admin, { q: 'binnable' })).total).toBe(0);
      expect((await companies.list(admin, { q: 'binnable', includeDeleted: true })).data[0]?.deletedAt).not.toBeNull();
      expect(await companies.isVisible(admin, c.id)).toBe(false);

      const restored = await companies.restore(admin, c.id);
      expect(restored).toMatchObject({ deletedAt: null, version: 3 });
      expect((await companies.get(salesNorth, c.id)).name).toBe('Binnable');

      expect((await companies.history(admin, c.id)).map((h) => h.action)).toEqual(['restore', 'delete', 'create']);
      const timeline = await db.database.db
        .selectFrom('timeline')
        .select(['type', 'summary'])
        .where('company_id', '=', c.id)
        .orderBy('at')
        .orderBy('id')
        .execute();
      expect(timeline.map((e) => e.type)).toEqual(['company.created', 'company.deleted', 'company.restored']);
    });

    it('puts owner and name changes on the timeline, and not other edits', async () => {
      const c = await companies.create(salesNorth, { name: 'Quiet' });
      await companies.update(salesNorth, c.id, { industry: 'Tea' });
      await companies.update(salesNorth, c.id, { name: 'Loud' });
      const rows = await db.database.db
        .selectFrom('timeline')
        .select(['type', 'summary'])
        .where('company_id', '=', c.id)
        .orderBy('at')
        .orderBy('id')
        .execute();
      expect(rows).toEqual([
        { type: 'company.created', summary: 'Quiet was added' },
        { type: 'company.updated', summary: 'Renamed: Quiet → Loud' },
      ]);
      const updates = await db.database.db.selectFrom('events').select('type').where('record_id', '=', c.id).execute();
      expect(updates.filter((e) => e.type === 'company.updated')).toHaveLength(2);
    });

    it('counts and lists the visible people at a company', async () => {
      const c = await companies.create(salesNorth, { name: 'Peopled' });
      await people.create(salesNorth, { firstName: 'Ann', lastName: 'North', companyId: c.id });
      await people.create(salesNorth, { firstName: 'Bob', lastName: 'North', companyId: c.id });
      await people.create(admin, { firstName: 'Cy', lastName: 'Elsewhere' });

      expect((await companies.get(salesNorth, c.id)).peopleCount).toBe(2);
      const page = await companies.listPeople(salesNorth, c.id, { filter: 'firstName:eq:Ann' });
      expect(page.data.map((p) => p.fullName)).toEqual(['Ann North']);
      expect(page.data[0]?.company).toEqual({ id: c.id, name: 'Peopled' });
      expect((await companies.listPeople(salesNorth, c.id, {})).total).toBe(2);

      const south = (await companies.list(admin, { q: 'southern' })).data[0]!;
      expect((await appError(() => companies.listPeople(salesNorth, south.id, {}))).status).toBe(404);
    });
  });
});
