/**
 * Seeds a workspace with a deterministic dataset: the demo workspace (`demo`) and the benchmark sizes (`small`,
 * `medium`, `large`). Writes with batched multi-row INSERTs in one transaction per chunk, through the query builder
 * only, so it runs the same on SQLite and PostgreSQL.
 */
import type { Insertable } from 'kysely';
import type { Database, Executor } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import { BUILTIN_ROLES } from '../platform/access/policy.ts';
import { hashPassword } from '../platform/auth/passwords.ts';
import { DatasetGenerator, DEFAULT_SEED_NOW, DEMO_PASSWORD, TEAMS } from './generate.ts';

export { DEMO_EMAIL_DOMAIN, DEMO_PASSWORD } from './generate.ts';

/** A named size, or a number of people (companies are a fifth of that). */
export type SeedScale = 'demo' | 'small' | 'medium' | 'large' | number;

export interface SeedOptions {
  scale: SeedScale;
  /** Same seed, same rows and ids. Default 1. */
  seed?: number;
  /** Write a `*.created` event and timeline entry per company and person. Default true. */
  withTimeline?: boolean;
  /**
   * The instant the generated three-year history ends at (ISO-8601). Default: a fixed date, so runs are reproducible;
   * pass the current time for a demo whose activity looks recent.
   */
  now?: string;
  onProgress?: (done: number, total: number, phase: string) => void;
}

export interface SeedResult {
  /** Every login created; they all share the demo password. */
  users: { email: string; password: string; role: string; team: string | null }[];
  companies: number;
  people: number;
  ms: number;
}

export const SCALES = {
  demo: { people: 3_000, companies: 300 },
  small: { people: 10_000, companies: 2_000 },
  medium: { people: 100_000, companies: 20_000 },
  large: { people: 1_000_000, companies: 200_000 },
} as const;

/** Records per transaction: large enough to amortise commits, small enough to report progress often. */
const CHUNK = 5_000;
/** SQLite's default bound-parameter limit (PostgreSQL allows 65,535); statements also stay under 1,000 rows. */
const MAX_PARAMETERS = 32_766;
const MAX_ROWS_PER_STATEMENT = 1_000;

export function seedPlan(scale: SeedScale): { people: number; companies: number; extraUsers: number } {
  let people: number;
  let companies: number;
  if (typeof scale === 'number') {
    if (!Number.isInteger(scale) || scale < 0)
      throw new Error(`Seed scale must be a whole number of people, not ${scale}`);
    people = scale;
    companies = Math.max(1, Math.round(scale / 5));
  } else {
    const named = SCALES[scale];
    if (!named) throw new Error(`Unknown seed scale ${String(scale)}`);
    ({ people, companies } = named);
  }
  // about one user per 5,000 people so ownership stays realistic, at least a few so every sales team has reps
  const extraUsers = Math.min(200, Math.max(3, Math.round(people / 5_000)));
  return { people, companies, extraUsers };
}

/** True when no user exists yet (a fresh database the seed may fill). */
export async function isEmpty(database: Database): Promise<boolean> {
  const row = await database.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  return row === undefined;
}

async function insertRows<T extends keyof DB & string>(
  db: Executor,
  table: T,
  rows: readonly Insertable<DB[T]>[],
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!).length;
  const size = Math.max(1, Math.min(MAX_ROWS_PER_STATEMENT, Math.floor(MAX_PARAMETERS / columns)));
  for (let i = 0; i < rows.length; i += size) {
    // Kysely cannot relate a generic table name to its row type; the signature above does
    await db
      .insertInto(table)
      .values(rows.slice(i, i + size) as never)
      .execute();
  }
}

/**
 * Fills an empty workspace. Built-in roles, the teams, the workspace row and custom field definitions are created when
 * missing (kept when they exist); it refuses a database that already has users.
 */
export async function seedWorkspace(database: Database, options: SeedOptions): Promise<SeedResult> {
  const started = performance.now();
  const { db } = database;
  const plan = seedPlan(options.scale);
  const nowMs = Date.parse(options.now ?? DEFAULT_SEED_NOW);
  if (Number.isNaN(nowMs)) throw new Error(`Invalid seed time ${options.now}`);
  const progress = options.onProgress ?? (() => {});
  const gen = new DatasetGenerator({
    seed: options.seed ?? 1,
    people: plan.people,
    companies: plan.companies,
    extraUsers: plan.extraUsers,
    nowMs,
    withTimeline: options.withTimeline ?? true,
  });

  if (!(await isEmpty(database)))
    throw new Error('The database already has users; the seed only fills an empty workspace');
  progress(0, 1, 'setup');
  const passwordHash = await hashPassword(DEMO_PASSWORD); // argon2 is slow on purpose: hash once, share
  const setupAt = new Date(gen.setupMs).toISOString();
  // ids are drawn even for rows that already exist, so the rest of the data does not depend on what was there
  const roleIds = new Map(BUILTIN_ROLES.map((r, k) => [r.key, gen.id(gen.setupMs + k)]));
  const teamIds = new Map<string, string>(TEAMS.map((t, k) => [t, gen.id(gen.setupMs + 1000 + k)]));
  const users = gen.users();
  const fieldDefs = gen.customFieldDefs();

  await db.transaction().execute(async (trx) => {
    const workspace = await trx.selectFrom('workspace').select('id').where('id', '=', 'default').executeTakeFirst();
    if (!workspace) {
      await trx
        .insertInto('workspace')
        .values({
          id: 'default',
          name: 'Rapport Demo Ltd',
          default_country: 'GB',
          default_currency: 'GBP',
          timezone: 'Europe/London',
          business_hours: JSON.stringify({ days: [1, 2, 3, 4, 5], start: '09:00', end: '17:30' }),
          modules: JSON.stringify({ sales: true, marketing: true, service: true, portal: false, accounts: true }),
          updated_at: setupAt,
        })
        .execute();
    }

    const existingRoles = new Map(
      (await trx.selectFrom('roles').select(['id', 'key']).execute()).map((r) => [r.key, r.id]),
    );
    const newRoles = BUILTIN_ROLES.filter((r) => !existingRoles.has(r.key)).map((r) => ({
      id: roleIds.get(r.key)!,
      key: r.key,
      name: r.name,
      builtin: 1,
      policy: JSON.stringify(r.policy),
      created_at: setupAt,
      updated_at: setupAt,
    }));
    await insertRows(trx, 'roles', newRoles);
    for (const [key, id] of existingRoles) roleIds.set(key, id);

    const existingTeams = new Map(
      (await trx.selectFrom('teams').select(['id', 'name']).execute()).map((t) => [t.name, t.id]),
    );
    await insertRows(
      trx,
      'teams',
      TEAMS.filter((t) => !existingTeams.has(t)).map((t) => ({ id: teamIds.get(t)!, name: t, created_at: setupAt })),
    );
    for (const [name, id] of existingTeams) teamIds.set(name, id);

    await insertRows(
      trx,
      'users',
      users.map((u) => ({
        id: u.id,
        email: u.email,
        name: u.name,
        password_hash: passwordHash,
        role_id: roleIds.get(u.roleKey)!,
        active: 1,
        created_at: new Date(u.createdMs).toISOString(),
        updated_at: new Date(u.createdMs).toISOString(),
        last_login_at: u.lastLoginMs === null ? null : new Date(u.lastLoginMs).toISOString(),
      })),
    );
    await insertRows(
      trx,
      'user_teams',
      users.filter((u) => u.team !== null).map((u) => ({ user_id: u.id, team_id: teamIds.get(u.team!)! })),
    );

    const existingFields = await trx.selectFrom('custom_field_defs').select(['object', 'key']).execute();
    const taken = new Set(existingFields.map((f) => `${f.object}.${f.key}`));
    await insertRows(
      trx,
      'custom_field_defs',
      fieldDefs.filter((f) => !taken.has(`${f.object}.${f.key}`)),
    );
  });
  gen.setTeamIds(teamIds);
  progress(1, 1, 'setup');

  const companies = gen.companies();
  progress(0, companies.length, 'companies');
  for (let i = 0; i < companies.length; i += CHUNK) {
    const end = Math.min(companies.length, i + CHUNK);
    const batch = gen.companyRows(i, end);
    await db.transaction().execute(async (trx) => {
      await insertRows(trx, 'companies', batch.companies);
      await insertRows(trx, 'events', batch.events);
      await insertRows(trx, 'timeline', batch.timeline);
    });
    progress(end, companies.length, 'companies');
  }

  progress(0, plan.people, 'people');
  let done = 0;
  while (gen.peopleRemaining > 0) {
    const chunk = gen.people(CHUNK);
    await db.transaction().execute(async (trx) => {
      await insertRows(trx, 'people', chunk.people);
      await insertRows(trx, 'person_emails', chunk.emails);
      await insertRows(trx, 'person_phones', chunk.phones);
      await insertRows(trx, 'events', chunk.events);
      await insertRows(trx, 'timeline', chunk.timeline);
    });
    done += chunk.people.length;
    progress(done, plan.people, 'people');
  }

  return {
    users: users.map((u) => ({ email: u.email, password: DEMO_PASSWORD, role: u.roleKey, team: u.team })),
    companies: companies.length,
    people: done,
    ms: Math.round(performance.now() - started),
  };
}
