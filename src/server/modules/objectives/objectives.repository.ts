/** The only file with SQL for objectives and their check-ins. */
import type { Selectable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { ObjectiveCheckInsTable, ObjectiveKeyResultsTable, ObjectivesTable } from '../../db/schema.ts';

export type ObjectiveRow = Selectable<ObjectivesTable>;
export type CheckInRow = Selectable<ObjectiveCheckInsTable>;
export type KeyResultRow = Selectable<ObjectiveKeyResultsTable>;

export const find = (db: Executor, id: string): Promise<ObjectiveRow | undefined> =>
  db.selectFrom('objectives').selectAll().where('id', '=', id).executeTakeFirst();

export const list = (db: Executor): Promise<ObjectiveRow[]> =>
  db.selectFrom('objectives').selectAll().orderBy('end_date').orderBy('id').limit(500).execute();

export async function insert(db: Executor, row: ObjectiveRow): Promise<void> {
  await db.insertInto('objectives').values(row).execute();
}

export async function update(db: Executor, id: string, set: Partial<ObjectiveRow>): Promise<void> {
  await db.updateTable('objectives').set(set).where('id', '=', id).execute();
}

/** Sets a baseline that was still missing (and the target it makes absolute); false when another writer was first. */
export async function fillBaseline(
  db: Executor,
  id: string,
  set: { baseline_value: number; target_value: number | null; updated_at: string },
): Promise<boolean> {
  const r = await db
    .updateTable('objectives')
    .set(set)
    .where('id', '=', id)
    .where('baseline_value', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function remove(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('objective_key_results').where('objective_id', '=', id).execute();
  await db.deleteFrom('objective_check_ins').where('objective_id', '=', id).execute();
  await db.deleteFrom('objectives').where('id', '=', id).execute();
}

export const checkIns = (db: Executor, ids: string[]): Promise<CheckInRow[]> =>
  ids.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('objective_check_ins')
        .selectAll()
        .where('objective_id', 'in', ids)
        .orderBy('at')
        .orderBy('id')
        .execute();

export async function insertCheckIn(db: Executor, row: CheckInRow): Promise<void> {
  await db.insertInto('objective_check_ins').values(row).execute();
}

export const userExists = async (db: Executor, id: string): Promise<boolean> =>
  (await db.selectFrom('users').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;

export const keyResults = (db: Executor, ids: string[]): Promise<KeyResultRow[]> =>
  ids.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('objective_key_results')
        .selectAll()
        .where('objective_id', 'in', ids)
        .orderBy('objective_id')
        .orderBy('position')
        .execute();

/** Replaces an objective's key results (in the caller's transaction). */
export async function replaceKeyResults(db: Executor, objectiveId: string, rows: KeyResultRow[]): Promise<void> {
  await db.deleteFrom('objective_key_results').where('objective_id', '=', objectiveId).execute();
  if (rows.length > 0) await db.insertInto('objective_key_results').values(rows).execute();
}
