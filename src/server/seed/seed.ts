/**
 * Seeds a workspace with a deterministic dataset: the demo workspace (`demo`) and the benchmark sizes (`small`,
 * `medium`, `large`). Writes in one transaction per chunk (`db/bulk.ts`): on SQLite batched multi-row INSERTs through
 * prepared statements bound directly, on PostgreSQL `COPY … FROM STDIN`; large loads generate the rows on a
 * worker thread (`seed-worker.ts`) while this thread writes, and drop the secondary indexes of the tables they fill
 * to rebuild them at the end. The search documents of people and companies are written with them, so a seeded
 * database is searchable without a separate rebuild.
 */

import { Worker } from 'node:worker_threads';
import type { Insertable } from 'kysely';
import {
  insertRows as bulkInsert,
  copyTables,
  insertValues,
  insertValuesSync,
  type TableValues,
  updateRows,
  withBulkLoadSettings,
  withDeferredIndexes,
} from '../db/bulk.ts';
import type { Database, Executor } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import { BUILTIN_ROLES } from '../platform/access/policy.ts';
import { hashPassword } from '../platform/auth/passwords.ts';
import { withDeferredSearchIndex } from '../platform/search/rebuild.ts';
import { CHUNK, prepareGenerator, type SeedBatch, type SeedSummary, seedBatches } from './batches.ts';
import { type DatasetGenerator, DEFAULT_SEED_NOW, DEMO_PASSWORD, type GeneratorOptions, TEAMS } from './generate.ts';
import { dealCount, seedSales } from './sales.ts';
import type { SeedWorkerData, SeedWorkerMessage } from './seed-worker.ts';
import { caseCount, seedService } from './service.ts';

export { DEMO_EMAIL_DOMAIN, DEMO_PASSWORD } from './generate.ts';

/** A named size, or a number of people (companies are a fifth of that). */
export type SeedScale = 'demo' | 'small' | 'medium' | 'large' | number;

export interface SeedOptions {
  scale: SeedScale;
  /** Same seed, same rows and ids. Default 1. */
  seed?: number;
  /**
   * Write the history: a `*.created` event and timeline entry per company and person, and each person's touchpoints
   * (activities with their `activity.logged` events and timeline entries, tasks, promises) and the contact facts they
   * imply. Default true.
   */
  withTimeline?: boolean;
  /**
   * The instant the generated three-year history ends at (ISO-8601). Default: for `demo`, the start of the current
   * UTC day (the demo looks recent, and is still the same all day); for every other scale a fixed date, so benchmark
   * datasets are identical on any day.
   */
  now?: string;
  /** Seed the sales pipelines and a year of deals with their history (about one per two companies). Default: withTimeline. */
  withSales?: boolean;
  /** Seed case types, SLA policies, holidays and a year of cases (about one per four companies). Default: withTimeline. */
  withService?: boolean;
  /** Drop secondary indexes during the load and rebuild them after. Default: from 50,000 people. */
  deferIndexes?: boolean;
  /** Generate the rows on a worker thread while this one writes. Default: from 50,000 people. */
  worker?: boolean;
  onProgress?: (done: number, total: number, phase: string) => void;
}

export interface SeedResult {
  /** Every login created; they all share the demo password. */
  users: { email: string; password: string; role: string; team: string | null }[];
  companies: number;
  people: number;
  activities: number;
  deals: number;
  cases: number;
  ms: number;
}

export const SCALES = {
  demo: { people: 3_000, companies: 300 },
  small: { people: 10_000, companies: 2_000 },
  medium: { people: 100_000, companies: 20_000 },
  large: { people: 1_000_000, companies: 200_000 },
} as const;

/** From this many people, secondary indexes are dropped for the load and rebuilt once at the end. */
const DEFER_INDEXES_FROM = 50_000;
/** From this many people, a worker thread generates while the main thread writes (below, starting it costs more). */
const WORKER_FROM = 50_000;
/** Batches the worker may run ahead of the writer. */
const WORKER_AHEAD = 3;
/** The tables the load fills. */
const LOADED_TABLES = [
  'companies',
  'people',
  'person_emails',
  'person_phones',
  'events',
  'timeline',
  'activities',
  'tasks',
  'promises',
  'search_documents',
] as const;

/**
 * When the generated history ends: the given instant, else for the demo the start of the current UTC day (so it looks
 * recent: contacts going cold, tasks and promises due around today), else a fixed date (benchmarks stay identical).
 */
export function seedNow(scale: SeedScale, now?: string, clock: () => number = Date.now): number {
  if (now !== undefined) {
    const ms = Date.parse(now);
    if (Number.isNaN(ms)) throw new Error(`Invalid seed time ${now}`);
    return ms;
  }
  if (scale === 'demo') return Math.floor(clock() / 86_400_000) * 86_400_000;
  return Date.parse(DEFAULT_SEED_NOW);
}

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

/**
 * Fills an empty workspace. Built-in roles, the teams, the workspace row and custom field definitions are created when
 * missing (kept when they exist); it refuses a database that already has users.
 */
export async function seedWorkspace(database: Database, options: SeedOptions): Promise<SeedResult> {
  const started = performance.now();
  const { db } = database;
  const plan = seedPlan(options.scale);
  const nowMs = seedNow(options.scale, options.now);
  const insertRows = <T extends keyof DB & string>(db: Executor, table: T, rows: readonly Insertable<DB[T]>[]) =>
    bulkInsert(db, database.dialect, table, rows);
  const progress = options.onProgress ?? (() => {});
  const generatorOptions: GeneratorOptions = {
    seed: options.seed ?? 1,
    people: plan.people,
    companies: plan.companies,
    extraUsers: plan.extraUsers,
    nowMs,
    withTimeline: options.withTimeline ?? true,
  };
  const { gen, roleIds, teamIds, users, fieldDefs } = prepareGenerator(generatorOptions);

  if (!(await isEmpty(database)))
    throw new Error('The database already has users; the seed only fills an empty workspace');
  progress(0, 1, 'setup');
  const passwordHash = await hashPassword(DEMO_PASSWORD); // argon2 is slow on purpose: hash once, share
  const setupAt = new Date(gen.setupMs).toISOString();
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
          modules: JSON.stringify({
            sales: true,
            marketing: true,
            service: true,
            portal: options.scale === 'demo',
            accounts: true,
          }),
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
      users.flatMap((u) =>
        [u.team, ...(u.alsoTeams ?? [])].flatMap((t) => (t ? [{ user_id: u.id, team_id: teamIds.get(t)! }] : [])),
      ),
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

  const useWorker = options.worker ?? plan.people >= WORKER_FROM;
  const batches = useWorker
    ? workerBatches({ options: generatorOptions, teamIds: [...teamIds], ahead: WORKER_AHEAD })
    : localBatches(gen);
  const raw = database.dialect === 'sqlite' ? database.sqlite : undefined;
  const write = async (tables: readonly TableValues[]) => {
    if (database.pool !== undefined) {
      await copyTables(database.pool, tables);
      return;
    }
    if (raw === undefined) {
      await db.transaction().execute(async (trx) => {
        for (const t of tables) await insertValues(trx, database.dialect, t);
      });
      return;
    }
    // SQLite: the statements are bound directly on the connection, in one transaction; nothing else runs meanwhile
    raw.exec('begin');
    try {
      for (const t of tables) insertValuesSync(raw, t);
      raw.exec('commit');
    } catch (err) {
      if (raw.isTransaction) raw.exec('rollback');
      throw err;
    }
  };

  let summary: SeedSummary | undefined;
  const load = async () => {
    let phase = '';
    for (;;) {
      const next = await batches.next();
      if (next.done) {
        summary = next.value;
        break;
      }
      const batch = next.value;
      if (batch.phase !== phase) {
        phase = batch.phase;
        progress(0, batch.total, phase);
      }
      await write(batch.tables);
      progress(batch.done, batch.total, batch.phase);
    }

    const contacts = summary.contacts;
    progress(0, contacts.length, 'contact facts');
    for (let i = 0; i < contacts.length; i += CHUNK * 4) {
      const batch = contacts.slice(i, i + CHUNK * 4);
      await db.transaction().execute((trx) => updateRows(trx, database.dialect, 'companies', 'id', batch));
      progress(Math.min(contacts.length, i + CHUNK * 4), contacts.length, 'contact facts');
    }
  };
  const deferIndexes = options.deferIndexes ?? plan.people >= DEFER_INDEXES_FROM;
  try {
    // the full-text index is rebuilt once after the documents are in, before the other indexes
    const loadAll = () => withDeferredSearchIndex(database, load);
    await withBulkLoadSettings(database, () =>
      deferIndexes ? withDeferredIndexes(database, LOADED_TABLES, loadAll) : loadAll(),
    );
  } finally {
    await batches.return(undefined as never); // stops the worker when the load failed half-way
  }
  if (!summary) throw new Error('The seed ended before its last batch');

  let deals = 0;
  if (options.withSales ?? options.withTimeline ?? true) {
    const currency = (await db.selectFrom('workspace').select('default_currency').executeTakeFirstOrThrow())
      .default_currency;
    const total = dealCount(plan.companies);
    progress(0, total, 'deals');
    deals = await seedSales(database, {
      seed: options.seed ?? 1,
      nowMs,
      deals: total,
      currency,
      onProgress: (done, all) => progress(done, all, 'deals'),
    });
  }

  let cases = 0;
  if (options.withService ?? options.withTimeline ?? true) {
    const ws = await db
      .selectFrom('workspace')
      .select(['timezone', 'business_hours'])
      .where('id', '=', 'default')
      .executeTakeFirstOrThrow();
    const total = caseCount(plan.companies);
    progress(0, total, 'cases');
    cases = await seedService(database, {
      seed: options.seed ?? 1,
      nowMs,
      cases: total,
      calendar: { timezone: ws.timezone, ...JSON.parse(ws.business_hours) },
      onProgress: (done, all) => progress(done, all, 'cases'),
    });
  }

  return {
    users: users.map((u) => ({
      email: u.email,
      password: DEMO_PASSWORD,
      role: u.roleKey,
      team: [u.team, ...(u.alsoTeams ?? [])].filter(Boolean).join(', ') || null,
    })),
    companies: summary.companies,
    people: summary.people,
    activities: summary.activities,
    deals,
    cases,
    ms: Math.round(performance.now() - started),
  };
}

/** The batches generated on this thread, between writes. */
async function* localBatches(gen: DatasetGenerator): AsyncGenerator<SeedBatch, SeedSummary, void> {
  return yield* seedBatches(gen);
}

/**
 * The batches generated by the seed worker. Each is acknowledged when the next is asked for (the previous one is
 * written by then), which lets the worker run ahead by a few batches and no more. Ending early stops the worker.
 */
async function* workerBatches(data: SeedWorkerData): AsyncGenerator<SeedBatch, SeedSummary, void> {
  const worker = new Worker(new URL('./seed-worker.ts', import.meta.url), { workerData: data });
  const inbox: SeedWorkerMessage[] = [];
  let failure: Error | undefined;
  let exited = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  worker.on('message', (message: SeedWorkerMessage) => {
    inbox.push(message);
    notify();
  });
  worker.on('error', (err) => {
    failure ??= err;
    notify();
  });
  worker.on('exit', (code) => {
    exited = true;
    if (code !== 0) failure ??= new Error(`The seed worker stopped with exit code ${code}`);
    notify();
  });
  try {
    for (;;) {
      while (inbox.length === 0) {
        if (failure) throw failure;
        if (exited) throw new Error('The seed worker ended before its last batch');
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
      const message = inbox.shift()!;
      if (message.type === 'done') return message.summary;
      yield message.batch;
      worker.postMessage('ack');
    }
  } finally {
    await worker.terminate();
  }
}
