import type { Selectable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { CustomFieldDefsTable } from '../../db/schema.ts';

export type CustomFieldRow = Selectable<CustomFieldDefsTable>;

export function listDefs(db: Executor, object?: string): Promise<CustomFieldRow[]> {
  let q = db.selectFrom('custom_field_defs').selectAll();
  if (object) q = q.where('object', '=', object);
  return q.orderBy('object').orderBy('position').orderBy('key').execute();
}

export function findDef(db: Executor, id: string): Promise<CustomFieldRow | undefined> {
  return db.selectFrom('custom_field_defs').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findDefByKey(db: Executor, object: string, key: string): Promise<CustomFieldRow | undefined> {
  return db
    .selectFrom('custom_field_defs')
    .selectAll()
    .where('object', '=', object)
    .where('key', '=', key)
    .executeTakeFirst();
}

export async function insertDef(db: Executor, row: Omit<CustomFieldRow, 'version'>): Promise<void> {
  await db.insertInto('custom_field_defs').values(row).execute();
}

export async function updateDef(
  db: Executor,
  id: string,
  patch: Partial<Pick<CustomFieldRow, 'label' | 'options' | 'required' | 'help_text' | 'position' | 'updated_at'>>,
  version: number,
): Promise<void> {
  await db
    .updateTable('custom_field_defs')
    .set({ ...patch, version: version + 1 })
    .where('id', '=', id)
    .execute();
}

export async function deleteDef(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('custom_field_defs').where('id', '=', id).execute();
}
