/** The only SQL of the imports tables: imports, their rejected rows and what each written row did. */
import { type Insertable, sql, type Updateable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { ImportMappingsTable, ImportsTable } from '../../db/schema.ts';

export type ImportRow = Omit<
  ImportsTable,
  'rows_done' | 'total' | 'created' | 'updated' | 'skipped' | 'rejected' | 'format'
> & {
  format: string;
  rows_done: number;
  total: number;
  created: number;
  updated: number;
  skipped: number;
  rejected: number;
};

export type Phase = 'dry-run' | 'run';

export interface RejectionRow {
  row_number: number;
  seq: number;
  column_name: string | null;
  reason: string;
}

export interface ChangeRow {
  row_number: number;
  record_id: string;
  action: 'created' | 'updated';
  previous: string | null;
}

export async function insert(db: Executor, row: Insertable<ImportsTable>): Promise<void> {
  await db.insertInto('imports').values(row).execute();
}

export async function find(db: Executor, id: string): Promise<ImportRow | undefined> {
  const row = await db.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? ({ ...row, size_bytes: Number(row.size_bytes) } as ImportRow) : undefined;
}

export async function list(db: Executor, ownerId: string | null, limit: number): Promise<ImportRow[]> {
  let qb = db.selectFrom('imports').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit);
  if (ownerId) qb = qb.where('owner_id', '=', ownerId);
  return (await qb.execute()).map((r) => ({ ...r, size_bytes: Number(r.size_bytes) }) as ImportRow);
}

export async function update(db: Executor, id: string, patch: Updateable<ImportsTable>): Promise<void> {
  await db.updateTable('imports').set(patch).where('id', '=', id).execute();
}

/** Changes an import's status only from one of `from` (a compare-and-set); false when it was in another. */
export async function transition(
  db: Executor,
  id: string,
  from: string[],
  patch: Updateable<ImportsTable>,
): Promise<boolean> {
  const r = await db
    .updateTable('imports')
    .set(patch)
    .where('id', '=', id)
    .where('status', 'in', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Moves the checkpoint and adds to the counts, in the transaction that wrote those rows. */
export async function checkpoint(
  db: Executor,
  id: string,
  rowsDone: number,
  add: { created: number; updated: number; skipped: number; rejected: number },
  at: string,
): Promise<void> {
  const n = add.created + add.updated + add.skipped + add.rejected;
  await db
    .updateTable('imports')
    .set({
      rows_done: rowsDone,
      total: sql`total + ${n}`,
      created: sql`created + ${add.created}`,
      updated: sql`updated + ${add.updated}`,
      skipped: sql`skipped + ${add.skipped}`,
      rejected: sql`rejected + ${add.rejected}`,
      updated_at: at,
    })
    .where('id', '=', id)
    .execute();
}

export async function addRejections(db: Executor, importId: string, phase: Phase, rows: RejectionRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto('import_rejections')
      .values(rows.slice(i, i + 200).map((r) => ({ import_id: importId, phase, ...r })))
      .execute();
  }
}

export async function clearRejections(db: Executor, importId: string, phase: Phase): Promise<void> {
  await db.deleteFrom('import_rejections').where('import_id', '=', importId).where('phase', '=', phase).execute();
}

/** A page of rejected rows in file order, after `after` (row, seq). */
export function rejections(
  db: Executor,
  importId: string,
  phase: Phase,
  limit: number,
  after?: { row: number; seq: number },
): Promise<RejectionRow[]> {
  let qb = db
    .selectFrom('import_rejections')
    .select(['row_number', 'seq', 'column_name', 'reason'])
    .where('import_id', '=', importId)
    .where('phase', '=', phase);
  if (after) {
    qb = qb.where((eb) =>
      eb.or([eb('row_number', '>', after.row), eb.and([eb('row_number', '=', after.row), eb('seq', '>', after.seq)])]),
    );
  }
  return qb.orderBy('row_number').orderBy('seq').limit(limit).execute();
}

export async function addChanges(db: Executor, importId: string, rows: ChangeRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto('import_changes')
      .values(rows.slice(i, i + 200).map((r) => ({ import_id: importId, ...r })))
      .execute();
  }
}

/** The last written rows first (undo goes backwards), a page at a time. */
export async function lastChanges(db: Executor, importId: string, limit: number): Promise<ChangeRow[]> {
  return (await db
    .selectFrom('import_changes')
    .select(['row_number', 'record_id', 'action', 'previous'])
    .where('import_id', '=', importId)
    .orderBy('row_number', 'desc')
    .limit(limit)
    .execute()) as ChangeRow[];
}

export async function removeChanges(db: Executor, importId: string, rowNumbers: number[]): Promise<void> {
  if (rowNumbers.length === 0) return;
  await db
    .deleteFrom('import_changes')
    .where('import_id', '=', importId)
    .where('row_number', 'in', rowNumbers)
    .execute();
}

// ---------- saved mappings ----------

export type MappingRow = ImportMappingsTable;

export function mappings(db: Executor, kind?: string): Promise<MappingRow[]> {
  let qb = db.selectFrom('import_mappings').selectAll().orderBy('kind').orderBy('name');
  if (kind) qb = qb.where('kind', '=', kind);
  return qb.execute();
}

export function mappingById(db: Executor, id: string): Promise<MappingRow | undefined> {
  return db.selectFrom('import_mappings').selectAll().where('id', '=', id).executeTakeFirst();
}

export function mappingByName(db: Executor, kind: string, name: string): Promise<MappingRow | undefined> {
  return db
    .selectFrom('import_mappings')
    .selectAll()
    .where('kind', '=', kind)
    .where('name', '=', name)
    .executeTakeFirst();
}

export async function saveMapping(db: Executor, row: MappingRow, exists: boolean): Promise<void> {
  if (exists) {
    await db
      .updateTable('import_mappings')
      .set({ headers: row.headers, mapping: row.mapping, updated_at: row.updated_at })
      .where('id', '=', row.id)
      .execute();
  } else await db.insertInto('import_mappings').values(row).execute();
}

export async function deleteMapping(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('import_mappings').where('id', '=', id).execute();
}
