import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { LeadFormSubmissionsTable, LeadFormsTable } from '../../db/schema.ts';

export type LeadFormRow = Selectable<LeadFormsTable>;

export function listForms(db: Executor): Promise<LeadFormRow[]> {
  return db.selectFrom('lead_forms').selectAll().orderBy('name').orderBy('id').execute();
}

/** A form; `lock` takes its row lock on PostgreSQL (round-robin assignment and edits queue behind each other). */
export function findForm(db: Executor, id: string, lock = false): Promise<LeadFormRow | undefined> {
  const q = db.selectFrom('lead_forms').selectAll().where('id', '=', id);
  return (lock ? q.forUpdate() : q).executeTakeFirst();
}

export async function insertForm(db: Executor, row: Insertable<LeadFormsTable>): Promise<void> {
  await db.insertInto('lead_forms').values(row).execute();
}

export async function updateForm(
  db: Executor,
  id: string,
  patch: Updateable<LeadFormsTable>,
  version: number,
): Promise<boolean> {
  const r = await db
    .updateTable('lead_forms')
    .set({ ...patch, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function setLastAssigned(db: Executor, id: string, userId: string): Promise<void> {
  await db.updateTable('lead_forms').set({ last_assigned_id: userId }).where('id', '=', id).execute();
}

export async function deleteForm(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('lead_forms').where('id', '=', id).execute();
}

export async function insertSubmission(db: Executor, row: Insertable<LeadFormSubmissionsTable>): Promise<void> {
  await db.insertInto('lead_form_submissions').values(row).execute();
}
