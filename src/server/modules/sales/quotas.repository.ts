import type { Selectable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { QuotasTable } from '../../db/schema.ts';

export type QuotaRow = Selectable<QuotasTable>;

export function list(
  db: Executor,
  f: { periods?: string[]; subjectKind?: 'user' | 'team'; subjectIds?: string[] },
): Promise<QuotaRow[]> {
  let q = db.selectFrom('quotas').selectAll();
  if (f.periods) q = q.where('period', 'in', f.periods.length ? f.periods : ['-']);
  if (f.subjectKind) q = q.where('subject_kind', '=', f.subjectKind);
  if (f.subjectIds) q = q.where('subject_id', 'in', f.subjectIds.length ? f.subjectIds : ['-']);
  return q.orderBy('period').orderBy('subject_kind').orderBy('subject_id').execute();
}

export async function upsert(db: Executor, row: QuotaRow): Promise<void> {
  await db
    .insertInto('quotas')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['subject_kind', 'subject_id', 'period']).doUpdateSet({
        amount_minor: row.amount_minor,
        currency: row.currency,
        deal_count: row.deal_count,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}

export function find(db: Executor, id: string): Promise<QuotaRow | undefined> {
  return db.selectFrom('quotas').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function remove(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('quotas').where('id', '=', id).execute();
}
