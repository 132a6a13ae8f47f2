/** All SQL for case types. */
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { CaseTypesTable } from '../../db/schema.ts';

export type CaseTypeRow = Selectable<CaseTypesTable>;

export function list(db: Executor, includeArchived: boolean): Promise<CaseTypeRow[]> {
  let q = db.selectFrom('case_types').selectAll();
  if (!includeArchived) q = q.where('archived', '=', 0);
  return q.orderBy('position').orderBy('name').orderBy('id').execute();
}

export function find(db: Executor, id: string): Promise<CaseTypeRow | undefined> {
  return db.selectFrom('case_types').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insert(db: Executor, row: Insertable<CaseTypesTable>): Promise<void> {
  await db.insertInto('case_types').values(row).execute();
}

/** A guarded update: false when the version moved on. */
export async function update(
  db: Executor,
  id: string,
  version: number,
  patch: Updateable<CaseTypesTable>,
): Promise<boolean> {
  const r = await db
    .updateTable('case_types')
    .set({ ...patch, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
