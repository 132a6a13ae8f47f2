import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import pg from 'pg';
import validator from 'validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../db/database.ts';
import { BUILTIN_ROLES } from '../platform/access/policy.ts';
import { verifyPassword } from '../platform/auth/passwords.ts';
import { DEFAULT_SEED_NOW } from './generate.ts';
import { DEMO_PASSWORD, isEmpty, type SeedResult, seedPlan, seedWorkspace } from './seed.ts';

interface Target {
  name: string;
  open(): Promise<Database>;
  cleanup(): Promise<void>;
}

const sqliteTarget: Target = { name: 'SQLite', open: () => openDatabase('sqlite::memory:'), cleanup: async () => {} };

/** A throwaway PostgreSQL database next to TEST_DATABASE_URL's, dropped afterwards. */
function postgresTarget(adminUrl: string): Target {
  const name = `rapport_seed_${Math.random().toString(36).slice(2, 10)}`;
  const admin = async <T>(fn: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };
  return {
    name: 'PostgreSQL',
    async open() {
      await admin((c) => c.query(`create database ${name}`));
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return openDatabase(url.toString());
    },
    cleanup: () => admin((c) => c.query(`drop database if exists ${name} with (force)`)).then(() => {}),
  };
}

/**
 * vitest.config.ts runs the suites once per database project (TEST_DB); run directly without it, the file covers
 * SQLite and, when TEST_DATABASE_URL is set, PostgreSQL.
 */
function pickTargets(): Target[] {
  const pgUrl = process.env.TEST_DATABASE_URL;
  const pgTargets = pgUrl ? [postgresTarget(pgUrl)] : [];
  if (process.env.TEST_DB === 'postgres') return pgTargets;
  if (process.env.TEST_DB === 'sqlite') return [sqliteTarget];
  return [sqliteTarget, ...pgTargets];
}
const targets = pickTargets();

/** The first people by id, as stored: the fingerprint two runs (and two databases) must share. */
async function firstPeople(database: Database) {
  return database.db.selectFrom('people').selectAll().orderBy('id').limit(20).execute();
}

let reference: Awaited<ReturnType<typeof firstPeople>> | undefined;
async function referencePeople() {
  if (!reference) {
    const database = await openDatabase('sqlite::memory:');
    await seedWorkspace(database, { scale: 'demo', seed: 1 });
    reference = await firstPeople(database);
    await database.close();
  }
  return reference;
}

describe.each(targets)('seedWorkspace(demo) on $name', (target) => {
  let database: Database;
  let result: SeedResult;
  let wasEmpty: boolean;

  beforeAll(async () => {
    database = await target.open();
    wasEmpty = await isEmpty(database);
    result = await seedWorkspace(database, { scale: 'demo', seed: 1 });
  }, 120_000);

  afterAll(async () => {
    await database?.close();
    await target.cleanup();
  });

  it('fills an empty workspace once, then reports it is no longer empty and refuses to seed again', async () => {
    expect(wasEmpty).toBe(true);
    expect(await isEmpty(database)).toBe(false);
    await expect(seedWorkspace(database, { scale: 'demo' })).rejects.toThrow(/already has users/);
  });

  it('creates the demo counts, the workspace, built-in roles, teams and custom fields', async () => {
    const { db } = database;
    const count = async (table: 'people' | 'companies' | 'person_emails' | 'person_phones' | 'events' | 'timeline') =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(result.people).toBe(3_000);
    expect(result.companies).toBe(300);
    expect(await count('people')).toBe(3_000);
    expect(await count('companies')).toBe(300);
    expect(await count('person_emails')).toBeGreaterThan(2_700);
    expect(await count('person_phones')).toBeGreaterThan(1_800);
    expect(await count('events')).toBe(3_300);
    expect(await count('timeline')).toBe(3_300);

    const workspace = await db.selectFrom('workspace').selectAll().executeTakeFirstOrThrow();
    expect(workspace).toMatchObject({
      id: 'default',
      default_country: 'GB',
      default_currency: 'GBP',
      timezone: 'Europe/London',
    });
    expect(JSON.parse(workspace.business_hours)).toEqual({ days: [1, 2, 3, 4, 5], start: '09:00', end: '17:30' });

    const roles = await db.selectFrom('roles').selectAll().execute();
    expect(roles.map((r) => r.key).sort()).toEqual(BUILTIN_ROLES.map((r) => r.key).sort());
    for (const role of roles) {
      expect(role.builtin).toBe(1);
      expect(JSON.parse(role.policy)).toEqual(BUILTIN_ROLES.find((r) => r.key === role.key)!.policy);
    }
    const teams = await db.selectFrom('teams').select('name').orderBy('name').execute();
    expect(teams.map((t) => t.name)).toEqual(['Enterprise', 'Finance', 'Marketing', 'North', 'Service desk', 'South']);
    const fields = await db.selectFrom('custom_field_defs').select(['object', 'key', 'type']).orderBy('key').execute();
    expect(fields).toEqual([
      { object: 'companies', key: 'accountTier', type: 'select' },
      { object: 'people', key: 'linkedinUrl', type: 'url' },
      { object: 'people', key: 'source', type: 'select' },
    ]);
  });

  it('lets every demo user be found by email with the right role and team', async () => {
    const expected: Record<string, [string, string | null]> = {
      'admin@demo.rapport.test': ['admin', 'North'],
      'manager@demo.rapport.test': ['manager', null],
      'sales.north@demo.rapport.test': ['sales', 'North'],
      'sales.north2@demo.rapport.test': ['sales', 'North'],
      'sales.south@demo.rapport.test': ['sales', 'South'],
      'marketing@demo.rapport.test': ['marketing', 'Marketing'],
      'service@demo.rapport.test': ['service', 'Service desk'],
      'accounts@demo.rapport.test': ['accounts', 'Finance'],
      'viewer@demo.rapport.test': ['read-only', null],
    };
    for (const [email, [role, team]] of Object.entries(expected)) {
      expect(result.users).toContainEqual({ email, password: DEMO_PASSWORD, role, team });
    }
    for (const u of result.users) {
      const row = await database.db
        .selectFrom('users')
        .innerJoin('roles', 'roles.id', 'users.role_id')
        .leftJoin('user_teams', 'user_teams.user_id', 'users.id')
        .leftJoin('teams', 'teams.id', 'user_teams.team_id')
        .select(['users.email', 'users.active', 'roles.key as role', 'teams.name as team'])
        .where('users.email', '=', u.email)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ email: u.email, active: 1, role: u.role, team: u.team });
    }
    const admin = await database.db
      .selectFrom('users')
      .select('password_hash')
      .where('email', '=', 'admin@demo.rapport.test')
      .executeTakeFirstOrThrow();
    expect(await verifyPassword(DEMO_PASSWORD, admin.password_hash!)).toBe(true);
  });

  it("gives every person and company an owner who belongs to the record's team, with skewed ownership", async () => {
    const { db } = database;
    for (const table of ['people', 'companies'] as const) {
      const outside = await db
        .selectFrom(table)
        .select('id')
        .where((eb) =>
          eb.or([
            eb('owner_id', 'is', null),
            eb('team_id', 'is', null),
            eb.not(
              eb.exists(
                eb
                  .selectFrom('user_teams')
                  .select('user_teams.user_id')
                  .whereRef('user_teams.user_id', '=', `${table}.owner_id`)
                  .whereRef('user_teams.team_id', '=', `${table}.team_id`),
              ),
            ),
          ]),
        )
        .execute();
      expect(outside).toEqual([]);
    }
    const perOwner = await db
      .selectFrom('people')
      .select(['owner_id', (eb) => eb.fn.countAll().as('n')])
      .groupBy('owner_id')
      .execute();
    const sizes = perOwner.map((r) => Number(r.n)).sort((a, b) => b - a);
    expect(sizes[0]! + sizes[1]! + sizes[2]!).toBeGreaterThan(3_000 * 0.5);
    expect(sizes.at(-1)!).toBeLessThan(sizes[0]! / 4);
  });

  it('stores only valid E.164 phones and valid lower-case emails, with the first as primary', async () => {
    const { db } = database;
    const phones = await db.selectFrom('person_phones').select(['person_id', 'e164', 'position', 'label']).execute();
    for (const p of phones) {
      const parsed = parsePhoneNumberFromString(p.e164);
      expect(parsed?.isValid(), p.e164).toBe(true);
      expect(parsed?.number).toBe(p.e164);
      expect(['work', 'mobile', 'home']).toContain(p.label);
    }
    const emails = await db.selectFrom('person_emails').select(['person_id', 'email', 'position', 'label']).execute();
    for (const e of emails) {
      expect(validator.isEmail(e.email), e.email).toBe(true);
      expect(e.email).toBe(e.email.toLowerCase());
      expect(['work', 'personal', 'other']).toContain(e.label);
    }
    const people = await db.selectFrom('people').select(['id', 'primary_email', 'primary_phone']).execute();
    const firstEmail = new Map(emails.filter((e) => e.position === 0).map((e) => [e.person_id, e.email]));
    const firstPhone = new Map(phones.filter((p) => p.position === 0).map((p) => [p.person_id, p.e164]));
    for (const p of people) {
      expect(p.primary_email).toBe(firstEmail.get(p.id) ?? null);
      expect(p.primary_phone).toBe(firstPhone.get(p.id) ?? null);
    }
  });

  it('has realistic distributions: stages, company sizes, people without company, dates and duplicates', async () => {
    const { db } = database;
    const people = await db
      .selectFrom('people')
      .select([
        'id',
        'company_id',
        'lifecycle_stage',
        'created_at',
        'updated_at',
        'name_sort',
        'first_name',
        'last_name',
      ])
      .execute();
    const share = (pred: (p: (typeof people)[number]) => boolean) => people.filter(pred).length / people.length;
    expect(share((p) => p.lifecycle_stage === 'lead')).toBeGreaterThan(0.25);
    expect(share((p) => p.lifecycle_stage === 'lead')).toBeLessThan(0.45);
    expect(share((p) => p.lifecycle_stage === 'customer')).toBeGreaterThan(0.22);
    expect(share((p) => p.lifecycle_stage === 'former_customer')).toBeGreaterThan(0.03);
    expect(share((p) => p.company_id === null)).toBeGreaterThan(0.1);
    expect(share((p) => p.company_id === null)).toBeLessThan(0.2);

    const perCompany = new Map<string, number>();
    for (const p of people) if (p.company_id) perCompany.set(p.company_id, (perCompany.get(p.company_id) ?? 0) + 1);
    const counts = [...perCompany.values()].sort((a, b) => b - a);
    expect(counts[0]).toBeGreaterThanOrEqual(100); // a few large accounts
    expect(counts.filter((n) => n <= 10).length / 300).toBeGreaterThan(0.6); // most are small

    const end = DEFAULT_SEED_NOW;
    const start = new Date(Date.parse(end) - 3 * 366 * 86_400_000).toISOString();
    for (const p of people) {
      expect(p.created_at >= start && p.created_at <= end, p.created_at).toBe(true);
      expect(p.updated_at >= p.created_at && p.updated_at <= end).toBe(true);
      expect(p.name_sort).toBe(`${p.last_name} ${p.first_name}`.toLowerCase());
    }
    const ids = people.map((p) => p.id);
    expect(ids.every((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id))).toBe(
      true,
    );

    const shared = await db
      .selectFrom('person_emails')
      .select(['email', (eb) => eb.fn.count('person_id').distinct().as('n')])
      .groupBy('email')
      .having((eb) => eb.fn.count('person_id').distinct(), '>', 1)
      .execute();
    expect(shared.length).toBeGreaterThan(5); // deliberate near-duplicates
    expect(shared.length).toBeLessThan(60);
  });

  it('writes one creation entry per record on the timeline, a person with their company', async () => {
    const { db } = database;
    const missing = await db
      .selectFrom('people')
      .leftJoin('timeline', (join) =>
        join.onRef('timeline.record_id', '=', 'people.id').on('timeline.type', '=', 'person.created'),
      )
      .select([
        'people.id',
        'people.company_id',
        'timeline.person_id',
        'timeline.company_id as tl_company',
        'timeline.event_id',
      ])
      .execute();
    for (const row of missing) {
      expect(row.person_id).toBe(row.id);
      expect(row.tl_company).toBe(row.company_id);
    }
    const orphans = await db
      .selectFrom('timeline')
      .leftJoin('events', 'events.id', 'timeline.event_id')
      .select('timeline.id')
      .where('events.id', 'is', null)
      .execute();
    expect(orphans).toEqual([]);
  });

  it('is deterministic: the same seed gives the same people, ids included (on either database)', async () => {
    expect(await firstPeople(database)).toEqual(await referencePeople());
  });
});

describe('seed sizes and options', () => {
  it('sizes the named scales and numbers', () => {
    expect(seedPlan('demo')).toEqual({ people: 3_000, companies: 300, extraUsers: 3 });
    expect(seedPlan('medium')).toMatchObject({ people: 100_000, companies: 20_000, extraUsers: 20 });
    expect(seedPlan('large')).toMatchObject({ people: 1_000_000, companies: 200_000, extraUsers: 200 });
    expect(seedPlan(500)).toMatchObject({ people: 500, companies: 100 });
    expect(() => seedPlan(-1)).toThrow();
  });

  it('seeds a different dataset for another seed, and tiny sizes without timeline', async () => {
    const database = await openDatabase('sqlite::memory:');
    const result = await seedWorkspace(database, { scale: 50, seed: 7, withTimeline: false });
    expect(result).toMatchObject({ people: 50, companies: 10 });
    expect(await firstPeople(database)).not.toEqual(await referencePeople());
    expect(await database.db.selectFrom('events').select('id').execute()).toEqual([]);
    expect(await database.db.selectFrom('timeline').select('id').execute()).toEqual([]);
    await database.close();
  });

  it('gives the same records with or without the timeline', async () => {
    const database = await openDatabase('sqlite::memory:');
    await seedWorkspace(database, { scale: 'demo', seed: 1, withTimeline: false });
    expect(await firstPeople(database)).toEqual(await referencePeople());
    await database.close();
  });
});
