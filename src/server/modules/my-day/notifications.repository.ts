/** All SQL for notifications. A user only ever reaches their own rows: every query names the user. */
import { type Insertable, type Selectable, sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { NotificationsTable } from '../../db/schema.ts';

export type NotificationRow = Selectable<NotificationsTable>;

export async function insertMany(db: Executor, rows: Insertable<NotificationsTable>[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('notifications').values(rows).execute();
}

/** A user's notifications, unread first, newest first within each. */
export function listForUser(db: Executor, userId: string, limit: number, unreadOnly: boolean) {
  let qb = db.selectFrom('notifications').selectAll().where('user_id', '=', userId);
  if (unreadOnly) qb = qb.where('read_at', 'is', null);
  return qb
    .orderBy(sql`case when read_at is null then 0 else 1 end`)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function unreadCount(db: Executor, userId: string): Promise<number> {
  const r = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export function findForUser(db: Executor, userId: string, id: string): Promise<NotificationRow | undefined> {
  return db
    .selectFrom('notifications')
    .selectAll()
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export async function markRead(db: Executor, userId: string, id: string, at: string): Promise<void> {
  await db
    .updateTable('notifications')
    .set({ read_at: at })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .execute();
}

export async function markAllRead(db: Executor, userId: string, at: string): Promise<number> {
  const r = await db
    .updateTable('notifications')
    .set({ read_at: at })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
