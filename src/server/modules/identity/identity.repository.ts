/** All SQL for users, teams, roles, sessions and API tokens. */
import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { ApiTokensTable, RolesTable, SessionsTable, TeamsTable, UsersTable } from '../../db/schema.ts';

export type UserRow = Selectable<UsersTable>;
export type RoleRow = Selectable<RolesTable>;
export type TeamRow = Selectable<TeamsTable>;
export type SessionRow = Selectable<SessionsTable>;
export type TokenRow = Selectable<ApiTokensTable>;

export interface SessionWithUser {
  session_id: string;
  csrf_token: string;
  last_seen_at: string;
  expires_at: string;
  user_id: string;
  email: string;
  name: string;
  active: number;
  role_id: string;
  role_key: string;
  policy: string;
}

export function findSessionWithUser(db: Executor, sessionId: string): Promise<SessionWithUser | undefined> {
  return db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .innerJoin('roles as r', 'r.id', 'u.role_id')
    .select([
      's.id as session_id',
      's.csrf_token',
      's.last_seen_at',
      's.expires_at',
      'u.id as user_id',
      'u.email',
      'u.name',
      'u.active',
      'r.id as role_id',
      'r.key as role_key',
      'r.policy',
    ])
    .where('s.id', '=', sessionId)
    .executeTakeFirst();
}

export interface UserWithRole {
  user_id: string;
  email: string;
  name: string;
  active: number;
  role_id: string;
  role_key: string;
  policy: string;
}

export function findUserWithRole(db: Executor, userId: string): Promise<UserWithRole | undefined> {
  return db
    .selectFrom('users as u')
    .innerJoin('roles as r', 'r.id', 'u.role_id')
    .select(['u.id as user_id', 'u.email', 'u.name', 'u.active', 'r.id as role_id', 'r.key as role_key', 'r.policy'])
    .where('u.id', '=', userId)
    .executeTakeFirst();
}

export async function teamIdsOf(db: Executor, userId: string): Promise<string[]> {
  const rows = await db.selectFrom('user_teams').select('team_id').where('user_id', '=', userId).execute();
  return rows.map((r) => r.team_id);
}

export async function insertSession(db: Executor, row: Insertable<SessionsTable>): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

export async function touchSession(db: Executor, id: string, at: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: at }).where('id', '=', id).execute();
}

export async function deleteSession(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

export async function deleteSessionsOfUser(db: Executor, userId: string): Promise<number> {
  const r = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function deleteExpiredSessions(db: Executor, at: string): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<', at).execute();
}

export function findUserByEmail(db: Executor, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

export function findUser(db: Executor, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listUsers(db: Executor): Promise<UserRow[]> {
  return db.selectFrom('users').selectAll().orderBy('name').orderBy('id').execute();
}

export function countUsers(db: Executor): Promise<number> {
  return db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
    .then((r) => Number(r.n));
}

export async function insertUser(db: Executor, row: Insertable<UsersTable>): Promise<void> {
  await db.insertInto('users').values(row).execute();
}

export async function updateUser(db: Executor, id: string, patch: Partial<UserRow>): Promise<void> {
  await db.updateTable('users').set(patch).where('id', '=', id).execute();
}

export async function setUserTeams(db: Executor, userId: string, teamIds: string[]): Promise<void> {
  await db.deleteFrom('user_teams').where('user_id', '=', userId).execute();
  if (teamIds.length > 0) {
    await db
      .insertInto('user_teams')
      .values(teamIds.map((team_id) => ({ user_id: userId, team_id })))
      .execute();
  }
}

export function teamsOfUsers(
  db: Executor,
  userIds: string[],
): Promise<{ user_id: string; id: string; name: string }[]> {
  if (userIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('user_teams as ut')
    .innerJoin('teams as t', 't.id', 'ut.team_id')
    .select(['ut.user_id', 't.id', 't.name'])
    .where('ut.user_id', 'in', userIds)
    .orderBy('t.name')
    .execute();
}

/** The active users of each team named (a queue's people), for notifications addressed to a queue. */
export function activeMembersOfTeams(db: Executor, teamIds: string[]): Promise<{ team_id: string; user_id: string }[]> {
  if (teamIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('user_teams as ut')
    .innerJoin('users as u', 'u.id', 'ut.user_id')
    .select(['ut.team_id', 'ut.user_id'])
    .where('ut.team_id', 'in', teamIds)
    .where('u.active', '=', 1)
    .execute();
}

export function listRoles(db: Executor): Promise<RoleRow[]> {
  return db.selectFrom('roles').selectAll().orderBy('builtin', 'desc').orderBy('name').execute();
}

export function findRole(db: Executor, id: string): Promise<RoleRow | undefined> {
  return db.selectFrom('roles').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findRoleByKey(db: Executor, key: string): Promise<RoleRow | undefined> {
  return db.selectFrom('roles').selectAll().where('key', '=', key).executeTakeFirst();
}

export async function insertRole(db: Executor, row: Insertable<RolesTable>): Promise<void> {
  await db.insertInto('roles').values(row).execute();
}

export async function updateRole(db: Executor, id: string, patch: Partial<RoleRow>): Promise<void> {
  await db.updateTable('roles').set(patch).where('id', '=', id).execute();
}

export function listTeams(db: Executor): Promise<(TeamRow & { member_count: number })[]> {
  return db
    .selectFrom('teams as t')
    .leftJoin('user_teams as ut', 'ut.team_id', 't.id')
    .select(['t.id', 't.name', 't.created_at', (eb) => eb.fn.count<number>('ut.user_id').as('member_count')])
    .groupBy(['t.id', 't.name', 't.created_at'])
    .orderBy('t.name')
    .execute();
}

export function findTeam(db: Executor, id: string): Promise<TeamRow | undefined> {
  return db.selectFrom('teams').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findTeamByName(db: Executor, name: string): Promise<TeamRow | undefined> {
  return db.selectFrom('teams').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function existingTeamIds(db: Executor, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('teams').select('id').where('id', 'in', ids).execute();
  return rows.map((r) => r.id);
}

export async function insertTeam(db: Executor, row: TeamRow): Promise<void> {
  await db.insertInto('teams').values(row).execute();
}

export async function renameTeam(db: Executor, id: string, name: string): Promise<void> {
  await db.updateTable('teams').set({ name }).where('id', '=', id).execute();
}

export async function deleteTeam(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('teams').where('id', '=', id).execute();
}

export function findTokenByHash(db: Executor, hash: string): Promise<TokenRow | undefined> {
  return db.selectFrom('api_tokens').selectAll().where('token_hash', '=', hash).executeTakeFirst();
}

export function findToken(db: Executor, id: string): Promise<TokenRow | undefined> {
  return db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listTokens(db: Executor, userId?: string): Promise<TokenRow[]> {
  let q = db.selectFrom('api_tokens').selectAll();
  if (userId) q = q.where('user_id', '=', userId);
  return q.orderBy('created_at', 'desc').execute();
}

export async function insertToken(db: Executor, row: Insertable<ApiTokensTable>): Promise<void> {
  await db.insertInto('api_tokens').values(row).execute();
}

export async function updateToken(db: Executor, id: string, patch: Partial<TokenRow>): Promise<void> {
  await db.updateTable('api_tokens').set(patch).where('id', '=', id).execute();
}
