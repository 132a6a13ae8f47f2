import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { WorkspaceTable } from '../../db/schema.ts';

export type WorkspaceRow = Selectable<WorkspaceTable>;
export const WORKSPACE_ID = 'default';

export function findWorkspace(db: Executor): Promise<WorkspaceRow | undefined> {
  return db.selectFrom('workspace').selectAll().where('id', '=', WORKSPACE_ID).executeTakeFirst();
}

export async function insertWorkspace(db: Executor, row: Insertable<WorkspaceTable>): Promise<void> {
  await db
    .insertInto('workspace')
    .values(row)
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

export async function updateWorkspace(
  db: Executor,
  patch: Partial<Omit<WorkspaceRow, 'id'>>,
  version: number,
): Promise<void> {
  await db
    .updateTable('workspace')
    .set({ ...patch, version: version + 1 })
    .where('id', '=', WORKSPACE_ID)
    .execute();
}
