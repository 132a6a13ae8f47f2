/**
 * Orders, invoices and payments as kinds of record on the kernel: list (filters, sorts, keyset pages), get, history,
 * export, field rules. They are written by the ERP sync (`finance.service.ts`), never through the record API, so the
 * kernel's write hooks refuse every field.
 */
import type { Database, Executor } from '../../db/database.ts';
import type { Ctx } from '../../platform/access/policy.ts';
import type { HistoryEntry } from '../../platform/audit.ts';
import type { EventBus } from '../../platform/events.ts';
import type { ListPage, ListParams } from '../../platform/lists.ts';
import { type KernelDeps, type KernelRow, RecordKernel } from '../../platform/records/kernel.ts';
import type { RecordKind } from '../../platform/records/kind.ts';
import type { CompaniesService } from '../companies/index.ts';
import type { CustomFieldsService } from '../custom-fields/index.ts';
import { teamBriefs, userBriefs } from '../identity/index.ts';
import type { WorkspaceService } from '../workspace/index.ts';
import { invoicesKind, ordersKind, paymentsKind } from './finance.kind.ts';
import * as repo from './finance.repository.ts';
import type { Invoice, Line, Order, Payment } from './finance.schemas.ts';

export interface ErpRecordsDeps {
  database: Database;
  events: EventBus;
  workspace: WorkspaceService;
  customFields: CustomFieldsService;
  companies: CompaniesService;
  /** Today's date (YYYY-MM-DD) as the services see it: invoices' days overdue count from it. */
  today: () => string;
}

const DAY_MS = 86_400_000;

/** Whole days from `due` (YYYY-MM-DD) to `today` (0 when not past). */
export function daysPast(due: string, today: string): number {
  return Math.max(0, Math.round((Date.parse(today) - Date.parse(due)) / DAY_MS));
}

const money = (amountMinor: unknown, currency: string) => ({ amountMinor: Number(amountMinor), currency });

const ref = (id: string | null, name: string | null) => (id && name !== null ? { id, name } : null);

interface ErpRecordHooks<Rec, Dto> {
  records: (db: Executor, ctx: Ctx) => ReturnType<typeof repo.orderRecords>;
  toDto: (row: Rec) => Dto;
}

/** The read side of one ERP kind: its kernel and the calls its routes make. */
export class ErpRecords<Rec extends KernelRow, Dto extends { id: string } & Record<string, unknown>> {
  readonly records: RecordKernel<Rec, Dto, object>;

  constructor(kind: RecordKind, deps: ErpRecordsDeps, hooks: ErpRecordHooks<Rec, Dto>) {
    this.records = new RecordKernel<Rec, Dto, object>(
      kind,
      {
        ...deps,
        customFields: deps.customFields as unknown as KernelDeps['customFields'],
        directory: { userBriefs, teamBriefs },
      },
      {
        records: hooks.records as never,
        toDtos: async (_ctx, rows) => rows.map(hooks.toDto),
        normalise: () => ({
          columns: {},
          errors: [{ pointer: '/', detail: 'is written by the ERP sync only', in: 'body' }],
        }),
        exportValue: (d, col) => {
          const r = d as Record<string, unknown>;
          if (col === 'company') return (r.company as { name?: string } | null)?.name ?? '';
          if (col === 'invoice') return (r.invoice as { name?: string } | null)?.name ?? '';
          if (col === 'currency') return ((r.total ?? r.amount) as { currency?: string } | undefined)?.currency ?? '';
          const m = r[col] as { amountMinor?: number } | undefined;
          if (m && typeof m === 'object' && 'amountMinor' in m) return String(m.amountMinor);
          return undefined;
        },
      },
    );
  }

  list(ctx: Ctx, params: ListParams): Promise<ListPage<Dto>> {
    return this.records.list(ctx, params);
  }

  get(ctx: Ctx, id: string): Promise<Dto> {
    return this.records.get(ctx, id);
  }

  history(ctx: Ctx, id: string): Promise<HistoryEntry[]> {
    return this.records.history(ctx, id);
  }

  exportCsv(ctx: Ctx, params: ListParams, columns: string[] | undefined) {
    return this.records.exportCsv(ctx, params, columns);
  }
}

export const orderDto = (r: repo.OrderRecord): Order => ({
  id: r.id,
  externalId: r.external_id,
  number: r.number,
  companyId: r.company_id,
  company: ref(r.company_id, r.company_name),
  personId: r.person_id,
  status: r.status as Order['status'],
  orderedAt: r.ordered_at,
  total: money(r.total_minor, r.currency),
  lines: JSON.parse(r.lines) as Line[],
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  deletedAt: r.deleted_at,
});

export const invoiceDto =
  (today: () => string) =>
  (r: repo.InvoiceRecord): Invoice => ({
    id: r.id,
    externalId: r.external_id,
    number: r.number,
    companyId: r.company_id,
    company: ref(r.company_id, r.company_name),
    personId: r.person_id,
    status: r.status as Invoice['status'],
    issuedAt: r.issued_at,
    dueAt: r.due_at,
    total: money(r.total_minor, r.currency),
    amountPaid: money(r.amount_paid_minor, r.currency),
    outstanding: money(r.outstanding_minor, r.currency),
    overdueDays: r.status === 'open' && Number(r.outstanding_minor) > 0 ? daysPast(r.due_at, today()) : 0,
    lines: JSON.parse(r.lines) as Line[],
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    deletedAt: r.deleted_at,
  });

export const paymentDto = (r: repo.PaymentRecord): Payment => ({
  id: r.id,
  externalId: r.external_id,
  companyId: r.company_id,
  company: ref(r.company_id, r.company_name),
  personId: r.person_id,
  invoiceId: r.invoice_id,
  invoice: ref(r.invoice_id, r.invoice_number),
  paidAt: r.paid_at,
  amount: money(r.amount_minor, r.currency),
  method: r.method,
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  deletedAt: r.deleted_at,
});

export function ordersRecords(deps: ErpRecordsDeps) {
  return new ErpRecords<repo.OrderRecord, Order>(ordersKind, deps, {
    records: (db, ctx) => repo.orderRecords(db, deps.companies.visibleNameSql(ctx, 'orders.company_id')),
    toDto: orderDto,
  });
}

export function invoicesRecords(deps: ErpRecordsDeps) {
  return new ErpRecords<repo.InvoiceRecord, Invoice>(invoicesKind, deps, {
    records: ((db: Executor, ctx: Ctx) =>
      repo.invoiceRecords(db, deps.companies.visibleNameSql(ctx, 'invoices.company_id'))) as never,
    toDto: invoiceDto(deps.today),
  });
}

export function paymentsRecords(deps: ErpRecordsDeps) {
  return new ErpRecords<repo.PaymentRecord, Payment>(paymentsKind, deps, {
    records: ((db: Executor, ctx: Ctx) =>
      repo.paymentRecords(db, deps.companies.visibleNameSql(ctx, 'payments.company_id'))) as never,
    toDto: paymentDto,
  });
}

export type OrdersRecords = ReturnType<typeof ordersRecords>;
export type InvoicesRecords = ReturnType<typeof invoicesRecords>;
export type PaymentsRecords = ReturnType<typeof paymentsRecords>;
