/** All SQL for the portal's own tables: portal users, sign-in links, portal sessions and link-request attempts. */
import type { Selectable, Updateable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { PortalSessionsTable, PortalUsersTable } from '../../db/schema.ts';
import { newId } from '../../platform/ids.ts';

export type PortalUserRow = Selectable<PortalUsersTable>;
export type PortalSessionRow = Selectable<PortalSessionsTable>;

export const findUser = (db: Executor, id: string) =>
  db.selectFrom('portal_users').selectAll().where('id', '=', id).executeTakeFirst();

export const findUserByPerson = (db: Executor, personId: string) =>
  db.selectFrom('portal_users').selectAll().where('person_id', '=', personId).executeTakeFirst();

/** The portal user who may sign in with this address (invited or active, never revoked). */
export const findSignInUser = (db: Executor, email: string) =>
  db
    .selectFrom('portal_users')
    .selectAll()
    .where('email', '=', email)
    .where('status', 'in', ['invited', 'active'])
    .executeTakeFirst();

export async function insertUser(db: Executor, row: PortalUserRow): Promise<void> {
  await db.insertInto('portal_users').values(row).execute();
}

export async function updateUser(db: Executor, id: string, patch: Updateable<PortalUsersTable>): Promise<void> {
  await db.updateTable('portal_users').set(patch).where('id', '=', id).execute();
}

export async function insertLink(db: Executor, tokenHash: string, userId: string, at: string, expiresAt: string) {
  await db
    .insertInto('portal_links')
    .values({ token_hash: tokenHash, portal_user_id: userId, created_at: at, expires_at: expiresAt, used_at: null })
    .execute();
}

/**
 * Uses a link once: marks it used when it is unused and unexpired at `at`, and answers its user id; undefined when it
 * is unknown, used or expired (one conditional update, so two concurrent uses cannot both win).
 */
export async function consumeLink(db: Executor, tokenHash: string, at: string): Promise<string | undefined> {
  const link = await db.selectFrom('portal_links').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  if (!link || link.used_at !== null || link.expires_at <= at) return undefined;
  const res = await db
    .updateTable('portal_links')
    .set({ used_at: at })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1 ? link.portal_user_id : undefined;
}

export async function insertSession(db: Executor, row: PortalSessionRow): Promise<void> {
  await db.insertInto('portal_sessions').values(row).execute();
}

export const findSession = (db: Executor, tokenHash: string) =>
  db.selectFrom('portal_sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();

export async function deleteSession(db: Executor, tokenHash: string): Promise<void> {
  await db.deleteFrom('portal_sessions').where('token_hash', '=', tokenHash).execute();
}

export async function deleteUserSessions(db: Executor, userId: string): Promise<void> {
  await db.deleteFrom('portal_sessions').where('portal_user_id', '=', userId).execute();
}

/** Records an attempt under each key and answers how many each key had in the window before it. */
export async function countAndRecord(db: Executor, keys: string[], at: string, since: string): Promise<number[]> {
  const counts: number[] = [];
  for (const key of keys) {
    const row = await db
      .selectFrom('portal_link_attempts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('key', '=', key)
      .where('at', '>', since)
      .executeTakeFirst();
    counts.push(Number(row?.n ?? 0));
  }
  await db
    .insertInto('portal_link_attempts')
    .values(keys.map((key) => ({ id: newId(), key, at })))
    .execute();
  // Attempts older than a day are of no use to any window.
  await db
    .deleteFrom('portal_link_attempts')
    .where('at', '<', new Date(Date.parse(at) - 86_400_000).toISOString())
    .execute();
  return counts;
}
