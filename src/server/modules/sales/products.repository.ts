import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { DealLinesTable, ProductsTable } from '../../db/schema.ts';

export type ProductRow = Selectable<ProductsTable>;
export type DealLineRow = Selectable<DealLinesTable>;

export function listProducts(db: Executor, opts: { includeInactive: boolean; q?: string }): Promise<ProductRow[]> {
  let q = db.selectFrom('products').selectAll();
  if (!opts.includeInactive) q = q.where('active', '=', 1);
  const term = opts.q?.trim().toLowerCase();
  if (term) {
    const like = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb(eb.fn('lower', ['name']), 'like', like), eb(eb.fn('lower', ['sku']), 'like', like)]));
  }
  return q.orderBy('name').orderBy('id').limit(1000).execute();
}

export function findProducts(db: Executor, ids: string[]): Promise<ProductRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('products').selectAll().where('id', 'in', ids).execute();
}

export function findBySku(db: Executor, sku: string): Promise<ProductRow | undefined> {
  return db.selectFrom('products').selectAll().where('sku', '=', sku).executeTakeFirst();
}

export async function insertProduct(db: Executor, row: Insertable<ProductsTable>): Promise<void> {
  await db.insertInto('products').values(row).execute();
}

/** A guarded write: false when another write changed the product since `version` was read. */
export async function updateProduct(
  db: Executor,
  id: string,
  patch: Updateable<ProductsTable>,
  version: number,
): Promise<boolean> {
  const r = await db
    .updateTable('products')
    .set({ ...patch, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function deleteProduct(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('products').where('id', '=', id).execute();
}

export function linesOf(db: Executor, dealId: string): Promise<DealLineRow[]> {
  return db.selectFrom('deal_lines').selectAll().where('deal_id', '=', dealId).orderBy('position').execute();
}

export async function replaceLines(db: Executor, dealId: string, rows: Insertable<DealLinesTable>[]): Promise<void> {
  await db.deleteFrom('deal_lines').where('deal_id', '=', dealId).execute();
  if (rows.length > 0) await db.insertInto('deal_lines').values(rows).execute();
}

/** The total of a deal's line items, or undefined when it has none. */
export async function linesTotal(
  db: Executor,
  dealId: string,
): Promise<{ amountMinor: number; currency: string } | undefined> {
  const r = await db
    .selectFrom('deal_lines')
    .select((eb) => [eb.fn.sum<number | string>('total_minor').as('total'), eb.fn.min('currency').as('currency')])
    .where('deal_id', '=', dealId)
    .executeTakeFirst();
  return r?.currency ? { amountMinor: Number(r.total), currency: r.currency } : undefined;
}
