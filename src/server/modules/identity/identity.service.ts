/**
 * Users, teams, roles, sessions and API tokens: who may act, and as what.
 */

import { type RawBuilder, sql } from 'kysely';
import { normaliseEmail } from '../../../shared/contact.ts';
import type { Config } from '../../config.ts';
import type { Database, Executor } from '../../db/database.ts';
import type { Authenticated } from '../../platform/access/plugin.ts';
import {
  type Actor,
  assertCan,
  BUILTIN_ROLES,
  type Ctx,
  newRolePolicy,
  OBJECTS,
  type Policy,
  RECORD_OBJECTS,
  type TokenScopes,
  VISIBILITY_OBJECTS,
} from '../../platform/access/policy.ts';
import { diff, recordAudit } from '../../platform/audit.ts';
import { dummyPasswordHash, hashPassword, passwordProblem, verifyPassword } from '../../platform/auth/passwords.ts';
import { codedError, forbidden, notFound, staleVersion, validation } from '../../platform/errors.ts';
import { newId, now, randomToken, sha256 } from '../../platform/ids.ts';
import { IDENTITY_ERRORS } from './identity.errors.ts';
import * as repo from './identity.repository.ts';
import type {
  ApiToken,
  CreateRole,
  CreateToken,
  CreateUser,
  Role,
  Team,
  UpdateRole,
  UpdateUser,
  User,
} from './identity.schemas.ts';
import { backoffRemaining, clearLoginFailures, LoginBackoffError, recordLoginFailure } from './login-backoff.ts';

export const TOKEN_PREFIX = 'rap_';

/**
 * A policy names only objects there are: actions on any object, visibility on kinds with an owner and on tasks and
 * promises, field rules on kinds of record (the lists come from the registry of kinds). 422 naming each unknown one.
 */
function assertKnownObjects(policy: Policy): void {
  const errors = [
    ...Object.keys(policy.objects).flatMap((o) => (OBJECTS.includes(o) ? [] : [`/policy/objects/${o}`])),
    ...Object.keys(policy.visibility).flatMap((o) =>
      VISIBILITY_OBJECTS.includes(o) ? [] : [`/policy/visibility/${o}`],
    ),
    ...Object.keys(policy.fields).flatMap((o) => (RECORD_OBJECTS.includes(o) ? [] : [`/policy/fields/${o}`])),
  ].map((pointer) => ({ pointer, detail: 'is not an object this policy can name', in: 'body' as const }));
  if (errors.length > 0) throw validation(errors);
}
const TOUCH_EVERY_MS = 60_000;
/**
 * How long an instance may reuse a resolved session (user, role, teams) without asking the database: two queries
 * saved on every request, at the cost of a logout or permission change reaching OTHER instances up to 2 s late.
 */
const SESSION_CACHE_MS = 2_000;
const SESSION_CACHE_MAX = 10_000;

function actorFrom(row: repo.UserWithRole, teamIds: string[]): Actor {
  return {
    kind: 'user',
    id: row.user_id,
    name: row.name,
    email: row.email,
    roleId: row.role_id,
    roleKey: row.role_key,
    policy: JSON.parse(row.policy) as Policy,
    teamIds,
  };
}

function roleDto(r: repo.RoleRow): Role {
  return {
    id: r.id,
    key: r.key,
    name: r.name,
    builtin: r.builtin === 1,
    policy: JSON.parse(r.policy),
    version: r.version,
  };
}

function tokenDto(t: repo.TokenRow): ApiToken {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    scopes: JSON.parse(t.scopes),
    userId: t.user_id,
    expiresAt: t.expires_at,
    createdAt: t.created_at,
    lastUsedAt: t.last_used_at,
    revokedAt: t.revoked_at,
  };
}

export interface LoginMeta {
  ip: string | null;
  userAgent: string | null;
  requestId: string;
  clientRequestId?: string;
}

export class IdentityService {
  readonly #database: Database;
  readonly #config: Pick<Config, 'sessionIdleMinutes' | 'sessionAbsoluteHours'>;
  readonly #sessionCache = new Map<string, { auth: Authenticated; until: number; userId: string }>();

  constructor(database: Database, config: Pick<Config, 'sessionIdleMinutes' | 'sessionAbsoluteHours'>) {
    this.#database = database;
    this.#config = config;
  }

  get #db() {
    return this.#database.db;
  }

  // ---------- bootstrap ----------

  /** Inserts any missing built-in role (idempotent); existing ones keep their tuned policies. */
  async ensureBuiltinRoles(db: Executor = this.#db): Promise<void> {
    const t = now();
    for (const r of BUILTIN_ROLES) {
      if (await repo.findRoleByKey(db, r.key)) continue;
      await repo.insertRole(db, {
        id: newId(),
        key: r.key,
        name: r.name,
        builtin: 1,
        policy: JSON.stringify(r.policy),
        created_at: t,
        updated_at: t,
      });
    }
  }

  async userCount(): Promise<number> {
    return repo.countUsers(this.#db);
  }

  /** Creates a user without an acting user (CLI, first admin). Validates like the API does. */
  async createUserAsSystem(input: {
    email: string;
    name: string;
    password: string;
    roleKey: string;
    teamNames?: string[];
  }): Promise<User> {
    return this.#db.transaction().execute(async (trx) => {
      await this.ensureBuiltinRoles(trx);
      const role = await repo.findRoleByKey(trx, input.roleKey);
      if (!role) throw validation([{ pointer: '/role', detail: `unknown role "${input.roleKey}"` }]);
      const teamIds: string[] = [];
      for (const name of input.teamNames ?? []) {
        let team = await repo.findTeamByName(trx, name);
        if (!team) {
          team = { id: newId(), name, created_at: now() };
          await repo.insertTeam(trx, team);
        }
        teamIds.push(team.id);
      }
      const id = await this.#insertUser(trx, {
        email: input.email,
        name: input.name,
        password: input.password,
        roleId: role.id,
        teamIds,
      });
      await recordAudit(trx, null, { action: 'create', object: 'users', recordId: id, meta: { via: 'system' } });
      return this.#userDto(trx, id);
    });
  }

  /** The actor for a user id (CLI and system work). */
  async actorFor(userId: string, db: Executor = this.#db): Promise<Actor> {
    const row = await repo.findUserWithRole(db, userId);
    if (!row) throw notFound('users');
    return actorFrom(row, await repo.teamIdsOf(db, userId));
  }

  async actorForEmail(email: string): Promise<Actor> {
    const u = await repo.findUserByEmail(this.#db, email.toLowerCase());
    if (!u) throw notFound('users', `No user with email ${email}.`);
    return this.actorFor(u.id);
  }

  // ---------- authentication ----------

  async login(
    email: string,
    password: string,
    meta: LoginMeta,
  ): Promise<{ token: string; csrfToken: string; actor: Actor }> {
    const normalised = email.trim().toLowerCase();
    const client = meta.clientRequestId ? { clientRequestId: meta.clientRequestId } : {};
    // Per-account back-off (login-backoff.ts): checked before the password, for known and unknown emails alike.
    const wait = await backoffRemaining(this.#db, normalised);
    if (wait > 0) {
      const known = await repo.findUserByEmail(this.#db, normalised);
      await recordAudit(this.#db, null, {
        action: 'login_blocked',
        object: 'users',
        recordId: known?.id ?? null,
        meta: { email: normalised, retryAfterSeconds: wait, ip: meta.ip, requestId: meta.requestId, ...client },
      });
      throw new LoginBackoffError(wait);
    }
    const user = await repo.findUserByEmail(this.#db, normalised);
    let ok = false;
    if (user?.password_hash) ok = await verifyPassword(password, user.password_hash);
    // Unknown email: spend the same time on a dummy hash so timing does not reveal which emails have accounts.
    else await verifyPassword(password, await dummyPasswordHash());
    if (!user || !ok || user.active !== 1) {
      await this.#db.transaction().execute(async (trx) => {
        const { failures, blockedSeconds } = await recordLoginFailure(trx, normalised);
        await recordAudit(trx, null, {
          action: 'login_failed',
          object: 'users',
          recordId: user?.id ?? null,
          meta: {
            email: normalised,
            reason: !user ? 'unknown_email' : !ok ? 'wrong_password' : 'inactive',
            ip: meta.ip,
            requestId: meta.requestId,
            failures,
            ...(blockedSeconds > 0 ? { backoffSeconds: blockedSeconds } : {}),
            ...client,
          },
        });
      });
      throw codedError(IDENTITY_ERRORS, 'auth.invalid_credentials', 'Unauthenticated', 'Wrong email or password.');
    }
    const token = randomToken();
    const csrfToken = randomToken(18);
    const t = now();
    return this.#db.transaction().execute(async (trx) => {
      await repo.deleteExpiredSessions(trx, t);
      await repo.insertSession(trx, {
        id: sha256(token),
        user_id: user.id,
        csrf_token: csrfToken,
        created_at: t,
        last_seen_at: t,
        expires_at: new Date(Date.now() + this.#config.sessionAbsoluteHours * 3_600_000).toISOString(),
        ip: meta.ip,
        user_agent: meta.userAgent?.slice(0, 300) ?? null,
      });
      await repo.updateUser(trx, user.id, { last_login_at: t });
      await clearLoginFailures(trx, normalised);
      const actor = await this.actorFor(user.id, trx);
      await recordAudit(
        trx,
        { actor, requestId: meta.requestId, ip: meta.ip, ...client },
        { action: 'login', object: 'users', recordId: user.id },
      );
      return { token, csrfToken, actor };
    });
  }

  /** Resolves a session cookie value; enforces idle and absolute timeouts. */
  async authenticateSession(token: string): Promise<Authenticated | null> {
    if (token.length < 20 || token.length > 100) return null;
    const id = sha256(token);
    const cached = this.#sessionCache.get(id);
    if (cached && cached.until > Date.now()) return cached.auth;
    const row = await repo.findSessionWithUser(this.#db, id);
    if (row?.active !== 1) return null;
    const nowMs = Date.now();
    const idleLimit = Date.parse(row.last_seen_at) + this.#config.sessionIdleMinutes * 60_000;
    if (Date.parse(row.expires_at) <= nowMs || idleLimit <= nowMs) {
      await repo.deleteSession(this.#db, id);
      return null;
    }
    if (nowMs - Date.parse(row.last_seen_at) > TOUCH_EVERY_MS)
      await repo.touchSession(this.#db, id, new Date(nowMs).toISOString());
    const actor = actorFrom(row, await repo.teamIdsOf(this.#db, row.user_id));
    actor.sessionId = id;
    const auth = { actor, csrfToken: row.csrf_token };
    if (this.#sessionCache.size >= SESSION_CACHE_MAX) this.#sessionCache.clear();
    this.#sessionCache.set(id, { auth, until: Date.now() + SESSION_CACHE_MS, userId: row.user_id });
    return auth;
  }

  /**
   * Forgets cached sessions (of one user, or all) so a logout, deactivation or permission change applies at once on
   * this instance; other instances pick it up within SESSION_CACHE_MS.
   */
  #forgetSessions(userId?: string): void {
    if (!userId) {
      this.#sessionCache.clear();
      return;
    }
    for (const [id, entry] of this.#sessionCache) {
      if (entry.userId === userId) this.#sessionCache.delete(id);
    }
  }

  /** Forgets this instance's cached sessions of a user, after their password or sessions changed elsewhere. */
  forgetSessionsOf(userId: string): void {
    this.#forgetSessions(userId);
  }

  /** A user as the API shows it (for the account service beside this one). */
  async userById(id: string, db: Executor = this.#db): Promise<User> {
    return this.#userDto(db, id);
  }

  /** The active members of each team (a queue), by team id; a team without any is absent. */
  async activeMembersOf(teamIds: string[], db: Executor = this.#db): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    for (const r of await repo.activeMembersOfTeams(db, [...new Set(teamIds)])) {
      const list = out.get(r.team_id) ?? [];
      list.push(r.user_id);
      out.set(r.team_id, list);
    }
    return out;
  }

  /** Resolves a bearer API token. */
  async authenticateToken(token: string): Promise<Authenticated | null> {
    if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
    const row = await repo.findTokenByHash(this.#db, sha256(token));
    if (!row || row.revoked_at || Date.parse(row.expires_at) <= Date.now()) return null;
    const user = await repo.findUserWithRole(this.#db, row.user_id);
    if (user?.active !== 1) return null;
    const actor = actorFrom(user, await repo.teamIdsOf(this.#db, row.user_id));
    actor.tokenScopes = JSON.parse(row.scopes) as TokenScopes;
    actor.tokenId = row.id;
    if (!row.last_used_at || Date.now() - Date.parse(row.last_used_at) > TOUCH_EVERY_MS) {
      await repo.updateToken(this.#db, row.id, { last_used_at: now() });
    }
    return { actor };
  }

  async logout(ctx: Ctx): Promise<void> {
    if (!ctx.actor.sessionId) return;
    this.#sessionCache.delete(ctx.actor.sessionId);
    await this.#db.transaction().execute(async (trx) => {
      await repo.deleteSession(trx, ctx.actor.sessionId!);
      await recordAudit(trx, ctx, { action: 'logout', object: 'users', recordId: ctx.actor.id });
    });
  }

  async logoutEverywhere(ctx: Ctx): Promise<number> {
    this.#forgetSessions(ctx.actor.id);
    return this.#db.transaction().execute(async (trx) => {
      const n = await repo.deleteSessionsOfUser(trx, ctx.actor.id);
      await recordAudit(trx, ctx, {
        action: 'logout_all',
        object: 'users',
        recordId: ctx.actor.id,
        meta: { sessions: n },
      });
      return n;
    });
  }

  // ---------- users ----------

  async #userDto(db: Executor, id: string): Promise<User> {
    const list = await this.#usersDto(db, [(await repo.findUser(db, id))!]);
    return list[0]!;
  }

  async #usersDto(db: Executor, rows: repo.UserRow[]): Promise<User[]> {
    const roles = new Map((await repo.listRoles(db)).map((r) => [r.id, r]));
    const teams = await repo.teamsOfUsers(
      db,
      rows.map((r) => r.id),
    );
    return rows.map((u) => {
      const role = roles.get(u.role_id)!;
      return {
        id: u.id,
        email: u.email,
        name: u.name,
        role: { id: role.id, key: role.key, name: role.name },
        teams: teams.filter((t) => t.user_id === u.id).map((t) => ({ id: t.id, name: t.name })),
        active: u.active === 1,
        lastLoginAt: u.last_login_at,
        createdAt: u.created_at,
        version: u.version,
      };
    });
  }

  async me(ctx: Ctx): Promise<User> {
    return this.#userDto(this.#db, ctx.actor.id);
  }

  async listUsers(ctx: Ctx): Promise<User[]> {
    assertCan(ctx.actor, 'users', 'read');
    return this.#usersDto(this.#db, await repo.listUsers(this.#db));
  }

  async #insertUser(
    trx: Executor,
    input: { email: string; name: string; password: string; roleId: string; teamIds: string[] },
  ): Promise<string> {
    const email = normaliseEmail(input.email);
    const errors = [];
    if (!email.ok) errors.push({ pointer: '/email', detail: email.reason, in: 'body' as const });
    const pw = passwordProblem(input.password, { email: input.email, name: input.name });
    if (pw) errors.push({ pointer: '/password', detail: pw, in: 'body' as const });
    if (!(await repo.findRole(trx, input.roleId)))
      errors.push({ pointer: '/roleId', detail: 'is not a role', in: 'body' as const });
    const teams = await repo.existingTeamIds(trx, input.teamIds);
    input.teamIds.forEach((t, i) => {
      if (!teams.includes(t)) errors.push({ pointer: `/teamIds/${i}`, detail: 'is not a team', in: 'body' as const });
    });
    if (errors.length > 0) throw validation(errors);
    if (email.ok && (await repo.findUserByEmail(trx, email.email)))
      throw codedError(IDENTITY_ERRORS, 'users.email_taken', 'Conflict', 'A user with that email already exists.');
    const id = newId();
    const t = now();
    await repo.insertUser(trx, {
      id,
      email: (email as { email: string }).email,
      name: input.name.trim(),
      password_hash: await hashPassword(input.password),
      role_id: input.roleId,
      created_at: t,
      updated_at: t,
    });
    await repo.setUserTeams(trx, id, [...new Set(input.teamIds)]);
    return id;
  }

  async createUser(ctx: Ctx, input: CreateUser): Promise<User> {
    assertCan(ctx.actor, 'users', 'create');
    return this.#db.transaction().execute(async (trx) => {
      const id = await this.#insertUser(trx, { ...input, teamIds: input.teamIds ?? [] });
      const dto = await this.#userDto(trx, id);
      await recordAudit(trx, ctx, {
        action: 'create',
        object: 'users',
        recordId: id,
        changes: diff(
          {},
          { email: dto.email, name: dto.name, role: dto.role.key, teams: dto.teams.map((t) => t.name) },
        ),
      });
      return dto;
    });
  }

  async updateUser(ctx: Ctx, id: string, input: UpdateUser, ifMatch?: number): Promise<User> {
    assertCan(ctx.actor, 'users', 'update');
    this.#forgetSessions(id);
    return this.#db.transaction().execute(async (trx) => {
      const row = await repo.findUser(trx, id);
      if (!row) throw notFound('users');
      if (ifMatch !== undefined && ifMatch !== row.version) throw staleVersion(row.version);
      if (id === ctx.actor.id && (input.active === false || (input.roleId && input.roleId !== row.role_id))) {
        throw forbidden('You cannot deactivate yourself or change your own role.');
      }
      const before = await this.#userDto(trx, id);
      const errors = [];
      if (input.roleId && !(await repo.findRole(trx, input.roleId)))
        errors.push({ pointer: '/roleId', detail: 'is not a role', in: 'body' as const });
      if (input.teamIds) {
        const teams = await repo.existingTeamIds(trx, input.teamIds);
        input.teamIds.forEach((t, i) => {
          if (!teams.includes(t))
            errors.push({ pointer: `/teamIds/${i}`, detail: 'is not a team', in: 'body' as const });
        });
      }
      if (input.password !== undefined) {
        const pw = passwordProblem(input.password, { email: row.email });
        if (pw) errors.push({ pointer: '/password', detail: pw, in: 'body' as const });
      }
      if (errors.length > 0) throw validation(errors);
      await repo.updateUser(trx, id, {
        name: input.name?.trim(),
        role_id: input.roleId,
        active: input.active === undefined ? undefined : input.active ? 1 : 0,
        password_hash: input.password !== undefined ? await hashPassword(input.password) : undefined,
        updated_at: now(),
        version: row.version + 1,
      });
      if (input.teamIds) await repo.setUserTeams(trx, id, [...new Set(input.teamIds)]);
      if (input.active === false || input.password !== undefined) await repo.deleteSessionsOfUser(trx, id);
      const after = await this.#userDto(trx, id);
      const snap = (u: User) => ({
        name: u.name,
        role: u.role.key,
        teams: u.teams.map((t) => t.name),
        active: u.active,
      });
      const changes = diff(snap(before), snap(after));
      if (input.password !== undefined) changes.password = { from: '(hidden)', to: '(changed)' };
      const permissionChange = 'role' in changes || 'teams' in changes;
      await recordAudit(trx, ctx, {
        action: permissionChange ? 'permission_change' : 'update',
        object: 'users',
        recordId: id,
        changes,
      });
      return after;
    });
  }

  // ---------- teams ----------

  async listTeams(ctx: Ctx): Promise<Team[]> {
    assertCan(ctx.actor, 'users', 'read');
    return (await repo.listTeams(this.#db)).map((t) => ({
      id: t.id,
      name: t.name,
      memberCount: Number(t.member_count),
      createdAt: t.created_at,
    }));
  }

  async createTeam(ctx: Ctx, name: string): Promise<Team> {
    assertCan(ctx.actor, 'users', 'create');
    return this.#db.transaction().execute(async (trx) => {
      if (await repo.findTeamByName(trx, name.trim()))
        throw codedError(IDENTITY_ERRORS, 'teams.name_taken', 'Conflict', 'A team with that name already exists.');
      const team = { id: newId(), name: name.trim(), created_at: now() };
      await repo.insertTeam(trx, team);
      await recordAudit(trx, ctx, {
        action: 'create',
        object: 'teams',
        recordId: team.id,
        changes: diff({}, { name: team.name }),
      });
      return { id: team.id, name: team.name, memberCount: 0, createdAt: team.created_at };
    });
  }

  async renameTeam(ctx: Ctx, id: string, name: string): Promise<Team> {
    assertCan(ctx.actor, 'users', 'update');
    return this.#db.transaction().execute(async (trx) => {
      const team = await repo.findTeam(trx, id);
      if (!team) throw notFound('teams');
      const other = await repo.findTeamByName(trx, name.trim());
      if (other && other.id !== id)
        throw codedError(IDENTITY_ERRORS, 'teams.name_taken', 'Conflict', 'A team with that name already exists.');
      await repo.renameTeam(trx, id, name.trim());
      await recordAudit(trx, ctx, {
        action: 'update',
        object: 'teams',
        recordId: id,
        changes: diff({ name: team.name }, { name: name.trim() }),
      });
      const t = (await repo.listTeams(trx)).find((x) => x.id === id)!;
      return { id, name: t.name, memberCount: Number(t.member_count), createdAt: t.created_at };
    });
  }

  async deleteTeam(ctx: Ctx, id: string): Promise<void> {
    assertCan(ctx.actor, 'users', 'delete');
    await this.#db.transaction().execute(async (trx) => {
      const team = await repo.findTeam(trx, id);
      if (!team) throw notFound('teams');
      try {
        // Records of other modules reference teams by foreign key; the database refuses while any remain.
        await repo.deleteTeam(trx, id);
      } catch {
        throw codedError(
          IDENTITY_ERRORS,
          'teams.in_use',
          'Conflict',
          'Records still belong to this team; move them to another team first.',
        );
      }
      await recordAudit(trx, ctx, {
        action: 'delete',
        object: 'teams',
        recordId: id,
        changes: diff({ name: team.name }, {}),
      });
    });
  }

  // ---------- roles ----------

  async listRoles(ctx: Ctx): Promise<Role[]> {
    assertCan(ctx.actor, 'users', 'read');
    return (await repo.listRoles(this.#db)).map(roleDto);
  }

  async createRole(ctx: Ctx, input: CreateRole): Promise<Role> {
    assertCan(ctx.actor, 'users', 'create');
    return this.#db.transaction().execute(async (trx) => {
      if (await repo.findRoleByKey(trx, input.key))
        throw codedError(IDENTITY_ERRORS, 'roles.key_taken', 'Conflict', 'A role with that key already exists.');
      // A new role starts as a copy of the sales role rather than with nothing.
      const policy = input.policy ?? newRolePolicy();
      assertKnownObjects(policy);
      const t = now();
      const id = newId();
      await repo.insertRole(trx, {
        id,
        key: input.key,
        name: input.name,
        builtin: 0,
        policy: JSON.stringify(policy),
        created_at: t,
        updated_at: t,
      });
      await recordAudit(trx, ctx, {
        action: 'permission_change',
        object: 'roles',
        recordId: id,
        changes: diff({}, { name: input.name, policy }),
      });
      return roleDto((await repo.findRole(trx, id))!);
    });
  }

  async updateRole(ctx: Ctx, id: string, input: UpdateRole, ifMatch?: number): Promise<Role> {
    assertCan(ctx.actor, 'users', 'update');
    this.#forgetSessions();
    return this.#db.transaction().execute(async (trx) => {
      const row = await repo.findRole(trx, id);
      if (!row) throw notFound('roles');
      if (ifMatch !== undefined && ifMatch !== row.version) throw staleVersion(row.version);
      if (row.key === 'admin' && input.policy) throw forbidden('The admin role always has every permission.');
      if (input.policy) assertKnownObjects(input.policy);
      const before = roleDto(row);
      await repo.updateRole(trx, id, {
        name: input.name,
        policy: input.policy ? JSON.stringify(input.policy) : undefined,
        updated_at: now(),
        version: row.version + 1,
      });
      const after = roleDto((await repo.findRole(trx, id))!);
      await recordAudit(trx, ctx, {
        action: 'permission_change',
        object: 'roles',
        recordId: id,
        changes: diff({ name: before.name, policy: before.policy }, { name: after.name, policy: after.policy }),
      });
      return after;
    });
  }

  // ---------- API tokens ----------

  async listTokens(ctx: Ctx): Promise<ApiToken[]> {
    const all = ctx.actor.policy.objects.users?.includes('read') && ctx.actor.roleKey === 'admin';
    return (await repo.listTokens(this.#db, all ? undefined : ctx.actor.id)).map(tokenDto);
  }

  /** Creates a token acting as the caller, limited to the given scopes; the secret is returned once. */
  async createToken(ctx: Ctx, input: CreateToken): Promise<ApiToken & { token: string }> {
    if (ctx.actor.tokenScopes) throw forbidden('API tokens cannot create other tokens.');
    const errors = Object.keys(input.scopes)
      .filter((o) => !ctx.actor.policy.objects[o as keyof Policy['objects']]?.length)
      .map((o) => ({ pointer: `/scopes/${o}`, detail: 'your role has no access to this object', in: 'body' as const }));
    if (errors.length > 0) throw validation(errors);
    const secret = `${TOKEN_PREFIX}${randomToken(32)}`;
    const t = now();
    const row = {
      id: newId(),
      name: input.name,
      token_hash: sha256(secret),
      prefix: secret.slice(0, TOKEN_PREFIX.length + 6),
      user_id: ctx.actor.id,
      scopes: JSON.stringify(input.scopes),
      expires_at: new Date(Date.now() + input.expiresInDays * 86_400_000).toISOString(),
      created_at: t,
      last_used_at: null,
      revoked_at: null,
    };
    return this.#db.transaction().execute(async (trx) => {
      await repo.insertToken(trx, row);
      await recordAudit(trx, ctx, {
        action: 'token_create',
        object: 'api_tokens',
        recordId: row.id,
        meta: { name: input.name, scopes: input.scopes },
      });
      return { ...tokenDto(row), token: secret };
    });
  }

  async revokeToken(ctx: Ctx, id: string): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      const row = await repo.findToken(trx, id);
      const isAdmin = ctx.actor.roleKey === 'admin';
      if (!row || (row.user_id !== ctx.actor.id && !isAdmin)) throw notFound('api_tokens');
      if (!row.revoked_at) await repo.updateToken(trx, id, { revoked_at: now() });
      await recordAudit(trx, ctx, { action: 'token_revoke', object: 'api_tokens', recordId: id });
    });
  }
}

/** Names of users and teams for display on other modules' records (one query each, for a page of records). */
export async function userBriefs(
  db: Executor,
  ids: (string | null)[],
): Promise<Map<string, { id: string; name: string; active: boolean; teamIds: string[] }>> {
  const unique = [...new Set(ids.filter((x): x is string => x !== null))];
  if (unique.length === 0) return new Map();
  const users = await db.selectFrom('users').select(['id', 'name', 'active']).where('id', 'in', unique).execute();
  const teams = await db
    .selectFrom('user_teams')
    .select(['user_id', 'team_id'])
    .where('user_id', 'in', unique)
    .execute();
  return new Map(
    users.map((u) => [
      u.id,
      {
        id: u.id,
        name: u.name,
        active: u.active === 1,
        teamIds: teams.filter((t) => t.user_id === u.id).map((t) => t.team_id),
      },
    ]),
  );
}

/**
 * Active users to write to: those with the given ids, and everyone whose role is one of `roleKeys` (e.g. managers for
 * the weekly objectives digest), with their email address and role key.
 */
export async function mailRecipients(
  db: Executor,
  q: { ids: string[]; roleKeys: string[] },
): Promise<{ id: string; name: string; email: string; roleKey: string }[]> {
  if (q.ids.length === 0 && q.roleKeys.length === 0) return [];
  return db
    .selectFrom('users')
    .innerJoin('roles', 'roles.id', 'users.role_id')
    .select(['users.id', 'users.name', 'users.email', 'roles.key as roleKey'])
    .where('users.active', '=', 1)
    .where((eb) =>
      eb.or([
        ...(q.ids.length > 0 ? [eb('users.id', 'in', q.ids)] : []),
        ...(q.roleKeys.length > 0 ? [eb('roles.key', 'in', q.roleKeys)] : []),
      ]),
    )
    .orderBy('users.name')
    .execute();
}

/** Display names of users (one query), for lists that only show who did something. */
export async function userNames(db: Executor, ids: (string | null)[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids.filter((x): x is string => x !== null))];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', unique).execute();
  return new Map(rows.map((u) => [u.id, u.name]));
}

export async function teamBriefs(
  db: Executor,
  ids: (string | null)[],
): Promise<Map<string, { id: string; name: string }>> {
  const unique = [...new Set(ids.filter((x): x is string => x !== null))];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('teams').select(['id', 'name']).where('id', 'in', unique).execute();
  return new Map(rows.map((t) => [t.id, t]));
}

/** A user's display name as a correlated subquery on `column` (a user id), for reads that return names with rows. */
export function userNameSql(column: string): RawBuilder<string | null> {
  return sql<string | null>`(select u.name from users u where u.id = ${sql.ref(column)})`;
}

/** A team's name as a correlated subquery on `column` (a team id). */
export function teamNameSql(column: string): RawBuilder<string | null> {
  return sql<string | null>`(select t.name from teams t where t.id = ${sql.ref(column)})`;
}

/** The active members of a team, in a stable order (round-robin assignment of leads). */
export async function activeTeamMemberIds(db: Executor, teamId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('user_teams')
    .innerJoin('users', 'users.id', 'user_teams.user_id')
    .select('users.id')
    .where('user_teams.team_id', '=', teamId)
    .where('users.active', '=', 1)
    .orderBy('users.id')
    .execute();
  return rows.map((r) => r.id);
}
