/** SQL for password links (reset and invitation tokens) and the session clean-up that goes with them. */
import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { PasswordTokensTable } from '../../db/schema.ts';

export type PasswordTokenRow = Selectable<PasswordTokensTable>;

export async function insertPasswordToken(db: Executor, row: Insertable<PasswordTokensTable>): Promise<void> {
  await db.insertInto('password_tokens').values(row).execute();
}

export async function findPasswordToken(db: Executor, tokenHash: string): Promise<PasswordTokenRow | undefined> {
  return db.selectFrom('password_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Marks one token used; false when it was used meanwhile (so a link works exactly once). */
export async function useToken(db: Executor, id: string, at: string): Promise<boolean> {
  const r = await db
    .updateTable('password_tokens')
    .set({ used_at: at })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Every still-usable link of a user stops working (a newer one replaces them, or the password was set). */
export async function spendTokensOfUser(db: Executor, userId: string, at: string): Promise<void> {
  await db
    .updateTable('password_tokens')
    .set({ used_at: at })
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .execute();
}

export async function countTokensSince(db: Executor, userId: string, purpose: string, since: string): Promise<number> {
  const r = await db
    .selectFrom('password_tokens')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .where('created_at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function deleteOtherSessions(
  db: Executor,
  userId: string,
  keepSessionId: string | undefined,
): Promise<number> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepSessionId) q = q.where('id', '!=', keepSessionId);
  const r = await q.executeTakeFirst();
  return Number(r.numDeletedRows);
}
