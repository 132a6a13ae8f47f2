/** All SQL for SLA policies, holidays and the case-reference counter. */
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { SlaPoliciesTable } from '../../db/schema.ts';

export type SlaPolicyRow = Selectable<SlaPoliciesTable>;

export function listPolicies(db: Executor): Promise<SlaPolicyRow[]> {
  return db.selectFrom('sla_policies').selectAll().orderBy('name').orderBy('id').execute();
}

export function findPolicy(db: Executor, id: string): Promise<SlaPolicyRow | undefined> {
  return db.selectFrom('sla_policies').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findSameScope(
  db: Executor,
  priority: string | null,
  caseTypeId: string | null,
): Promise<SlaPolicyRow | undefined> {
  let q = db.selectFrom('sla_policies').selectAll();
  q = priority === null ? q.where('priority', 'is', null) : q.where('priority', '=', priority);
  q = caseTypeId === null ? q.where('case_type_id', 'is', null) : q.where('case_type_id', '=', caseTypeId);
  return q.executeTakeFirst();
}

export async function insertPolicy(db: Executor, row: Insertable<SlaPoliciesTable>): Promise<void> {
  await db.insertInto('sla_policies').values(row).execute();
}

export async function updatePolicy(db: Executor, id: string, patch: Updateable<SlaPoliciesTable>): Promise<void> {
  await db.updateTable('sla_policies').set(patch).where('id', '=', id).execute();
}

export async function deletePolicy(db: Executor, id: string): Promise<boolean> {
  const r = await db.deleteFrom('sla_policies').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function holidays(db: Executor): Promise<string[]> {
  return (await db.selectFrom('holidays').select('date').orderBy('date').execute()).map((r) => r.date);
}

export async function replaceHolidays(db: Executor, dates: string[]): Promise<void> {
  await db.deleteFrom('holidays').execute();
  if (dates.length > 0)
    await db
      .insertInto('holidays')
      .values(dates.map((date) => ({ date, name: '' })))
      .execute();
}

/**
 * The next number of a counter, taken inside the caller's transaction: one UPDATE … RETURNING, so on PostgreSQL the
 * row lock queues concurrent creates and on SQLite the single writer does; a rolled-back create gives its number back.
 */
export async function nextValue(db: Executor, name: string): Promise<number> {
  const row = await db
    .updateTable('sequences')
    .set((eb) => ({ value: eb('value', '+', 1) }))
    .where('name', '=', name)
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(row.value);
}
