/** All SQL for orders, invoices, payments, the ERP sync state and credit rules. */
import { type Insertable, type Kysely, type RawBuilder, type Selectable, sql, type Updateable } from 'kysely';
import { insertRows as bulkInsert, updateRows as bulkUpdate } from '../../db/bulk.ts';
import type { Dialect, Executor } from '../../db/database.ts';
import type {
  ErpConnectionTable,
  ErpSyncRunsTable,
  InvoicesTable,
  OrdersTable,
  PaymentsTable,
} from '../../db/schema.ts';

export type OrderRow = Selectable<OrdersTable>;
export type InvoiceRow = Selectable<InvoicesTable>;
export type PaymentRow = Selectable<PaymentsTable>;
export type ErpTable = 'orders' | 'invoices' | 'payments';

export type OrderRecord = OrderRow & { company_name: string | null };
export type InvoiceRecord = InvoiceRow & { company_name: string | null };
export type PaymentRecord = PaymentRow & { company_name: string | null; invoice_number: string | null };

export function orderRecords(db: Executor, companyName: RawBuilder<string | null>) {
  return db.selectFrom('orders').selectAll('orders').select(companyName.as('company_name'));
}

export function invoiceRecords(db: Executor, companyName: RawBuilder<string | null>) {
  return db.selectFrom('invoices').selectAll('invoices').select(companyName.as('company_name'));
}

export function paymentRecords(db: Executor, companyName: RawBuilder<string | null>) {
  return db
    .selectFrom('payments')
    .selectAll('payments')
    .select([
      companyName.as('company_name'),
      sql<string | null>`(select i.number from invoices i where i.id = payments.invoice_id)`.as('invoice_number'),
    ]);
}

// ---------- sync ----------

export interface SyncState {
  record_id: string | null;
  source_updated_at: string;
  deleted: number;
}

export async function syncStates(db: Executor, kind: string, externalIds: string[]): Promise<Map<string, SyncState>> {
  const out = new Map<string, SyncState>();
  for (let i = 0; i < externalIds.length; i += 500) {
    const rows = await db
      .selectFrom('erp_sync_state')
      .select(['external_id', 'record_id', 'source_updated_at', 'deleted'])
      .where('kind', '=', kind)
      .where('external_id', 'in', externalIds.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.external_id, { ...r, deleted: Number(r.deleted) });
  }
  return out;
}

export async function saveSyncState(
  db: Executor,
  kind: string,
  externalId: string,
  state: SyncState,
  exists: boolean,
): Promise<void> {
  if (exists) {
    await db
      .updateTable('erp_sync_state')
      .set(state)
      .where('kind', '=', kind)
      .where('external_id', '=', externalId)
      .execute();
  } else {
    await db
      .insertInto('erp_sync_state')
      .values({ kind, external_id: externalId, ...state })
      .execute();
  }
}

/** Rows (live or in the bin) of an ERP table carrying these ERP ids. */
export async function rowsByExternalIds<T extends ErpTable>(
  db: Executor,
  table: T,
  externalIds: string[],
): Promise<Map<string, Record<string, unknown> & { id: string; external_id: string; version: number }>> {
  const out = new Map<string, Record<string, unknown> & { id: string; external_id: string; version: number }>();
  for (let i = 0; i < externalIds.length; i += 500) {
    // biome-ignore lint/suspicious/noExplicitAny: one query for the three ERP tables
    const rows = (await (db as unknown as Kysely<any>)
      .selectFrom(table as string)
      .selectAll()
      .where('external_id', 'in', externalIds.slice(i, i + 500))
      .execute()) as unknown as (Record<string, unknown> & { id: string; external_id: string; version: number })[];
    for (const r of rows) out.set(r.external_id, r);
  }
  return out;
}

/** The columns a sync writes on an existing row (everything but its ids, creation time and overdue mark). */
const UPDATABLE: Record<ErpTable, string[]> = {
  orders: ['number', 'company_id', 'person_id', 'status', 'ordered_at', 'total_minor', 'currency', 'lines'],
  invoices: [
    'number',
    'company_id',
    'person_id',
    'status',
    'issued_at',
    'due_at',
    'total_minor',
    'amount_paid_minor',
    'outstanding_minor',
    'currency',
    'lines',
  ],
  payments: ['company_id', 'person_id', 'invoice_id', 'paid_at', 'amount_minor', 'currency', 'method'],
};
const COMMON = ['version', 'updated_at', 'deleted_at'];
const CASTS: Record<ErpTable, Record<string, 'bigint' | 'integer'>> = {
  orders: { total_minor: 'bigint', version: 'integer' },
  invoices: { total_minor: 'bigint', amount_paid_minor: 'bigint', outstanding_minor: 'bigint', version: 'integer' },
  payments: { amount_minor: 'bigint', version: 'integer' },
};

const pick = (row: Record<string, unknown>, columns: string[]) =>
  Object.fromEntries(columns.map((c) => [c, row[c] ?? null]));

/** New rows of a sync batch, in multi-row inserts. */
export async function insertRows(
  db: Executor,
  dialect: Dialect,
  table: ErpTable,
  rows: Record<string, unknown>[],
): Promise<void> {
  const columns = ['id', 'external_id', ...UPDATABLE[table], ...COMMON, 'created_at'];
  await bulkInsert(db, dialect, table, rows.map((r) => pick(r, columns)) as never);
}

/** Changed rows of a sync batch (full rows), one multi-row UPDATE … FROM (VALUES …) per thousand. */
export async function updateRows(
  db: Executor,
  dialect: Dialect,
  table: ErpTable,
  rows: Record<string, unknown>[],
): Promise<void> {
  const columns = ['id', ...UPDATABLE[table], ...COMMON];
  await bulkUpdate(db, dialect, table, 'id', rows.map((r) => pick(r, columns)) as never, CASTS[table] as never);
}

/** Saves what the ERP last sent for these ids (replacing what was saved), set-based. */
export async function saveSyncStates(
  db: Executor,
  dialect: Dialect,
  kind: string,
  states: Map<string, SyncState>,
): Promise<void> {
  const ids = [...states.keys()];
  for (let i = 0; i < ids.length; i += 500) {
    await db
      .deleteFrom('erp_sync_state')
      .where('kind', '=', kind)
      .where('external_id', 'in', ids.slice(i, i + 500))
      .execute();
  }
  await bulkInsert(
    db,
    dialect,
    'erp_sync_state',
    [...states].map(([external_id, s]) => ({ kind, external_id, ...s })),
  );
}

// ---------- credit ----------

export interface OpenInvoice {
  id: string;
  company_id: string;
  number: string;
  due_at: string;
  total_minor: number;
  outstanding_minor: number;
  currency: string;
  overdue_noted_at: string | null;
}

/** Live invoices with money outstanding (status open) of these companies. */
export async function openInvoices(db: Executor, companyIds: string[]): Promise<OpenInvoice[]> {
  const out: OpenInvoice[] = [];
  for (let i = 0; i < companyIds.length; i += 500) {
    const rows = await db
      .selectFrom('invoices')
      .select([
        'id',
        'company_id',
        'number',
        'due_at',
        'total_minor',
        'outstanding_minor',
        'currency',
        'overdue_noted_at',
      ])
      .where('company_id', 'in', companyIds.slice(i, i + 500))
      .where('deleted_at', 'is', null)
      .where('status', '=', 'open')
      .where('outstanding_minor', '>', 0)
      .execute();
    for (const r of rows) {
      out.push({
        ...r,
        company_id: r.company_id!,
        total_minor: Number(r.total_minor),
        outstanding_minor: Number(r.outstanding_minor),
      });
    }
  }
  return out;
}

/** Open orders' totals per company and currency. */
export async function openOrderTotals(
  db: Executor,
  companyIds: string[],
): Promise<{ company_id: string; currency: string; total: number }[]> {
  const out: { company_id: string; currency: string; total: number }[] = [];
  for (let i = 0; i < companyIds.length; i += 500) {
    const rows = await db
      .selectFrom('orders')
      .select(['company_id', 'currency', sql<string | number>`sum(total_minor)`.as('total')])
      .where('company_id', 'in', companyIds.slice(i, i + 500))
      .where('deleted_at', 'is', null)
      .where('status', '=', 'open')
      .groupBy(['company_id', 'currency'])
      .execute();
    for (const r of rows) out.push({ company_id: r.company_id!, currency: r.currency, total: Number(r.total) });
  }
  return out;
}

export async function markOverdueNoted(db: Executor, ids: string[], at: string): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) {
    await db
      .updateTable('invoices')
      .set({ overdue_noted_at: at })
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
  }
}

/** Per company and currency: the outstanding amount of its live open invoices, how many, and the oldest due date. */
export async function openInvoiceFigures(
  db: Executor,
  companyIds: string[],
): Promise<{ company_id: string; currency: string; outstanding: number; count: number; oldest_due: string }[]> {
  if (companyIds.length === 0) return [];
  const rows = await db
    .selectFrom('invoices')
    .select([
      'company_id',
      'currency',
      sql<string | number>`sum(outstanding_minor)`.as('outstanding'),
      sql<string | number>`count(*)`.as('count'),
      sql<string>`min(due_at)`.as('oldest_due'),
    ])
    .where('company_id', 'in', companyIds)
    .where('deleted_at', 'is', null)
    .where('status', '=', 'open')
    .where('outstanding_minor', '>', 0)
    .groupBy(['company_id', 'currency'])
    .execute();
  return rows.map((r) => ({
    company_id: r.company_id!,
    currency: r.currency,
    outstanding: Number(r.outstanding),
    count: Number(r.count),
    oldest_due: r.oldest_due,
  }));
}

/** Live open invoices of these companies past their due date whose "is N days overdue" entry is not written yet. */
export async function unnotedOverdue(db: Executor, companyIds: string[], today: string): Promise<OpenInvoice[]> {
  if (companyIds.length === 0) return [];
  const rows = await db
    .selectFrom('invoices')
    .select([
      'id',
      'company_id',
      'number',
      'due_at',
      'total_minor',
      'outstanding_minor',
      'currency',
      'overdue_noted_at',
    ])
    .where('company_id', 'in', companyIds)
    .where('deleted_at', 'is', null)
    .where('status', '=', 'open')
    .where('outstanding_minor', '>', 0)
    .where('overdue_noted_at', 'is', null)
    .where('due_at', '<', today)
    .orderBy('company_id')
    .orderBy('due_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    ...r,
    company_id: r.company_id!,
    total_minor: Number(r.total_minor),
    outstanding_minor: Number(r.outstanding_minor),
  }));
}

/** Companies with live open invoices or open orders (what the daily credit check visits, with the tracked ones). */
export async function companiesWithOpenItems(db: Executor): Promise<string[]> {
  const rows = await db
    .selectFrom('invoices')
    .select('company_id')
    .distinct()
    .where('deleted_at', 'is', null)
    .where('status', '=', 'open')
    .where('company_id', 'is not', null)
    .union(
      db
        .selectFrom('orders')
        .select('company_id')
        .where('deleted_at', 'is', null)
        .where('status', '=', 'open')
        .where('company_id', 'is not', null),
    )
    .execute();
  return rows.map((r) => r.company_id!);
}

export async function getRules(db: Executor): Promise<string | undefined> {
  return (await db.selectFrom('credit_rules').select('rules').where('id', '=', 'workspace').executeTakeFirst())?.rules;
}

export async function saveRules(db: Executor, rules: string, at: string, by: string | null): Promise<void> {
  const r = await db
    .updateTable('credit_rules')
    .set({ rules, updated_at: at, updated_by: by })
    .where('id', '=', 'workspace')
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) {
    await db.insertInto('credit_rules').values({ id: 'workspace', rules, updated_at: at, updated_by: by }).execute();
  }
}

export async function overrides(
  db: Executor,
  companyIds: string[],
): Promise<Map<string, { status: string; reason: string }>> {
  const out = new Map<string, { status: string; reason: string }>();
  if (companyIds.length === 0) return out;
  for (let i = 0; i < companyIds.length; i += 500) {
    const rows = await db
      .selectFrom('credit_overrides')
      .select(['company_id', 'status', 'reason'])
      .where('company_id', 'in', companyIds.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.company_id, { status: r.status, reason: r.reason });
  }
  return out;
}

export async function setOverride(
  db: Executor,
  companyId: string,
  o: { status: string; reason: string; set_by: string | null; set_at: string },
): Promise<void> {
  await db.deleteFrom('credit_overrides').where('company_id', '=', companyId).execute();
  await db
    .insertInto('credit_overrides')
    .values({ company_id: companyId, ...o })
    .execute();
}

export async function clearOverride(db: Executor, companyId: string): Promise<boolean> {
  const r = await db.deleteFrom('credit_overrides').where('company_id', '=', companyId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

// ---------- the accounts home ----------

/** Overdue open invoices in a currency: due date and outstanding amount (the home page buckets them). */
export async function overdueInvoices(
  db: Executor,
  today: string,
  currency: string,
): Promise<{ due_at: string; outstanding_minor: number }[]> {
  const rows = await db
    .selectFrom('invoices')
    .select(['due_at', 'outstanding_minor'])
    .where('deleted_at', 'is', null)
    .where('status', '=', 'open')
    .where('due_at', '<', today)
    .where('outstanding_minor', '>', 0)
    .where('currency', '=', currency)
    .execute();
  return rows.map((r) => ({ due_at: r.due_at, outstanding_minor: Number(r.outstanding_minor) }));
}

/** A company's live orders that were not cancelled, in one currency (customer value). */
export async function valueOrders(
  db: Executor,
  companyId: string,
  currency: string,
): Promise<{ orderedAt: string; totalMinor: number }[]> {
  const rows = await db
    .selectFrom('orders')
    .select(['ordered_at', 'total_minor'])
    .where('company_id', '=', companyId)
    .where('deleted_at', 'is', null)
    .where('status', '!=', 'cancelled')
    .where('currency', '=', currency)
    .execute();
  return rows.map((r) => ({ orderedAt: r.ordered_at, totalMinor: Number(r.total_minor) }));
}

// ---------- the pull connector ----------

export type ErpConnectionRow = Selectable<ErpConnectionTable>;
export type ErpSyncRunRow = Selectable<ErpSyncRunsTable>;

export async function getConnection(db: Executor): Promise<ErpConnectionRow | undefined> {
  return db.selectFrom('erp_connection').selectAll().where('id', '=', 'default').executeTakeFirst();
}

export async function saveConnection(db: Executor, row: Omit<ErpConnectionRow, 'id'>): Promise<void> {
  await db
    .insertInto('erp_connection')
    .values({ id: 'default', ...row })
    .onConflict((oc) => oc.column('id').doUpdateSet(row))
    .execute();
}

export async function insertRun(db: Executor, row: Insertable<ErpSyncRunsTable>): Promise<void> {
  await db.insertInto('erp_sync_runs').values(row).execute();
}

export async function updateRun(db: Executor, id: string, set: Updateable<ErpSyncRunsTable>): Promise<void> {
  await db.updateTable('erp_sync_runs').set(set).where('id', '=', id).execute();
}

export async function findRun(db: Executor, id: string): Promise<ErpSyncRunRow | undefined> {
  return db.selectFrom('erp_sync_runs').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The run a CSV import opened in the sync log. */
export async function findRunOfImport(db: Executor, importId: string): Promise<ErpSyncRunRow | undefined> {
  return db.selectFrom('erp_sync_runs').selectAll().where('import_id', '=', importId).executeTakeFirst();
}

/** The newest runs first. */
export async function listRuns(db: Executor, limit: number): Promise<ErpSyncRunRow[]> {
  return db
    .selectFrom('erp_sync_runs')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** The live, not cancelled orders of these companies (customer value), with their currency. */
export async function valueOrdersOf(
  db: Executor,
  companyIds: string[],
): Promise<{ company_id: string; ordered_at: string; total_minor: number; currency: string }[]> {
  if (companyIds.length === 0) return [];
  const rows = await db
    .selectFrom('orders')
    .select(['company_id', 'ordered_at', 'total_minor', 'currency'])
    .where('company_id', 'in', companyIds)
    .where('deleted_at', 'is', null)
    .where('status', '!=', 'cancelled')
    .execute();
  return rows.map((r) => ({
    company_id: r.company_id!,
    ordered_at: r.ordered_at,
    total_minor: Number(r.total_minor),
    currency: r.currency,
  }));
}

/** Companies whose customer value the daily run visits: with orders or invoices, or with a value stored already. */
export async function valueTracked(db: Executor): Promise<string[]> {
  const rows = await db
    .selectFrom('orders')
    .select('company_id')
    .where('deleted_at', 'is', null)
    .where('company_id', 'is not', null)
    .union(
      db
        .selectFrom('invoices')
        .select('company_id')
        .where('deleted_at', 'is', null)
        .where('company_id', 'is not', null),
    )
    .union(
      db
        .selectFrom('companies')
        .select('id as company_id')
        .where('deleted_at', 'is', null)
        .where('value_computed_at', 'is not', null),
    )
    .execute();
  return rows.map((r) => r.company_id!);
}
