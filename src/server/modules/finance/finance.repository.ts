/** All SQL for orders, invoices, payments, the ERP sync state and credit rules. */
import { type Kysely, type RawBuilder, type Selectable, sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { InvoicesTable, OrdersTable, PaymentsTable } from '../../db/schema.ts';

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

export async function insertRow(db: Executor, table: ErpTable, values: Record<string, unknown>): Promise<void> {
  await db
    .insertInto(table)
    .values(values as never)
    .execute();
}

export async function updateRow(db: Executor, table: ErpTable, id: string, values: Record<string, unknown>) {
  await db
    .updateTable(table)
    .set(values as never)
    .where('id', '=', id)
    .execute();
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

export async function markOverdueNoted(db: Executor, id: string, at: string): Promise<void> {
  await db.updateTable('invoices').set({ overdue_noted_at: at }).where('id', '=', id).execute();
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
