/**
 * Accounts: the ERP sync and credit control.
 *
 * The ERP stays the book of record. `PUT /erp/<kind>` takes up to 1,000 records keyed by the ERP's own ids and writes
 * them in one transaction: a record already stored with the same or a later `updatedAt` changes nothing (replays and
 * late, out-of-order updates are harmless), `"deleted": true` moves it to the bin (deletions are never inferred), and
 * a record that fails its checks is rejected on its own with pointers while the others land. Each write is audited and
 * published (`<kind>.created|updated|deleted|restored`, on the company's timeline in the accounts department).
 *
 * Credit control: a company's exposure (outstanding invoices plus open orders, in its credit limit's currency), its
 * days overdue and its credit status (good / watch / hold) from the workspace's credit rules, or set by hand with a
 * reason until cleared. Every change of status is published (`company.credit_status_changed`). Moving a deal of a
 * company on hold to Won is warned about or refused, as the rules say (a guard the sales module calls).
 */
import { Ajv, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import type { TSchema } from 'typebox';
import { normaliseDomain } from '../../../shared/contact.ts';
import { type Database, type Executor, refreshStatistics } from '../../db/database.ts';
import { assertCan, type Ctx, can, canReadField } from '../../platform/access/policy.ts';
import { type AuditEntry, type Changes, diff, recordAudit, recordAudits } from '../../platform/audit.ts';
import { AppError, type FieldError, forbidden, notFound } from '../../platform/errors.ts';
import type { DomainEvent, EventBus } from '../../platform/events.ts';
import { newId, now } from '../../platform/ids.ts';
import { syncKindSearchDocuments } from '../../platform/records/search.ts';
import type { CompaniesService, Company, CompanyCredit, CompanyValueRow } from '../companies/index.ts';
import type { CardFacts } from '../context-card/index.ts';
import type { PeopleService } from '../people/index.ts';
import type { WorkspaceService } from '../workspace/index.ts';
import { customerValue } from './customer-value.ts';
import { daysPast, type PaymentsRecords } from './erp-records.service.ts';
import { financeError } from './finance.errors.ts';
import { invoicesKind, ordersKind, paymentsKind } from './finance.kind.ts';
import * as repo from './finance.repository.ts';
import {
  type AccountsOverview,
  type CreditRules,
  type CreditStatus,
  type CustomerValueView,
  ErpCompany,
  ErpDeletion,
  type ErpEntityRun,
  ErpInvoice,
  ErpOrder,
  ErpPayment,
  type Line,
  type Money,
  type SetCreditStatus,
  type SyncRejection,
  type SyncResult,
} from './finance.schemas.ts';

export interface FinanceDeps {
  database: Database;
  events: EventBus;
  workspace: WorkspaceService;
  people: PeopleService;
  companies: CompaniesService;
  payments: PaymentsRecords;
  /** Open cases of a company (open complaints, a churn-risk reason); none counted without it. */
  complaints?: {
    openCountForCompany(companyId: string): Promise<number>;
    openCountsForCompanies(companyIds: string[], db?: Executor): Promise<Map<string, number>>;
  };
  /** The services' clock (tests and the benchmark set it). */
  clock?: () => Date;
}

export const DEFAULT_CREDIT_RULES: CreditRules = {
  holdWhenOverdueDays: 60,
  holdWhenOverLimit: true,
  watchWhenOverdueDays: 1,
  onWonWhileOnHold: 'warn',
};

/** The stored value of a company that is not a customer yet (no orders or invoices). */
const NO_VALUE = {
  value_lifetime_minor: null,
  value_12m_minor: null,
  value_clv_minor: null,
  value_currency: null,
  rfm_segment: null,
  churn_risk: null,
  churn_reasons: null,
} as const;

const STATUS_LABEL: Record<CreditStatus, string> = { good: 'Good', watch: 'Watch', hold: 'Hold' };

/** The currency's usual number of decimals, and number formats by decimals shown (built once: they are costly). */
const fractionDigits = new Map<string, number>();
const numberFormats = new Map<number, Intl.NumberFormat>();

/** The currency's usual number of decimals (2 for EUR, 0 for JPY). */
export function minorDigits(currency: string): number {
  let digits = fractionDigits.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    fractionDigits.set(currency, digits);
  }
  return digits;
}

/** "EUR 12,400" (whole amounts) or "EUR 12,400.50", in the currency's usual precision. */
export function formatAmount(amountMinor: number, currency: string): string {
  const digits = minorDigits(currency);
  const major = amountMinor / 10 ** digits;
  const shown = Number.isInteger(major) ? 0 : digits;
  let format = numberFormats.get(shown);
  if (!format) {
    format = new Intl.NumberFormat('en', { minimumFractionDigits: shown, maximumFractionDigits: shown });
    numberFormats.set(shown, format);
  }
  return `${currency} ${format.format(major)}`;
}

/**
 * The credit status the rules give (pure): hold when an invoice is more than `holdWhenOverdueDays` overdue or (with
 * `holdWhenOverLimit`) exposure is above the credit limit; watch when one is at least `watchWhenOverdueDays` overdue;
 * otherwise good. The reason names the rule, never a figure (roles that may not see credit figures read it).
 */
export function creditStatusFrom(
  rules: CreditRules,
  f: { overdueDays: number; exposureMinor: number; limitMinor: number | null },
): { status: CreditStatus; reason: string | null } {
  if (rules.holdWhenOverdueDays !== null && f.overdueDays > rules.holdWhenOverdueDays) {
    return { status: 'hold', reason: `An invoice is more than ${rules.holdWhenOverdueDays} days overdue` };
  }
  if (rules.holdWhenOverLimit && f.limitMinor !== null && f.exposureMinor > f.limitMinor) {
    return { status: 'hold', reason: 'Exposure is above the credit limit' };
  }
  if (rules.watchWhenOverdueDays !== null && f.overdueDays > 0 && f.overdueDays >= rules.watchWhenOverdueDays) {
    return { status: 'watch', reason: 'An invoice is overdue' };
  }
  return { status: 'good', reason: null };
}

// ---------- per-record validation ----------

const ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: false });
addFormats.default(ajv);

function validator(schema: TSchema) {
  const check = ajv.compile(schema as object);
  return (record: unknown, base: string): FieldError[] => {
    if (check(record)) return [];
    return (check.errors ?? []).map((e: ErrorObject) => {
      const params = e.params as { missingProperty?: string; additionalProperty?: string };
      const extra = params.missingProperty ?? params.additionalProperty;
      return {
        pointer: `${base}${e.instancePath}${extra ? `/${extra}` : ''}`,
        detail: extra && params.additionalProperty ? 'is not a known field' : (e.message ?? 'is invalid'),
        in: 'body' as const,
      };
    });
  };
}

const validators = {
  companies: validator(ErpCompany),
  orders: validator(ErpOrder),
  invoices: validator(ErpInvoice),
  payments: validator(ErpPayment),
  deletion: validator(ErpDeletion),
};

export type ErpKind = 'companies' | 'orders' | 'invoices' | 'payments';
/** The ERP kinds whose records are the finance module's own rows (a CSV import writes these). */
export type ErpRecordKind = Exclude<ErpKind, 'companies'>;
/** What a chunk of a CSV import adds to its line of the sync log. */
export interface ErpImportChunkLog {
  rowsIn: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** Rejected rows: the file's row, the ERP id, each problem's column and reason. */
  rejections: { row: number; externalId: string | null; errors: { field: string; detail: string }[] }[];
}

/** What the upsert did with one record: its problems (pointers into the record) when rejected. */
export interface ErpOutcome {
  outcome: 'created' | 'updated' | 'unchanged' | 'rejected';
  errors: { pointer: string; detail: string }[];
}
type ErpTable = repo.ErpTable;
const FINANCE_KINDS = { orders: ordersKind, invoices: invoicesKind, payments: paymentsKind } as const;

interface RecordBase {
  externalId: string;
  updatedAt: string;
  deleted?: boolean;
  companyExternalId?: string;
  personId?: string | null;
}

/** How one ERP kind's records become rows, snapshots (audit) and timeline lines. */
interface KindSpec {
  prefix: 'order' | 'invoice' | 'payment';
  label: string;
  columns(r: Record<string, unknown>, links: { companyId: string; invoiceId: string | null }): Record<string, unknown>;
  snapshot(row: Record<string, unknown>): Record<string, unknown>;
  name(row: Record<string, unknown>): string;
  createdLine(row: Record<string, unknown>): string;
  updatedLine(row: Record<string, unknown>, changes: Changes): string | undefined;
  payload(row: Record<string, unknown>): Record<string, unknown>;
}

const lines = (r: Record<string, unknown>) => JSON.stringify((r.lines as Line[] | undefined) ?? []);
const moneyOf = (minor: unknown, currency: unknown) => ({ amountMinor: Number(minor), currency: String(currency) });
const amount = (minor: unknown, currency: unknown) => formatAmount(Number(minor), String(currency));
const TITLE: Record<string, string> = {
  open: 'Open',
  fulfilled: 'Fulfilled',
  cancelled: 'Cancelled',
  draft: 'Draft',
  paid: 'Paid',
  void: 'Void',
};
const statusMove = (c: Changes) =>
  c.status ? `${TITLE[String(c.status.from)] ?? c.status.from} → ${TITLE[String(c.status.to)] ?? c.status.to}` : null;

const SPECS: Record<ErpTable, KindSpec> = {
  orders: {
    prefix: 'order',
    label: 'Order',
    columns: (r, l) => ({
      number: r.number,
      company_id: l.companyId,
      person_id: r.personId ?? null,
      status: r.status,
      ordered_at: r.orderedAt,
      total_minor: (r.total as Money).amountMinor,
      currency: (r.total as Money).currency,
      lines: lines(r),
    }),
    snapshot: (row) => ({
      number: row.number,
      companyId: row.company_id,
      personId: row.person_id,
      status: row.status,
      orderedAt: row.ordered_at,
      total: moneyOf(row.total_minor, row.currency),
      lines: JSON.parse(String(row.lines)),
    }),
    name: (row) => String(row.number),
    createdLine: (row) => `Order ${row.number} for ${amount(row.total_minor, row.currency)} placed`,
    updatedLine: (row, c) => {
      const move = statusMove(c);
      if (move) return `Order ${row.number}: ${move}`;
      return c.total ? `Order ${row.number} now ${amount(row.total_minor, row.currency)}` : undefined;
    },
    payload: (row) => ({
      orderId: row.id,
      externalId: row.external_id,
      number: row.number,
      status: row.status,
      amountMinor: Number(row.total_minor),
      currency: row.currency,
      companyId: row.company_id,
      personId: row.person_id,
    }),
  },
  invoices: {
    prefix: 'invoice',
    label: 'Invoice',
    columns: (r, l) => {
      const total = r.total as Money;
      const paid = (r.amountPaid as Money | undefined)?.amountMinor ?? 0;
      const settled = r.status === 'paid' || r.status === 'void';
      return {
        number: r.number,
        company_id: l.companyId,
        person_id: r.personId ?? null,
        status: r.status,
        issued_at: r.issuedAt,
        due_at: r.dueAt,
        total_minor: total.amountMinor,
        amount_paid_minor: paid,
        outstanding_minor: settled ? 0 : Math.max(0, total.amountMinor - paid),
        currency: total.currency,
        lines: lines(r),
      };
    },
    snapshot: (row) => ({
      number: row.number,
      companyId: row.company_id,
      personId: row.person_id,
      status: row.status,
      issuedAt: row.issued_at,
      dueAt: row.due_at,
      total: moneyOf(row.total_minor, row.currency),
      amountPaid: moneyOf(row.amount_paid_minor, row.currency),
      outstanding: moneyOf(row.outstanding_minor, row.currency),
      lines: JSON.parse(String(row.lines)),
    }),
    name: (row) => String(row.number),
    createdLine: (row) =>
      `Invoice ${row.number} for ${amount(row.total_minor, row.currency)} issued, due ${row.due_at}`,
    updatedLine: (row, c) => {
      const move = statusMove(c);
      if (move) return `Invoice ${row.number}: ${move}`;
      if (c.amountPaid) {
        return `Invoice ${row.number}: ${amount(row.amount_paid_minor, row.currency)} of ${amount(row.total_minor, row.currency)} paid`;
      }
      return c.dueAt ? `Invoice ${row.number} now due ${row.due_at}` : undefined;
    },
    payload: (row) => ({
      invoiceId: row.id,
      externalId: row.external_id,
      number: row.number,
      status: row.status,
      amountMinor: Number(row.total_minor),
      currency: row.currency,
      companyId: row.company_id,
      personId: row.person_id,
    }),
  },
  payments: {
    prefix: 'payment',
    label: 'Payment',
    columns: (r, l) => ({
      company_id: l.companyId,
      person_id: r.personId ?? null,
      invoice_id: l.invoiceId,
      paid_at: r.paidAt,
      amount_minor: (r.amount as Money).amountMinor,
      currency: (r.amount as Money).currency,
      method: r.method ?? null,
    }),
    snapshot: (row) => ({
      companyId: row.company_id,
      personId: row.person_id,
      invoiceId: row.invoice_id,
      paidAt: row.paid_at,
      amount: moneyOf(row.amount_minor, row.currency),
      method: row.method,
    }),
    name: (row) => String(row.external_id),
    createdLine: (row) => `Payment of ${amount(row.amount_minor, row.currency)} received`,
    updatedLine: (row, c) => (c.amount ? `Payment now ${amount(row.amount_minor, row.currency)}` : undefined),
    payload: (row) => ({
      paymentId: row.id,
      externalId: row.external_id,
      invoiceId: row.invoice_id,
      amountMinor: Number(row.amount_minor),
      currency: row.currency,
      daysToPay: typeof row._days_to_pay === 'number' ? row._days_to_pay : null,
      companyId: row.company_id,
      personId: row.person_id,
    }),
  },
};

/** ISO 4217 codes (built once: the list is long). */
let currencies: Set<string> | undefined;

const isoTime = (s: string) => new Date(s).toISOString();

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** When a new ERP record's timeline entry is placed: its own date, unless that is in the future (then now). */
function entryTime(row: Record<string, unknown>): string {
  const date = (row.issued_at ?? row.ordered_at ?? row.paid_at) as string | undefined;
  const t = now();
  if (!date) return t;
  const at = `${date}T12:00:00.000Z`;
  return at < t ? at : t;
}

export class FinanceService {
  readonly #d: FinanceDeps;
  readonly #clock: () => Date;

  constructor(deps: FinanceDeps) {
    this.#d = deps;
    this.#clock = deps.clock ?? (() => new Date());
  }

  get #db() {
    return this.#d.database.db;
  }

  /** Today (UTC) as YYYY-MM-DD, by the services' clock. */
  today(): string {
    return this.#clock().toISOString().slice(0, 10);
  }

  // ---------- ERP sync ----------

  /**
   * Refuses (403, naming why) an actor who may not write `kind` through the ERP sync: it creates and updates records,
   * so it needs both permissions on the kind (the push API, the pull connector and a CSV import alike).
   */
  assertCanSync(ctx: Ctx, kind: ErpKind): void {
    for (const action of ['create', 'update'] as const) {
      if (!can(ctx.actor, kind, action)) {
        throw forbidden(
          `Writing ${kind} from the ERP (${kind === 'companies' ? 'the sync API or the pull connector' : 'the sync API, the pull connector or a CSV import'}) creates and updates them: your role may not ${action} ${kind}.`,
        );
      }
    }
  }

  /**
   * Upserts a batch of ERP records of one kind in one transaction. Answers how many were created, updated (changed,
   * deleted or restored) and unchanged, and each rejected record with its problems.
   */
  async sync(ctx: Ctx, kind: ErpKind, records: Record<string, unknown>[]): Promise<SyncResult> {
    this.assertCanSync(ctx, kind);
    const result: SyncResult = { created: 0, updated: 0, unchanged: 0, rejected: [] };
    const reject = (index: number, r: Record<string, unknown>, errors: FieldError[]) =>
      result.rejected.push({
        index,
        externalId: typeof r.externalId === 'string' ? r.externalId : null,
        errors: errors.map((e) => ({ pointer: e.pointer, detail: e.detail })),
      } satisfies SyncRejection);
    const valid = this.#checked(kind, records, (index) => `/records/${index}`, reject);
    if (valid.length > 0) {
      await this.#db.transaction().execute(async (trx) => {
        const touched =
          kind === 'companies'
            ? await this.#syncCompanies(ctx, trx, valid, result, reject)
            : await this.#syncRecords(ctx, trx, kind, valid, result, reject, { base: (i) => `/records/${i}` });
        await this.recompute(trx, [...touched], ctx);
        await this.recomputeValues(trx, [...touched]);
      });
      // A young workspace's tables grow many times over during a first sync: keep the planner's statistics current.
      await refreshStatistics(this.#d.database);
    }
    result.rejected.sort((a, b) => a.index - b.index);
    return result;
  }

  /**
   * The same upsert as `sync`, for a caller that holds the transaction and wants each record's outcome: a CSV import
   * writes a file's rows a chunk at a time, each chunk in its own transaction with its checkpoint. Orders, invoices
   * and payments only (companies are the companies module's records). Every record is checked exactly as the API
   * checks it, and its problems come back with pointers into the record itself (`/total/currency`). With `dry`,
   * nothing is written: the outcomes say what the write would do.
   */
  async upsertChunk(
    ctx: Ctx,
    db: Executor,
    kind: ErpRecordKind,
    records: Record<string, unknown>[],
    opts: { dry?: boolean } = {},
  ): Promise<ErpOutcome[]> {
    this.assertCanSync(ctx, kind);
    const outcomes: ErpOutcome[] = records.map(() => ({ outcome: 'unchanged', errors: [] }));
    const result: SyncResult = { created: 0, updated: 0, unchanged: 0, rejected: [] };
    const reject = (index: number, _r: Record<string, unknown>, errors: FieldError[]) => {
      outcomes[index] = { outcome: 'rejected', errors: errors.map((e) => ({ pointer: e.pointer, detail: e.detail })) };
    };
    const valid = this.#checked(kind, records, () => '', reject);
    if (valid.length === 0) return outcomes;
    const touched = await this.#syncRecords(ctx, db, kind, valid, result, reject, {
      base: () => '',
      dry: opts.dry === true,
      note: (index, outcome) => {
        outcomes[index] = { outcome, errors: [] };
      },
    });
    if (!opts.dry) {
      await this.recompute(db, [...touched], ctx);
      await this.recomputeValues(db, [...touched]);
    }
    return outcomes;
  }

  // ---------- CSV imports in the sync log ----------

  /**
   * The sync log's run of a CSV import (trigger `import`), opened when the import starts writing; a resumed import
   * finds the one it opened. Answers its id.
   */
  async openImportRun(
    db: Executor,
    input: { importId: string; jobId: string; requestedBy: string; kind: ErpRecordKind },
  ): Promise<string> {
    const found = await repo.findRunOfImport(db, input.importId);
    if (found) {
      await repo.updateRun(db, found.id, { status: 'running', job_id: input.jobId, finished_at: null, error: null });
      return found.id;
    }
    const id = newId();
    const t = now();
    const entity: ErpEntityRun = {
      entity: input.kind,
      rowsIn: 0,
      created: 0,
      updated: 0,
      unchanged: 0,
      rejected: 0,
      rejections: [],
      error: null,
    };
    await repo.insertRun(db, {
      id,
      job_id: input.jobId,
      trigger: 'import',
      status: 'running',
      requested_by: input.requestedBy,
      created_at: t,
      started_at: t,
      finished_at: null,
      entities: JSON.stringify([entity]),
      error: null,
      import_id: input.importId,
    });
    return id;
  }

  /**
   * Adds a chunk's counts to an import's run, in the chunk's transaction (rows read, created, updated, unchanged,
   * rejected; of the rejected rows' reasons the first 100 of the run are kept).
   */
  async logImportChunk(db: Executor, runId: string, chunk: ErpImportChunkLog): Promise<void> {
    const run = await repo.findRun(db, runId);
    const [entry] = run ? (JSON.parse(run.entities) as ErpEntityRun[]) : [];
    if (!entry) return;
    entry.rowsIn += chunk.rowsIn;
    entry.created += chunk.created;
    entry.updated += chunk.updated;
    entry.unchanged += chunk.unchanged;
    entry.rejected += chunk.rejected;
    entry.rejections.push(...chunk.rejections.slice(0, Math.max(0, 100 - entry.rejections.length)));
    await repo.updateRun(db, runId, { entities: JSON.stringify([entry]) });
  }

  /** Closes an import's run; its tables may have grown many times over, so the planner's statistics are refreshed. */
  async closeImportRun(runId: string, status: 'succeeded' | 'failed', error: string | null): Promise<void> {
    await repo.updateRun(this.#db, runId, { status, finished_at: now(), error: error?.slice(0, 500) ?? null });
    if (status === 'succeeded') await refreshStatistics(this.#d.database);
  }

  /** The records that pass their schema and cross-field checks; the others are rejected with pointers under `base`. */
  #checked(
    kind: ErpKind,
    records: Record<string, unknown>[],
    base: (index: number) => string,
    reject: (index: number, r: Record<string, unknown>, errors: FieldError[]) => void,
  ): { index: number; r: RecordBase & Record<string, unknown> }[] {
    const valid: { index: number; r: RecordBase & Record<string, unknown> }[] = [];
    records.forEach((r, index) => {
      const at = base(index);
      const errors = r?.deleted === true ? validators.deletion(r, at) : validators[kind](r, at);
      if (errors.length === 0) errors.push(...this.#crossChecks(kind, r, at));
      if (errors.length > 0) reject(index, r ?? {}, errors);
      else valid.push({ index, r: r as RecordBase & Record<string, unknown> });
    });
    return valid;
  }

  /** Checks across fields of one record (its schema passed). */
  #crossChecks(kind: ErpKind, r: Record<string, unknown>, base: string): FieldError[] {
    if (r.deleted === true) return [];
    const errors: FieldError[] = [];
    currencies ??= new Set(Intl.supportedValuesOf('currency'));
    const known = currencies;
    const money = (key: string, m: Money | undefined | null) => {
      if (m && !known.has(m.currency)) {
        errors.push({ pointer: `${base}/${key}/currency`, detail: 'is not a known ISO 4217 currency', in: 'body' });
      }
    };
    if (kind === 'invoices') {
      const total = r.total as Money;
      const paid = r.amountPaid as Money | undefined;
      money('total', total);
      if (paid && paid.currency !== total.currency) {
        errors.push({
          pointer: `${base}/amountPaid/currency`,
          detail: 'differs from the total’s currency',
          in: 'body',
        });
      }
      if (String(r.dueAt) < String(r.issuedAt)) {
        errors.push({ pointer: `${base}/dueAt`, detail: 'is before issuedAt', in: 'body' });
      }
    }
    if (kind === 'orders') money('total', r.total as Money);
    if (kind === 'payments') money('amount', r.amount as Money);
    if (kind === 'companies') money('creditLimit', r.creditLimit as Money | null);
    return errors;
  }

  async #syncRecords(
    ctx: Ctx,
    trx: Executor,
    table: ErpTable,
    valid: { index: number; r: RecordBase & Record<string, unknown> }[],
    result: SyncResult,
    reject: (index: number, r: Record<string, unknown>, errors: FieldError[]) => void,
    opts: {
      /** Where a record's pointers start (`/records/3` for the API's batch). */
      base: (index: number) => string;
      /** Decide every outcome but write nothing. */
      dry?: boolean;
      /** Told each record's outcome (rejections go to `reject`). */
      note?: (index: number, outcome: 'created' | 'updated' | 'unchanged') => void;
    },
  ): Promise<Set<string>> {
    const spec = SPECS[table];
    const count = (index: number, outcome: 'created' | 'updated' | 'unchanged') => {
      result[outcome]++;
      opts.note?.(index, outcome);
    };
    const touched = new Set<string>();
    const ids = [...new Set(valid.map((v) => v.r.externalId))];
    const states = await repo.syncStates(trx, table, ids);
    const rows = await repo.rowsByExternalIds(trx, table, ids);
    const companies = new Map(
      (await this.#d.companies.byExternalIds([...new Set(valid.flatMap((v) => v.r.companyExternalId ?? []))], trx)).map(
        (c) => [c.external_id!, c],
      ),
    );
    const invoices =
      table === 'payments'
        ? await repo.rowsByExternalIds(trx, 'invoices', [
            ...new Set(valid.flatMap((v) => (v.r.invoiceExternalId as string | null | undefined) ?? [])),
          ])
        : new Map();
    const people = await this.#d.people.briefs(ctx, [...new Set(valid.flatMap((v) => v.r.personId ?? []))], trx);
    const t = now();
    // What the batch writes, gathered in order and written set-based once every record is decided: new rows, changed
    // rows (final state per id: a record sent twice in one batch is written once), sync states, audit rows, events.
    const inserts = new Map<string, Record<string, unknown>>();
    const updates = new Map<string, Record<string, unknown>>();
    const savedStates = new Map<string, repo.SyncState>();
    const audits: AuditEntry[] = [];
    const events: DomainEvent[] = [];
    const write = (row: Record<string, unknown>) => {
      const id = String(row.id);
      if (inserts.has(id)) inserts.set(id, row);
      else updates.set(id, row);
    };
    for (const { index, r } of valid) {
      const base = opts.base(index);
      const state = states.get(r.externalId);
      const sourceAt = isoTime(r.updatedAt);
      if (state && sourceAt <= state.source_updated_at) {
        count(index, 'unchanged');
        continue;
      }
      const existing = rows.get(r.externalId);
      const saveState = (recordId: string | null, deleted: boolean) => {
        const next = { record_id: recordId, source_updated_at: sourceAt, deleted: deleted ? 1 : 0 };
        savedStates.set(r.externalId, next);
        states.set(r.externalId, next);
      };

      if (r.deleted === true) {
        if (existing && !existing.deleted_at) {
          const fresh = { ...existing, deleted_at: t, updated_at: t, version: existing.version + 1 };
          write(fresh);
          const changes: Changes = { deletedAt: { from: null, to: t } };
          audits.push({ action: 'delete', object: table, recordId: existing.id, changes });
          events.push(
            this.#event(table, 'deleted', existing, changes, `${spec.label} ${spec.name(existing)} deleted in the ERP`),
          );
          rows.set(r.externalId, fresh);
          if (existing.company_id) touched.add(String(existing.company_id));
          count(index, 'updated');
        } else count(index, 'unchanged');
        saveState(existing?.id ?? null, true);
        continue;
      }

      const errors: FieldError[] = [];
      const company = companies.get(r.companyExternalId!);
      if (!company || company.deleted_at) {
        errors.push({
          pointer: `${base}/companyExternalId`,
          detail: company
            ? 'is a company in the bin'
            : 'is no company the ERP has sent (send its companies first, or set the company’s ERP id in Rapport)',
          in: 'body',
        });
      }
      if (r.personId && !people.has(r.personId)) {
        errors.push({ pointer: `${base}/personId`, detail: 'is not a person you can see', in: 'body' });
      }
      let invoiceId: string | null = null;
      const invoiceExternalId = r.invoiceExternalId as string | null | undefined;
      if (invoiceExternalId) {
        const inv = invoices.get(invoiceExternalId);
        if (!inv || inv.deleted_at) {
          errors.push({ pointer: `${base}/invoiceExternalId`, detail: 'is no invoice the ERP has sent', in: 'body' });
        } else invoiceId = inv.id;
      }
      if (errors.length > 0) {
        reject(index, r, errors);
        continue;
      }
      const columns = spec.columns(r, { companyId: company!.id, invoiceId });
      if (!existing) {
        const id = newId();
        const row = {
          ...columns,
          id,
          external_id: r.externalId,
          version: 1,
          created_at: t,
          updated_at: t,
          deleted_at: null,
        };
        inserts.set(id, row);
        const changes = diff({}, spec.snapshot(row));
        audits.push({ action: 'create', object: table, recordId: id, changes });
        // A payment against an invoice says how long the customer took to pay (days to pay, in the metrics).
        const issued = invoiceExternalId
          ? (invoices.get(invoiceExternalId)?.issued_at as string | undefined)
          : undefined;
        const published = issued ? { ...row, _days_to_pay: daysPast(issued, String(r.paidAt)) } : row;
        events.push(this.#event(table, 'created', published, changes, spec.createdLine(row)));
        rows.set(r.externalId, row);
        touched.add(company!.id);
        count(index, 'created');
        saveState(id, false);
        continue;
      }
      const after = { ...existing, ...columns };
      const changes = diff(spec.snapshot(existing), spec.snapshot(after));
      const restoring = existing.deleted_at !== null;
      if (!restoring && Object.keys(changes).length === 0) {
        count(index, 'unchanged');
        saveState(existing.id, false);
        continue;
      }
      const version = existing.version + 1;
      const fresh = { ...after, deleted_at: null, updated_at: t, version };
      write(fresh);
      if (restoring) {
        const restored: Changes = { deletedAt: { from: existing.deleted_at, to: null }, ...changes };
        audits.push({ action: 'restore', object: table, recordId: existing.id, changes: restored });
        events.push(
          this.#event(table, 'restored', fresh, restored, `${spec.label} ${spec.name(fresh)} back from the ERP`),
        );
      } else {
        audits.push({ action: 'update', object: table, recordId: existing.id, changes });
        events.push(this.#event(table, 'updated', fresh, changes, spec.updatedLine(fresh, changes)));
      }
      rows.set(r.externalId, fresh);
      if (existing.company_id) touched.add(String(existing.company_id));
      touched.add(company!.id);
      count(index, 'updated');
      saveState(existing.id, false);
    }
    if (opts.dry) return touched;
    const dialect = this.#d.database.dialect;
    await repo.insertRows(trx, dialect, table, [...inserts.values()]);
    await repo.updateRows(trx, dialect, table, [...updates.values()]);
    // Orders and invoices are found by their number in the global search: their documents follow the rows.
    await syncKindSearchDocuments(trx, FINANCE_KINDS[table], [...inserts.values(), ...updates.values()]);
    await repo.saveSyncStates(trx, dialect, table, savedStates);
    await recordAudits(trx, ctx, audits, dialect);
    await this.#d.events.publishMany(trx, ctx, events);
    return touched;
  }

  #event(
    table: ErpTable,
    verb: 'created' | 'updated' | 'deleted' | 'restored',
    row: Record<string, unknown>,
    changes: Changes,
    summary: string | undefined,
  ): DomainEvent {
    const spec = SPECS[table];
    return {
      type: `${spec.prefix}.${verb}`,
      object: table,
      recordId: String(row.id),
      payload: { ...spec.payload(row), ...(verb === 'updated' ? { changed: Object.keys(changes) } : {}), changes },
      timeline:
        summary === undefined
          ? undefined
          : {
              summary,
              personId: (row.person_id as string | null) ?? null,
              companyId: (row.company_id as string | null) ?? null,
              subjectKind: table,
              subjectId: String(row.id),
              department: 'accounts',
              // A new record's entry sits at its own date (issued, ordered, paid), when that is in the past.
              ...(verb === 'created' ? { at: entryTime(row) } : {}),
            },
    };
  }

  /** Companies: created, updated or moved to the bin through the companies' own lifecycle (kernel), in this batch's transaction. */
  async #syncCompanies(
    ctx: Ctx,
    trx: Executor,
    valid: { index: number; r: RecordBase & Record<string, unknown> }[],
    result: SyncResult,
    reject: (index: number, r: Record<string, unknown>, errors: FieldError[]) => void,
  ): Promise<Set<string>> {
    const touched = new Set<string>();
    const ids = [...new Set(valid.map((v) => v.r.externalId))];
    const states = await repo.syncStates(trx, 'companies', ids);
    const found = new Map((await this.#d.companies.byExternalIds(ids, trx)).map((c) => [c.external_id!, c]));
    for (const { index, r } of valid) {
      const base = `/records/${index}`;
      const state = states.get(r.externalId);
      const sourceAt = isoTime(r.updatedAt);
      if (state && sourceAt <= state.source_updated_at) {
        result.unchanged++;
        continue;
      }
      const existing = found.get(r.externalId);
      let recordId: string | null = existing?.id ?? null;
      try {
        if (r.deleted === true) {
          if (existing && !existing.deleted_at) {
            await this.#d.companies.remove(ctx, existing.id, undefined, trx);
            found.set(r.externalId, { ...existing, deleted_at: now() });
            result.updated++;
          } else result.unchanged++;
        } else if (existing?.deleted_at) {
          reject(index, r, [
            { pointer: `${base}/externalId`, detail: 'is a company in the bin: restore it in Rapport first' },
          ]);
          continue;
        } else {
          const input = {
            name: String(r.name).trim(),
            ...(r.domain !== undefined
              ? { domain: r.domain === null ? null : (normaliseDomain(String(r.domain)) ?? String(r.domain)) }
              : {}),
            ...(r.creditLimit !== undefined ? { creditLimit: r.creditLimit as Money | null } : {}),
          };
          if (!existing) {
            const c = await this.#d.companies.records.create(ctx, { ...input, externalId: r.externalId }, trx);
            recordId = c.id;
            found.set(r.externalId, { id: c.id, external_id: r.externalId, deleted_at: null, name: input.name });
            result.created++;
          } else {
            const [current] = (await this.#d.companies.records.findRecords(ctx, [existing.id], trx)) as unknown as {
              name: string;
              domain: string | null;
              credit_limit_minor: number | string | null;
              credit_limit_currency: string | null;
            }[];
            const patch: Record<string, unknown> = {};
            if (current && input.name !== current.name) patch.name = input.name;
            if ('domain' in input && input.domain !== current?.domain) patch.domain = input.domain;
            if ('creditLimit' in input) {
              const limit = input.creditLimit ?? null;
              const stored =
                current?.credit_limit_minor === null || current?.credit_limit_currency === null
                  ? null
                  : { amountMinor: Number(current?.credit_limit_minor), currency: current?.credit_limit_currency };
              if (JSON.stringify(limit) !== JSON.stringify(stored)) patch.creditLimit = limit;
            }
            if (Object.keys(patch).length === 0) result.unchanged++;
            else {
              await this.#d.companies.records.update(ctx, existing.id, patch, undefined, trx);
              touched.add(existing.id);
              result.updated++;
            }
          }
        }
      } catch (err) {
        if (err instanceof AppError && err.status < 500) {
          const errors = err.errors?.length
            ? err.errors.map((e) => ({ pointer: `${base}${e.pointer}`, detail: e.detail }))
            : [{ pointer: base, detail: err.detail ?? err.title }];
          reject(index, r, errors);
          continue;
        }
        throw err;
      }
      await repo.saveSyncState(
        trx,
        'companies',
        r.externalId,
        { record_id: recordId, source_updated_at: sourceAt, deleted: r.deleted === true ? 1 : 0 },
        state !== undefined,
      );
      states.set(r.externalId, { record_id: recordId, source_updated_at: sourceAt, deleted: r.deleted ? 1 : 0 });
    }
    return touched;
  }

  // ---------- credit control ----------

  async rules(ctx: Ctx | null, db: Executor = this.#db): Promise<CreditRules> {
    if (ctx) assertCan(ctx.actor, 'invoices', 'read');
    const stored = await repo.getRules(db);
    return stored ? { ...DEFAULT_CREDIT_RULES, ...(JSON.parse(stored) as Partial<CreditRules>) } : DEFAULT_CREDIT_RULES;
  }

  /** Saves the credit rules and re-checks every company with credit figures or open items under them. */
  async setRules(ctx: Ctx, rules: CreditRules): Promise<CreditRules> {
    assertCan(ctx.actor, 'invoices', 'update');
    return this.#db.transaction().execute(async (trx) => {
      const before = await this.rules(null, trx);
      await repo.saveRules(trx, JSON.stringify(rules), now(), ctx.actor.id);
      await recordAudit(trx, ctx, {
        action: 'update',
        object: 'settings',
        recordId: 'credit-rules',
        changes: diff(before as unknown as Record<string, unknown>, rules as unknown as Record<string, unknown>),
      });
      await this.recompute(trx, await this.#tracked(trx), ctx);
      return rules;
    });
  }

  async #tracked(db: Executor): Promise<string[]> {
    return [...new Set([...(await this.#d.companies.creditTracked(db)), ...(await repo.companiesWithOpenItems(db))])];
  }

  /** Re-checks every company with credit figures, open items or a status other than good (the daily job). */
  async recomputeAll(): Promise<number> {
    return this.#db.transaction().execute(async (trx) => {
      const ids = await this.#tracked(trx);
      await this.recompute(trx, ids, null);
      return ids.length;
    });
  }

  /**
   * Recomputes the credit facts of these companies: exposure, days overdue, status from the rules (or the manual
   * override), written on the company; publishes each change of status, and each invoice newly overdue.
   */
  async recompute(db: Executor, companyIds: string[], ctx: Ctx | null): Promise<void> {
    if (companyIds.length === 0) return;
    const rules = await this.rules(null, db);
    const today = this.today();
    const fallbackCurrency = (await this.#d.workspace.get(db)).defaultCurrency;
    const ids = [...new Set(companyIds)];
    // Set-based, 500 companies at a time: their figures in four queries, the changed ones written in one statement,
    // the events of the chunk in one multi-row insert per table.
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const [companies, figures, orders, overrides, unnoted] = await Promise.all([
        this.#d.companies.creditOf(chunk, db),
        repo.openInvoiceFigures(db, chunk),
        repo.openOrderTotals(db, chunk),
        repo.overrides(db, chunk),
        repo.unnotedOverdue(db, chunk, today),
      ]);
      const figuresOf = groupBy(figures, (f) => f.company_id);
      const ordersOf = groupBy(orders, (o) => o.company_id);
      const unnotedOf = groupBy(unnoted, (u) => u.company_id);
      const changed: CompanyCredit[] = [];
      const events: DomainEvent[] = [];
      const noted: string[] = [];
      for (const id of chunk) {
        const c = companies.get(id);
        if (!c) continue;
        const currency = c.limitCurrency ?? fallbackCurrency;
        const mine = figuresOf.get(id) ?? [];
        const exposureMinor =
          mine.filter((f) => f.currency === currency).reduce((sum, f) => sum + f.outstanding, 0) +
          (ordersOf.get(id) ?? []).filter((o) => o.currency === currency).reduce((sum, o) => sum + o.total, 0);
        const overdueDays = mine.reduce((m, f) => Math.max(m, daysPast(f.oldest_due, today)), 0);
        const auto = creditStatusFrom(rules, { overdueDays, exposureMinor, limitMinor: c.limitMinor });
        const override = overrides.get(id);
        const next = override
          ? { status: override.status as CreditStatus, reason: override.reason, manual: true }
          : { ...auto, manual: false };
        const hasFigures = mine.length > 0 || exposureMinor > 0 || c.limitMinor !== null;
        const credit: CompanyCredit = {
          id,
          ...next,
          exposureMinor: hasFigures ? exposureMinor : null,
          currency: hasFigures ? currency : null,
          overdueDays: hasFigures ? overdueDays : null,
        };
        if (
          credit.status !== c.status ||
          credit.reason !== c.reason ||
          credit.manual !== c.manual ||
          credit.exposureMinor !== c.exposureMinor ||
          credit.currency !== c.currency ||
          credit.overdueDays !== c.overdueDays
        ) {
          changed.push(credit);
        }
        if (c.status !== next.status) {
          events.push({
            type: 'company.credit_status_changed',
            object: 'companies',
            recordId: id,
            payload: {
              companyId: id,
              fromStatus: c.status,
              toStatus: next.status,
              reason: next.reason,
              manual: next.manual,
            },
            timeline: {
              summary: `Credit status: ${STATUS_LABEL[c.status]} → ${STATUS_LABEL[next.status]}${next.reason ? ` (${next.reason})` : ''}`,
              companyId: id,
              subjectKind: 'companies',
              subjectId: id,
              department: 'accounts',
            },
          });
        }
        for (const inv of unnotedOf.get(id) ?? []) {
          const days = daysPast(inv.due_at, today);
          if (days === 0) continue;
          noted.push(inv.id);
          events.push({
            type: 'invoice.overdue',
            object: 'invoices',
            recordId: inv.id,
            payload: { invoiceId: inv.id, number: inv.number, companyId: id, dueAt: inv.due_at, overdueDays: days },
            timeline: {
              summary: `Invoice ${inv.number} for ${formatAmount(inv.total_minor, inv.currency)} is ${days} day${days === 1 ? '' : 's'} overdue`,
              companyId: id,
              subjectKind: 'invoices',
              subjectId: inv.id,
              department: 'accounts',
            },
          });
        }
      }
      await this.#d.companies.setCredits(db, changed);
      await repo.markOverdueNoted(db, noted, now());
      await this.#d.events.publishMany(db, ctx, events);
    }
  }

  /** Sets a company's credit status by hand, with a reason; it stays until cleared. Answers the company. */
  async setStatus(ctx: Ctx, companyId: string, input: SetCreditStatus): Promise<Company> {
    assertCan(ctx.actor, 'invoices', 'update');
    if (!(await this.#d.companies.isVisible(ctx, companyId))) throw notFound('companies');
    await this.#db.transaction().execute(async (trx) => {
      await repo.setOverride(trx, companyId, {
        status: input.status,
        reason: input.reason.trim(),
        set_by: ctx.actor.id,
        set_at: now(),
      });
      await recordAudit(trx, ctx, {
        action: 'update',
        object: 'companies',
        recordId: companyId,
        changes: { creditStatus: { from: null, to: `${input.status} (set by hand: ${input.reason.trim()})` } },
      });
      await this.recompute(trx, [companyId], ctx);
    });
    return this.#d.companies.get(ctx, companyId);
  }

  /** Clears a status set by hand: the rules decide again. Answers the company. */
  async clearStatus(ctx: Ctx, companyId: string): Promise<Company> {
    assertCan(ctx.actor, 'invoices', 'update');
    if (!(await this.#d.companies.isVisible(ctx, companyId))) throw notFound('companies');
    await this.#db.transaction().execute(async (trx) => {
      if (await repo.clearOverride(trx, companyId)) {
        await recordAudit(trx, ctx, {
          action: 'update',
          object: 'companies',
          recordId: companyId,
          changes: { creditStatus: { from: 'set by hand', to: 'from the rules' } },
        });
      }
      await this.recompute(trx, [companyId], ctx);
    });
    return this.#d.companies.get(ctx, companyId);
  }

  /**
   * The sales module's won guard: a deal of a company on credit hold entering a won stage is refused (409
   * `credit.on_hold`) under `block`, or passes with a warning under `warn`. Off while the accounts module is off.
   */
  async wonGuard(_ctx: Ctx, db: Executor, companyId: string): Promise<{ warning?: string } | undefined> {
    if (!(await this.#d.workspace.isEnabled('accounts'))) return undefined;
    const c = (await this.#d.companies.creditOf([companyId], db)).get(companyId);
    if (c?.status !== 'hold') return undefined;
    const why = c.reason ? `: ${c.reason}` : '';
    const rules = await this.rules(null, db);
    if (rules.onWonWhileOnHold === 'block') {
      throw financeError(
        'credit.on_hold',
        'Company on credit hold',
        `${c.name} is on credit hold${why}. Accounts must lift the hold before a deal can be won.`,
        [{ pointer: '/stageId', detail: `${c.name} is on credit hold`, in: 'body' }],
      );
    }
    return { warning: `${c.name} is on credit hold${why}.` };
  }

  // ---------- context cards ----------

  /**
   * A person's card says when their company is on credit hold or watch (a company's own card carries its credit and
   * churn risk already). Only when the reader may see the company and its credit status, and while the module is on.
   */
  async cardFacts(
    ctx: Ctx,
    subject: { kind: 'people' | 'companies'; ids: string[] },
    db: Executor = this.#db,
  ): Promise<Map<string, CardFacts>> {
    const out = new Map<string, CardFacts>();
    if (subject.kind !== 'people' || !(await this.#d.workspace.isEnabled('accounts'))) return out;
    if (!canReadField(ctx.actor, 'people', 'companyId') || !canReadField(ctx.actor, 'companies', 'creditStatus')) {
      return out;
    }
    const people = await this.#d.people.briefs(ctx, subject.ids, db);
    const companyIds = [...new Set([...people.values()].flatMap((p) => p.companyId ?? []))];
    const visible = await this.#d.companies.visibleBriefs(ctx, companyIds, db);
    const credit = await this.#d.companies.creditOf(
      companyIds.filter((id) => visible.has(id)),
      db,
    );
    for (const [personId, p] of people) {
      const c = p.companyId ? credit.get(p.companyId) : undefined;
      if (!c) continue;
      const flags: CardFacts['flags'] = [];
      if (c.status === 'hold') flags.push({ key: 'credit_hold', label: `${c.name} is on credit hold`, tone: 'danger' });
      else if (c.status === 'watch') {
        flags.push({ key: 'credit_watch', label: `${c.name} is on credit watch`, tone: 'warning' });
      }
      if (flags.length > 0) out.set(personId, { counts: {}, flags });
    }
    return out;
  }

  // ---------- customer value ----------

  /** A company's value from its orders (see customer-value.ts), in its credit limit's or the workspace's currency. */
  async value(ctx: Ctx, companyId: string): Promise<CustomerValueView> {
    assertCan(ctx.actor, 'orders', 'read');
    if (!(await this.#d.companies.isVisible(ctx, companyId))) throw notFound('companies');
    const c = (await this.#d.companies.creditOf([companyId])).get(companyId);
    const currency = c?.limitCurrency ?? (await this.#d.workspace.get()).defaultCurrency;
    const today = this.today();
    const orders = await repo.valueOrders(this.#db, companyId, currency);
    const overdue = (await repo.openInvoices(this.#db, [companyId])).filter((i) => daysPast(i.due_at, today) > 0);
    const digits = minorDigits(currency);
    return {
      companyId,
      currency,
      ...customerValue(orders, today, {
        digits,
        overdueInvoices: overdue.length,
        openComplaints: (await this.#d.complaints?.openCountForCompany(companyId)) ?? 0,
      }),
    };
  }

  /**
   * Recomputes the stored customer value of these companies (what lists filter and sort by, and the context card
   * shows): the same figures as `value`, 500 companies at a time in four queries and one write. A company without
   * orders or invoices gets none (it is not a customer yet).
   */
  async recomputeValues(db: Executor, companyIds: string[]): Promise<void> {
    const today = this.today();
    const fallbackCurrency = (await this.#d.workspace.get(db)).defaultCurrency;
    const ids = [...new Set(companyIds)];
    const at = now();
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const [companies, orders, invoices, complaints] = await Promise.all([
        this.#d.companies.creditOf(chunk, db),
        repo.valueOrdersOf(db, chunk),
        repo.openInvoices(db, chunk),
        this.#d.complaints?.openCountsForCompanies(chunk, db) ?? new Map<string, number>(),
      ]);
      const ordersOf = groupBy(orders, (o) => o.company_id);
      const invoicesOf = groupBy(invoices, (inv) => inv.company_id);
      const rows: CompanyValueRow[] = [];
      for (const id of chunk) {
        const c = companies.get(id);
        if (!c) continue;
        const currency = c.limitCurrency ?? fallbackCurrency;
        const mine = (ordersOf.get(id) ?? []).filter((o) => o.currency === currency);
        const open = invoicesOf.get(id) ?? [];
        if (mine.length === 0 && open.length === 0 && !ordersOf.has(id)) {
          rows.push({ id, ...NO_VALUE, value_computed_at: at });
          continue;
        }
        const v = customerValue(
          mine.map((o) => ({ orderedAt: o.ordered_at, totalMinor: o.total_minor })),
          today,
          {
            digits: minorDigits(currency),
            overdueInvoices: open.filter((inv) => daysPast(inv.due_at, today) > 0).length,
            openComplaints: complaints.get(id) ?? 0,
          },
        );
        rows.push({
          id,
          value_lifetime_minor: v.lifetimeRevenueMinor,
          value_12m_minor: v.last12MonthsMinor,
          value_clv_minor: v.clvMinor,
          value_currency: currency,
          rfm_segment: v.rfm.segment,
          churn_risk: v.churnRisk.level,
          churn_reasons: JSON.stringify(v.churnRisk.reasons),
          value_computed_at: at,
        });
      }
      await this.#d.companies.setValues(db, rows);
    }
  }

  /**
   * Open complaints are a churn reason: a case opened, resolved, reopened, moved or removed recomputes its company's
   * stored value (an event consumer, so the case's own write never waits for it; recomputing twice changes nothing).
   */
  subscribe(events: EventBus): void {
    events.subscribe(
      'customer-value.cases',
      ['case.created', 'case.status_changed', 'case.updated', 'case.deleted', 'case.restored'],
      async (e) => {
        const companyId = e.payload.companyId;
        if (typeof companyId !== 'string' || !(await this.#d.workspace.isEnabled('accounts'))) return;
        await this.#db.transaction().execute((trx) => this.recomputeValues(trx, [companyId]));
      },
    );
  }

  /** Recomputes the customer value of every company with orders, invoices or a stored value (the daily job). */
  async recomputeAllValues(): Promise<number> {
    await refreshStatistics(this.#d.database);
    const ids = await repo.valueTracked(this.#db);
    // A transaction per 5,000 companies: a long run never holds the write lock for its whole length.
    for (let i = 0; i < ids.length; i += 5000) {
      await this.#db.transaction().execute((trx) => this.recomputeValues(trx, ids.slice(i, i + 5000)));
    }
    return ids.length;
  }

  // ---------- the accounts home ----------

  async overview(ctx: Ctx): Promise<AccountsOverview> {
    assertCan(ctx.actor, 'invoices', 'read');
    const today = this.today();
    const currency = (await this.#d.workspace.get()).defaultCurrency;
    const buckets = [
      { bucket: '1-30' as const, max: 30, amountMinor: 0, invoices: 0 },
      { bucket: '31-60' as const, max: 60, amountMinor: 0, invoices: 0 },
      { bucket: '61-90' as const, max: 90, amountMinor: 0, invoices: 0 },
      { bucket: '90+' as const, max: Number.POSITIVE_INFINITY, amountMinor: 0, invoices: 0 },
    ];
    for (const inv of await repo.overdueInvoices(this.#db, today, currency)) {
      const days = daysPast(inv.due_at, today);
      const b = buckets.find((x) => days <= x.max)!;
      b.amountMinor += inv.outstanding_minor;
      b.invoices++;
    }
    const onHold = can(ctx.actor, 'companies', 'read')
      ? (await this.#d.companies.list(ctx, { filter: 'creditStatus:eq:hold', limit: 50 })).data.map((c) => ({
          id: c.id,
          name: c.name ?? '',
          reason: c.credit?.reason ?? null,
          manual: c.credit?.manual ?? false,
        }))
      : [];
    const recentPayments = can(ctx.actor, 'payments', 'read')
      ? (await this.#d.payments.list(ctx, { sort: '-paidAt', limit: 10 })).data
      : [];
    return {
      currency,
      overdueBuckets: buckets.map(({ bucket, amountMinor, invoices }) => ({ bucket, amountMinor, invoices })),
      onHold,
      recentPayments,
    };
  }
}
