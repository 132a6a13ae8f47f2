/**
 * Test harness: a fresh database per test file (in-memory SQLite, or a throwaway PostgreSQL database when the
 * `postgres` test project runs), the real services and the real Fastify app, and logged-in users for every role.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { buildApp } from '../app.ts';
import { bootstrap } from '../bootstrap.ts';
import { type Config, loadConfig } from '../config.ts';
import { type Database, openDatabase } from '../db/database.ts';
import type { Actor, Ctx } from '../platform/access/policy.ts';
import { createServices, type Services } from '../services.ts';

export const dbKind = (): 'sqlite' | 'postgres' => (process.env.TEST_DB === 'postgres' ? 'postgres' : 'sqlite');

export interface TestDatabase {
  database: Database;
  drop(): Promise<void>;
}

/** A brand-new, migrated database of the kind this test project runs on. */
export async function testDatabase(): Promise<TestDatabase> {
  if (dbKind() === 'sqlite') {
    const database = await openDatabase('sqlite::memory:');
    return { database, drop: () => database.close() };
  }
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) throw new Error('TEST_DATABASE_URL is required for the postgres test project');
  const name = `rapport_t_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`create database ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const database = await openDatabase(url.toString(), { poolSize: 5 });
  return {
    database,
    drop: async () => {
      await database.close();
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export const PASSWORD = 'a-long-test-passphrase';

export const testConfig = (overrides: Partial<Config> = {}): Config =>
  loadConfig(
    { LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', RAPPORT_WEB_DIST: '/nonexistent' },
    { loginRateLimit: 1000, ...overrides },
  );

export interface TestUser {
  id: string;
  email: string;
  role: string;
  actor: Actor;
  ctx: Ctx;
}

export interface TestContext {
  db: TestDatabase;
  services: Services;
  app: FastifyInstance;
  config: Config;
  close(): Promise<void>;
}

/** `opts.clock`: the services' idea of now (the same setting the benchmark uses), for tests about periods. */
export async function testApp(
  overrides: Partial<Config> = {},
  opts: { clock?: () => Date } = {},
): Promise<TestContext> {
  const db = await testDatabase();
  const config = testConfig(overrides);
  const services = createServices(db.database, config, opts);
  await bootstrap({ demo: false, adminEmail: undefined, adminPassword: undefined }, services);
  const app = await buildApp(config, services);
  await app.ready();
  return {
    db,
    services,
    app,
    config,
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}

export async function createUser(
  services: Services,
  role: string,
  team: string | null,
  label = role,
): Promise<TestUser> {
  const email = `${label}.${team ?? 'none'}.${randomBytes(3).toString('hex')}@test.rapport`
    .toLowerCase()
    .replace(/\s+/g, '-');
  const u = await services.identity.createUserAsSystem({
    email,
    name: `${label} ${team ?? ''}`.trim(),
    password: PASSWORD,
    roleKey: role,
    teamNames: team ? [team] : [],
  });
  const actor = await services.identity.actorFor(u.id);
  return { id: u.id, email, role, actor, ctx: { actor, requestId: 'test', ip: null } };
}

export interface Session {
  cookie: string;
  csrf: string;
  headers: Record<string, string>;
}

/** Logs in through the real endpoint and returns headers for cookie-authenticated requests (with CSRF). */
export async function login(app: FastifyInstance, email: string, password = PASSWORD): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const cookies = res.cookies as { name: string; value: string }[];
  const session = cookies.find((c) => c.name === 'rapport_session')!;
  const csrf = cookies.find((c) => c.name === 'rapport_csrf')!;
  const cookie = `rapport_session=${session.value}; rapport_csrf=${csrf.value}`;
  return { cookie, csrf: csrf.value, headers: { cookie, 'x-csrf-token': csrf.value } };
}

export const json = <T = Record<string, unknown>>(res: LightMyRequestResponse): T => res.json() as T;
