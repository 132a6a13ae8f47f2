/** The only SQL for saved views (`saved_views`). */
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { SavedViewsTable } from '../../db/schema.ts';

export type ViewRow = Selectable<SavedViewsTable>;

/** The user's own views of a list and those others shared, by name. */
export function listViews(db: Executor, object: string, userId: string): Promise<ViewRow[]> {
  return db
    .selectFrom('saved_views')
    .selectAll()
    .where('object', '=', object)
    .where((eb) => eb.or([eb('user_id', '=', userId), eb('shared', '=', 1)]))
    .orderBy('name')
    .execute();
}

export function findView(db: Executor, id: string): Promise<ViewRow | undefined> {
  return db.selectFrom('saved_views').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertView(db: Executor, row: Insertable<SavedViewsTable>): Promise<void> {
  await db.insertInto('saved_views').values(row).execute();
}

/** Changes one of the user's own views; false when they have no view with that id. */
export async function updateOwnView(
  db: Executor,
  id: string,
  userId: string,
  patch: Updateable<SavedViewsTable>,
): Promise<boolean> {
  const r = await db
    .updateTable('saved_views')
    .set(patch)
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Deletes one of the user's own views; false when they have no view with that id. */
export async function deleteOwnView(db: Executor, id: string, userId: string): Promise<boolean> {
  const r = await db.deleteFrom('saved_views').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
