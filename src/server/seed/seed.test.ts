import { sql } from 'kysely';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import pg from 'pg';
import validator from 'validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secondaryIndexes, withDeferredIndexes } from '../db/bulk.ts';
import { type Database, openDatabase } from '../db/database.ts';
import { activitySummary } from '../modules/activities/index.ts';
import { BUILTIN_ROLES } from '../platform/access/policy.ts';
import { verifyPassword } from '../platform/auth/passwords.ts';
import { effectiveCadence, LIFECYCLE_CADENCE_DEFAULTS } from '../platform/contact-facts.ts';
import { DEFAULT_SEED_NOW } from './generate.ts';
import { DEMO_PASSWORD, isEmpty, type SeedResult, seedNow, seedPlan, seedWorkspace } from './seed.ts';

/** The demo's history ends today by default; tests pin it so that two runs (and the date checks) agree. */
const NOW = DEFAULT_SEED_NOW;

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

/** Touchpoints as stored (a sample spread over the history) with their timeline entries, tasks and promises. */
async function touches(database: Database) {
  const { db } = database;
  return {
    activities: await db.selectFrom('activities').selectAll().orderBy('id').limit(20).execute(),
    recent: await db.selectFrom('activities').selectAll().orderBy('id', 'desc').limit(5).execute(),
    timeline: await db
      .selectFrom('timeline')
      .selectAll()
      .where('type', '=', 'activity.logged')
      .orderBy('id', 'desc')
      .limit(10)
      .execute(),
    tasks: await db.selectFrom('tasks').selectAll().orderBy('id').limit(10).execute(),
    promises: await db.selectFrom('promises').selectAll().orderBy('id').limit(10).execute(),
    companies: await db.selectFrom('companies').selectAll().orderBy('id').limit(10).execute(),
  };
}

let reference:
  | { people: Awaited<ReturnType<typeof firstPeople>>; touches: Awaited<ReturnType<typeof touches>> }
  | undefined;
async function referenceSeed() {
  if (!reference) {
    const database = await openDatabase('sqlite::memory:');
    await seedWorkspace(database, { scale: 'demo', seed: 1, now: NOW });
    reference = { people: await firstPeople(database), touches: await touches(database) };
    await database.close();
  }
  return reference;
}
const referencePeople = async () => (await referenceSeed()).people;

describe.each(targets)('seedWorkspace(demo) on $name', (target) => {
  let database: Database;
  let result: SeedResult;
  let wasEmpty: boolean;

  beforeAll(async () => {
    database = await target.open();
    wasEmpty = await isEmpty(database);
    result = await seedWorkspace(database, { scale: 'demo', seed: 1, now: NOW });
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
    const count = async (
      table: 'people' | 'companies' | 'person_emails' | 'person_phones' | 'events' | 'timeline' | 'activities',
    ) =>
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
    // one creation entry per record, one entry per touchpoint: about ten per person
    expect(await count('activities')).toBe(result.activities);
    expect(result.activities).toBeGreaterThan(20_000);
    expect(result.activities).toBeLessThan(35_000);
    // …and the deals' and cases' own history (seeded sales and service: see sales.test.ts and service.test.ts)
    const notDeals = async (table: 'events' | 'timeline') =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .where('object', 'not in', ['deals', 'cases'])
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await notDeals('events')).toBe(3_300 + result.activities);
    expect(await notDeals('timeline')).toBe(3_300 + result.activities);

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
      'manager@demo.rapport.test': ['manager', 'North, South, Enterprise'],
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
      const rows = await database.db
        .selectFrom('users')
        .innerJoin('roles', 'roles.id', 'users.role_id')
        .leftJoin('user_teams', 'user_teams.user_id', 'users.id')
        .leftJoin('teams', 'teams.id', 'user_teams.team_id')
        .select(['users.email', 'users.active', 'roles.key as role', 'teams.name as team'])
        .where('users.email', '=', u.email)
        .execute();
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(row).toMatchObject({ email: u.email, active: 1, role: u.role });
      const teams = rows.flatMap((r) => (r.team ? [r.team] : []));
      expect(teams.sort(), u.email).toEqual(u.team ? u.team.split(', ').sort() : []);
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
    if (database.dialect === 'sqlite') {
      // the load runs with foreign keys unchecked; every reference must still hold
      expect((await sql`pragma foreign_key_check`.execute(db)).rows).toEqual([]);
    }
  });

  it('is deterministic: the same seed gives the same people, ids included (on either database)', async () => {
    expect(await firstPeople(database)).toEqual(await referencePeople());
    const mine = await touches(database);
    expect(mine.activities).toHaveLength(20);
    expect(mine.promises.length).toBeGreaterThan(0);
    expect(mine).toEqual((await referenceSeed()).touches);
  });

  it('writes one timeline entry and one event per activity, with the summary format and payload', async () => {
    const { db } = database;
    const rows = await db
      .selectFrom('activities')
      .innerJoin('timeline', (j) =>
        j.onRef('timeline.record_id', '=', 'activities.id').on('timeline.type', '=', 'activity.logged'),
      )
      .innerJoin('events', 'events.id', 'timeline.event_id')
      .innerJoin('people', 'people.id', 'activities.person_id')
      .select([
        'activities.id',
        'activities.type',
        'activities.direction',
        'activities.channel',
        'activities.department',
        'activities.subject',
        'activities.body_html',
        'activities.occurred_at',
        'activities.duration_seconds',
        'activities.outcome',
        'activities.two_way',
        'activities.owner_id',
        'activities.team_id',
        'activities.company_id',
        'people.company_id as person_company',
        'people.team_id as person_team',
        'people.created_at as person_created',
        'timeline.at',
        'timeline.summary',
        'timeline.payload',
        'timeline.department as tl_department',
        'timeline.person_id',
        'timeline.company_id as tl_company',
        'timeline.actor_id',
        'timeline.object',
        'events.type as event_type',
        'events.object as event_object',
        'events.record_id as event_record',
        'events.actor_id as event_actor',
        'events.at as event_at',
        'events.payload as event_payload',
      ])
      .execute();
    expect(rows.length).toBe(result.activities); // 1:1 (timeline.record_id and events are joined, nothing lost)
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    const shapes: Record<string, RegExp> = {
      call: /^Call \((inbound|outbound)(, (\d+ s|\d+ min|\d+ h( \d+ min)?))?\): .+ — (connected|voicemail|no answer)$/,
      email: /^Email \((inbound|outbound)\): [^—]+$/,
      meeting: /^Meeting \((\d+ min|\d+ h( \d+ min)?)\): [^—]+$/,
      visit: /^Visit \((\d+ min|\d+ h( \d+ min)?)\): [^—]+$/,
      note: /^Note: [^—]+$/,
      sms: /^SMS \((inbound|outbound)\): [^—]+$/,
      chat: /^Chat \((inbound|outbound)\): [^—]+$/,
    };
    // checked row by row in plain code (25,000 rows), mismatches collected and asserted at once
    const seen = new Set<string>();
    const problems: string[] = [];
    const check = (ok: boolean, r: (typeof rows)[number], what: string) => {
      if (!ok) problems.push(`${r.id} ${r.type}: ${what}`);
    };
    const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
    for (const r of rows) {
      seen.add(r.type);
      check(shapes[r.type]!.test(r.summary), r, `summary shape ${r.summary}`);
      const expected = activitySummary({
        type: r.type,
        direction: r.direction,
        duration_seconds: r.duration_seconds,
        subject: r.subject,
        outcome: r.outcome,
      });
      check(r.summary === expected, r, `summary ${r.summary} != ${expected}`);
      check(/^(<p>[^<>]+<\/p>)+$/.test(r.body_html ?? ''), r, `body ${r.body_html}`);
      check(r.at === r.occurred_at && r.event_at === r.occurred_at, r, 'timeline/event time');
      check(r.occurred_at >= r.person_created && r.occurred_at < NOW, r, `occurred_at ${r.occurred_at}`);
      check(
        same(
          [r.tl_department, r.person_id, r.tl_company, r.actor_id, r.object],
          [r.department, r.person_id, r.person_company, r.owner_id, 'activities'],
        ),
        r,
        'timeline columns',
      );
      check(
        same(
          [r.event_type, r.event_object, r.event_record, r.event_actor],
          ['activity.logged', 'activities', r.id, r.owner_id],
        ),
        r,
        'event columns',
      );
      check(r.company_id === r.person_company && r.team_id === r.person_team, r, 'company/team of the person');
      const twoWay = r.direction === 'in' || r.type === 'meeting' || r.type === 'visit' || r.outcome === 'connected';
      check(r.two_way === (twoWay ? 1 : 0), r, 'two_way');
      const timed = r.type === 'meeting' || r.type === 'visit' || (r.type === 'call' && r.outcome !== 'no answer');
      check((r.duration_seconds !== null) === timed, r, 'duration');
      const payload = JSON.parse(r.payload);
      check(r.event_payload === r.payload, r, 'event payload');
      check(
        same(payload, {
          type: r.type,
          direction: r.direction,
          channel: r.channel,
          subject: r.subject,
          excerpt: payload.excerpt,
          outcome: r.outcome,
          durationSeconds: r.duration_seconds,
          dealId: null,
          caseId: null,
          loggedAt: payload.loggedAt,
        }),
        r,
        `payload ${r.payload}`,
      );
      const lag = Date.parse(payload.loggedAt) - Date.parse(r.occurred_at);
      check(lag === 3_600_000 || lag === 3 * 86_400_000, r, `logged ${payload.loggedAt}`);
      check(
        typeof payload.excerpt === 'string' && (r.body_html ?? '').includes(payload.excerpt.split('.')[0]),
        r,
        'excerpt',
      );
    }
    expect(problems.slice(0, 10)).toEqual([]);
    expect([...seen].sort()).toEqual(['call', 'chat', 'email', 'meeting', 'note', 'sms', 'visit']);
    const example = rows.find((r) => r.type === 'call' && r.outcome === 'connected')!;
    expect(example.summary).toMatch(/^Call \((in|out)bound, \d+ min\): /);

    // the owner of each activity belongs to the record's team
    const outside = await db
      .selectFrom('activities')
      .select('id')
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('user_teams')
              .select('user_teams.user_id')
              .whereRef('user_teams.user_id', '=', 'activities.owner_id')
              .whereRef('user_teams.team_id', '=', 'activities.team_id'),
          ),
        ),
      )
      .execute();
    expect(outside).toEqual([]);
  });

  it('has a skewed, realistic amount of touchpoints: leads 0-3, some customers hundreds', async () => {
    const perPerson = await database.db
      .selectFrom('people')
      .leftJoin('activities', 'activities.person_id', 'people.id')
      .select(['people.id', 'people.lifecycle_stage', (eb) => eb.fn.count('activities.id').as('n')])
      .groupBy(['people.id', 'people.lifecycle_stage'])
      .execute();
    const leads = perPerson.filter((p) => p.lifecycle_stage === 'lead').map((p) => Number(p.n));
    expect(Math.max(...leads)).toBeLessThanOrEqual(11); // 0-3, plus a recent complaint burst at most
    const counts = perPerson.map((p) => Number(p.n)).sort((a, b) => a - b);
    expect(counts[Math.floor(counts.length / 2)]).toBeLessThanOrEqual(5); // most a handful
    expect(counts.at(-1)).toBeGreaterThanOrEqual(100); // a few hundreds
  });

  it('keeps contact facts consistent with the activities, people and companies', async () => {
    const { db } = database;
    const people = await db
      .selectFrom('people')
      .select([
        'id',
        'created_at',
        'lifecycle_stage',
        'cadence_days',
        'last_contact_at',
        'last_contact_by',
        'last_contact_channel',
        'last_two_way_at',
        'contact_due_at',
        'value_tier',
        'flags',
      ])
      .orderBy('id')
      .execute();
    const facts = new Map(
      (
        await db
          .selectFrom('activities')
          .select([
            'person_id',
            (eb) => eb.fn.max('occurred_at').as('last'),
            (eb) => eb.fn.max(eb.case().when('two_way', '=', 1).then(eb.ref('occurred_at')).end()).as('two_way'),
          ])
          .groupBy('person_id')
          .execute()
      ).map((r) => [r.person_id, r]),
    );
    const day = 86_400_000;
    for (const p of people) {
      const f = facts.get(p.id);
      expect(p.last_contact_at).toBe(f?.last ?? null);
      expect(p.last_two_way_at).toBe(f?.two_way ?? null);
      const cadence = effectiveCadence(p.cadence_days, p.lifecycle_stage, LIFECYCLE_CADENCE_DEFAULTS);
      expect(p.contact_due_at).toBe(
        new Date(Date.parse(p.last_two_way_at ?? p.created_at) + cadence * day).toISOString(),
      );
      if (p.cadence_days !== null) expect([7, 14, 60, 90]).toContain(p.cadence_days);
      expect(p.value_tier === null).toBe(p.lifecycle_stage !== 'customer');
    }
    // by whom and through which channel: the latest activity's (checked on a sample)
    for (const p of people.filter((x) => x.last_contact_at !== null).slice(0, 300)) {
      const latest = await db
        .selectFrom('activities')
        .select(['owner_id', 'channel'])
        .where('person_id', '=', p.id)
        .where('occurred_at', '=', p.last_contact_at!)
        .execute();
      expect(latest).toContainEqual({ owner_id: p.last_contact_by, channel: p.last_contact_channel });
    }
    const share = (pred: (p: (typeof people)[number]) => boolean) => people.filter(pred).length / people.length;
    expect(share((p) => p.cadence_days !== null)).toBeGreaterThan(0.02);
    expect(share((p) => p.cadence_days !== null)).toBeLessThan(0.09);
    expect(share((p) => p.flags.includes('open_complaint'))).toBeGreaterThan(0.002);
    expect(share((p) => p.flags.includes('open_complaint'))).toBeLessThan(0.025);
    const tiers = people.filter((p) => p.value_tier !== null).map((p) => p.value_tier);
    expect(tiers.filter((t) => t === 'A').length).toBeLessThan(tiers.filter((t) => t === 'C').length / 4);
    const cold = share((p) => p.contact_due_at! < NOW);
    expect(cold).toBeGreaterThan(0.1); // "going cold" has content, but is the minority of a well-kept book
    expect(cold).toBeLessThan(0.45);
    const customers = people.filter((p) => p.lifecycle_stage === 'customer');
    expect(customers.filter((p) => p.contact_due_at! < NOW).length / customers.length).toBeLessThan(0.3);

    const companies = await db
      .selectFrom('companies')
      .select(['id', 'created_at', 'cadence_days', 'last_contact_at', 'last_two_way_at', 'contact_due_at', 'flags'])
      .execute();
    const byCompany = new Map(
      (
        await db
          .selectFrom('activities')
          .where('company_id', 'is not', null)
          .select([
            'company_id',
            (eb) => eb.fn.max('occurred_at').as('last'),
            (eb) => eb.fn.max(eb.case().when('two_way', '=', 1).then(eb.ref('occurred_at')).end()).as('two_way'),
          ])
          .groupBy('company_id')
          .execute()
      ).map((r) => [r.company_id, r]),
    );
    for (const c of companies) {
      const f = byCompany.get(c.id);
      expect(c.last_contact_at).toBe(f?.last ?? null);
      expect(c.last_two_way_at).toBe(f?.two_way ?? null);
      const cadence = effectiveCadence(c.cadence_days, 'customer', LIFECYCLE_CADENCE_DEFAULTS);
      expect(c.contact_due_at).toBe(
        new Date(Date.parse(c.last_two_way_at ?? c.created_at) + cadence * day).toISOString(),
      );
      expect(JSON.parse(c.flags)).toBeInstanceOf(Array);
    }
  });

  it('adds tasks around now and promises for some customers, owned by the record owner', async () => {
    const { db } = database;
    const tasks = await db
      .selectFrom('tasks')
      .innerJoin('people', 'people.id', 'tasks.person_id')
      .select(['tasks.status', 'tasks.due_at', 'tasks.assignee_id', 'tasks.created_at', 'people.owner_id'])
      .execute();
    expect(tasks.length).toBeGreaterThan(100);
    const day = 86_400_000;
    const nowMs = Date.parse(NOW);
    for (const t of tasks) {
      expect(t.assignee_id).toBe(t.owner_id);
      expect(['open', 'done']).toContain(t.status);
      expect(t.created_at <= NOW).toBe(true);
      if (t.status === 'open') expect(Math.abs(Date.parse(t.due_at!) - nowMs)).toBeLessThan(25 * day);
    }
    expect(tasks.filter((t) => t.status === 'open').length).toBeGreaterThan(20);
    const promises = await db.selectFrom('promises').selectAll().execute();
    const customers = Number(
      (
        await db
          .selectFrom('people')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('lifecycle_stage', '=', 'customer')
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(promises.length).toBeGreaterThan(customers * 0.03);
    expect(promises.length).toBeLessThan(customers * 0.15);
    expect(new Set(promises.map((p) => p.status))).toEqual(new Set(['open', 'kept', 'broken', 'renegotiated']));
    for (const p of promises) {
      expect(Date.parse(p.due_at) - Date.parse(p.remind_at!)).toBe(day);
      expect(['sales', 'service', 'accounts']).toContain(p.department);
      expect(p.created_at <= NOW).toBe(true);
      if (p.status === 'open') expect(p.resolved_at).toBeNull();
      else expect(p.resolved_at).not.toBeNull();
      if (p.renegotiated_from) expect(promises.find((x) => x.id === p.renegotiated_from)?.status).toBe('renegotiated');
    }
  });
});

describe.each(targets)('withDeferredIndexes on $name', (target) => {
  let database: Database;
  const tables = ['people', 'companies', 'activities', 'timeline', 'search_documents'];
  /** Every index of the database with its definition, unique and primary-key ones included. */
  const allIndexes = async (): Promise<string[]> => {
    if (database.dialect === 'sqlite') {
      const r = await database.db
        .selectFrom('sqlite_master' as never)
        .select(['name' as never, 'sql' as never])
        .where('type' as never, '=', 'index' as never)
        .execute();
      return (r as { name: string; sql: string | null }[]).map((x) => `${x.name}: ${x.sql}`).sort();
    }
    const r = await database.db
      .selectFrom('pg_indexes' as never)
      .select(['indexname' as never, 'indexdef' as never])
      .where('schemaname' as never, '=', 'public' as never)
      .execute();
    return (r as { indexname: string; indexdef: string }[]).map((x) => `${x.indexname}: ${x.indexdef}`).sort();
  };

  beforeAll(async () => {
    database = await target.open();
  }, 60_000);
  afterAll(async () => {
    await database?.close();
    await target.cleanup();
  });

  it('finds only secondary indexes, drops them while fn runs and recreates them exactly', async () => {
    const before = await allIndexes();
    const secondary = await secondaryIndexes(database, tables);
    expect(secondary.map((i) => i.name)).toEqual(
      expect.arrayContaining([
        'people_name_live_idx',
        'companies_domain_idx',
        'activities_person_idx',
        'timeline_person_idx',
      ]),
    );
    expect(secondary.some((i) => /unique|primary|_pkey|autoindex|_pk$/i.test(`${i.name} ${i.sql}`))).toBe(false);
    const during = await withDeferredIndexes(database, tables, async () => {
      await database.db
        .insertInto('teams')
        .values({ id: 'team-during-load', name: 'During load', created_at: NOW })
        .execute();
      return { mine: await secondaryIndexes(database, tables), all: await allIndexes() };
    });
    expect(during.mine).toEqual([]);
    expect(during.all).toEqual(before.filter((d) => !secondary.some((i) => d.startsWith(`${i.name}: `))));
    expect(await allIndexes()).toEqual(before);
    expect(await secondaryIndexes(database, tables)).toEqual(secondary);
  });

  it('recreates them also when fn throws, and rethrows', async () => {
    const before = await allIndexes();
    await expect(
      withDeferredIndexes(database, tables, async () => {
        expect(await secondaryIndexes(database, tables)).toEqual([]);
        throw new Error('load failed');
      }),
    ).rejects.toThrow('load failed');
    expect(await allIndexes()).toEqual(before);
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
    const result = await seedWorkspace(database, { scale: 50, seed: 7, withTimeline: false, now: NOW });
    expect(result).toMatchObject({ people: 50, companies: 10, activities: 0 });
    expect(await firstPeople(database)).not.toEqual(await referencePeople());
    for (const table of ['events', 'timeline', 'activities', 'tasks', 'promises'] as const)
      expect(await database.db.selectFrom(table).select('id').execute()).toEqual([]);
    await database.close();
  });

  it('gives the same records with or without the timeline (only the contact facts differ)', async () => {
    const database = await openDatabase('sqlite::memory:');
    await seedWorkspace(database, { scale: 'demo', seed: 1, withTimeline: false, now: NOW });
    const facts = [
      'last_contact_at',
      'last_contact_by',
      'last_contact_channel',
      'last_two_way_at',
      'contact_due_at',
    ] as const;
    const strip = (rows: Awaited<ReturnType<typeof firstPeople>>) =>
      rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !(facts as readonly string[]).includes(k))));
    const without = await firstPeople(database);
    expect(strip(without)).toEqual(strip(await referencePeople()));
    for (const p of without) expect(p.last_contact_at).toBeNull();
    await database.close();
  });

  it('gives the same rows and the same indexes when the load defers its indexes', async () => {
    const seedWith = async (deferIndexes: boolean) => {
      const database = await openDatabase('sqlite::memory:');
      await seedWorkspace(database, { scale: 300, seed: 3, now: NOW, deferIndexes });
      const indexes = await sql<{ name: string; sql: string | null }>`
        select name, sql from sqlite_master where type = 'index' order by name`.execute(database.db);
      const out = { people: await firstPeople(database), touches: await touches(database), indexes: indexes.rows };
      await database.close();
      return out;
    };
    const deferred = await seedWith(true);
    expect(deferred.indexes.some((i) => i.name === 'activities_person_idx')).toBe(true);
    expect(deferred).toEqual(await seedWith(false));
  });

  it('gives the same rows and search documents when a worker thread generates them', async () => {
    const seedWith = async (worker: boolean) => {
      const database = await openDatabase('sqlite::memory:');
      const result = await seedWorkspace(database, { scale: 400, seed: 5, now: NOW, worker });
      const documents = await database.db
        .selectFrom('search_documents')
        .selectAll()
        .orderBy('kind')
        .orderBy('record_id')
        .execute();
      const out = {
        result: { ...result, ms: 0 },
        people: await firstPeople(database),
        touches: await touches(database),
      };
      await database.close();
      return { ...out, documents };
    };
    const inThread = await seedWith(false);
    expect(inThread.documents).toHaveLength(400 + 80 + inThread.result.deals + inThread.result.cases);
    expect(await seedWith(true)).toEqual(inThread);
  });

  it('ends the demo history today (same all day) and benchmark scales at a fixed date, unless told', () => {
    const clock = () => Date.parse('2027-03-04T15:16:17.000Z');
    expect(new Date(seedNow('demo', undefined, clock)).toISOString()).toBe('2027-03-04T00:00:00.000Z');
    expect(seedNow('demo', undefined, () => Date.parse('2027-03-04T23:59:59.999Z'))).toBe(
      seedNow('demo', undefined, clock),
    );
    for (const scale of ['small', 'medium', 'large', 500] as const)
      expect(new Date(seedNow(scale, undefined, clock)).toISOString()).toBe(DEFAULT_SEED_NOW);
    expect(new Date(seedNow('demo', '2025-01-02T03:04:05.000Z', clock)).toISOString()).toBe('2025-01-02T03:04:05.000Z');
    expect(() => seedNow('small', 'not a date')).toThrow(/Invalid seed time/);
  });
});
