/**
 * Orders, invoices and payments as import targets: an ERP's CSV export, row by row, turned into the records the ERP
 * sync takes (`PUT /api/v1/erp/<kind>`). Only the cells are read here (dates as people write them, amounts with their
 * thousands separators, the ERP's words for a status, yes/no); every record is then checked and written by the
 * accounts module's own sync, exactly as the API's records are, so nothing of its validation is repeated here.
 */
import { minorDigits } from '../finance/index.ts';
import { type Converted, fold, parseDate, type Target } from './imports.targets.ts';

export const ERP_IMPORT_KINDS = ['orders', 'invoices', 'payments'] as const;
export type ErpImportKind = (typeof ERP_IMPORT_KINDS)[number];

export const isErpKind = (kind: string): kind is ErpImportKind =>
  (ERP_IMPORT_KINDS as readonly string[]).includes(kind);

/** Why an ERP import cannot be undone (the API's answer, and the import page's). */
export const ERP_UNDO_REASON =
  'The ERP is the book of record: an import of its orders, invoices or payments is not undone, because later syncs ' +
  'and imports may have changed the same records since. Correct the data in the ERP and import it again (a row with ' +
  'deleted = yes removes a record).';

const YES = new Set(['true', 'yes', 'y', '1', 'x', 'deleted', 'oui', 'ja', 'si']);
const NO = new Set(['false', 'no', 'n', '0', 'non', 'nein', '']);

const text = (max: number) => (cell: string) =>
  cell.length > max ? { error: `is longer than ${max} characters` } : { value: cell };

const none = () => null;

/**
 * An amount as ERPs export it: `1240.50`, `1,240.50`, `1.240,50`, `1 240,50`, `1'240.50`, `€ 1,240.50`, `(15.00)`.
 * The last of `,` and `.` is the decimal mark when both appear; a lone `,` followed by exactly three digits groups
 * thousands, otherwise it is the decimal mark; a lone `.` is always the decimal mark. Answers a plain decimal
 * (`-1240.50`), or undefined when the cell is not an amount.
 */
export function parseAmount(cell: string): string | undefined {
  let c = cell.trim();
  let negative = false;
  if (/^\(.*\)$/.test(c)) {
    negative = true;
    c = c.slice(1, -1);
  }
  c = c.replace(/[\s\u00a0\u202f']/g, '').replace(/^[A-Za-z]{3}|[A-Za-z]{3}$/g, '');
  c = c.replace(/^[€$£¥₹₽₩]|[€$£¥₹₽₩]$/g, '');
  if (c.startsWith('-')) {
    negative = !negative;
    c = c.slice(1);
  } else if (c.endsWith('-')) {
    negative = !negative;
    c = c.slice(0, -1);
  }
  c = c.replace(/^[€$£¥₹₽₩]/, '');
  const comma = c.lastIndexOf(',');
  const dot = c.lastIndexOf('.');
  if (comma >= 0 && dot >= 0) {
    c = comma > dot ? c.replace(/\./g, '').replace(',', '.') : c.replace(/,/g, '');
  } else if (comma >= 0) {
    const commas = c.split(',').length - 1;
    c = commas > 1 || /^\d{1,3},\d{3}$/.test(c) ? c.replace(/,/g, '') : c.replace(',', '.');
  } else if (c.split('.').length > 2) c = c.replace(/\./g, '');
  if (!/^\d+(\.\d+)?$/.test(c)) return undefined;
  return `${negative ? '-' : ''}${c}`;
}

/**
 * A decimal in the currency's minor units (`"1240.5"`, EUR → 124050), exactly (no floating point); an error when it
 * has more decimals than the currency (`12.345` euros).
 */
export function toMinor(decimal: string, currency: string): { value: number } | { error: string } {
  let digits = 2;
  try {
    digits = minorDigits(currency);
  } catch {
    // Not a currency Intl knows: the sync rejects the currency itself with its own reason.
  }
  const negative = decimal.startsWith('-');
  const [whole = '0', frac = ''] = decimal.replace('-', '').split('.');
  const extra = frac.slice(digits);
  if (/[1-9]/.test(extra)) {
    return { error: `has more decimals than ${currency} has (${digits})` };
  }
  const minor = Number(whole + frac.slice(0, digits).padEnd(digits, '0'));
  if (!Number.isSafeInteger(minor)) return { error: 'is too large an amount' };
  return { value: negative ? -minor : minor };
}

const amount = (cell: string): Converted => {
  const a = parseAmount(cell);
  return a === undefined ? { error: 'is not an amount (like 1240.50 or 1.240,50)' } : { value: a };
};

const day = (cell: string): Converted => {
  const d = parseDate(cell);
  return d ? { value: d } : { error: 'is not a date (YYYY-MM-DD, DD/MM/YYYY or DD.MM.YYYY)' };
};

/** When the ERP last changed the row: an ISO date-time (UTC unless it says otherwise) or a date (its midnight UTC). */
export function parseTimestamp(cell: string): string | undefined {
  const c = cell.trim();
  const iso = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}:?\d{2})?$/.exec(c);
  if (iso) {
    const t = new Date(`${iso[1]}T${iso[2]}${iso[3] ?? 'Z'}`);
    return Number.isNaN(t.getTime()) ? undefined : t.toISOString();
  }
  const local = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(c);
  if (local) {
    const dayOf = parseDate(`${local[1]}/${local[2]}/${local[3]}`);
    if (!dayOf) return undefined;
    const [h, m, s] = [Number(local[4]), Number(local[5]), Number(local[6] ?? 0)];
    if (h > 23 || m > 59 || s > 59) return undefined;
    return new Date(`${dayOf}T${[h, m, s].map((n) => String(n).padStart(2, '0')).join(':')}Z`).toISOString();
  }
  const d = parseDate(c);
  return d ? `${d}T00:00:00.000Z` : undefined;
}

const timestamp = (cell: string): Converted => {
  const t = parseTimestamp(cell);
  return t ? { value: t } : { error: 'is not a date-time (like 2026-03-05T14:30:00Z) or a date' };
};

const yesNo = (cell: string): Converted => {
  const f = fold(cell);
  return YES.has(f) ? { value: true } : NO.has(f) ? { value: false } : { error: 'is not yes or no' };
};

const SYMBOLS: Record<string, string> = { '€': 'EUR', $: 'USD', '£': 'GBP', '¥': 'JPY', '₹': 'INR', 'CHF.': 'CHF' };
const currency = (cell: string): Converted => ({ value: SYMBOLS[cell.trim()] ?? cell.trim().toUpperCase() });

/** The ERP's words for a status, per kind (folded before comparing). */
const STATUS_WORDS: Record<'orders' | 'invoices', Record<string, string[]>> = {
  orders: {
    open: ['open', 'new', 'pending', 'confirmed', 'in progress', 'processing', 'backorder', 'back order', 'on hold'],
    fulfilled: ['fulfilled', 'completed', 'complete', 'shipped', 'delivered', 'invoiced', 'closed', 'done'],
    cancelled: ['cancelled', 'canceled', 'void', 'voided', 'rejected'],
  },
  invoices: {
    draft: ['draft', 'proforma', 'pro forma', 'pro-forma'],
    open: [
      'open',
      'unpaid',
      'outstanding',
      'overdue',
      'due',
      'sent',
      'issued',
      'posted',
      'partially paid',
      'partial',
      'part paid',
      'awaiting payment',
    ],
    paid: ['paid', 'settled', 'fully paid', 'closed'],
    void: ['void', 'voided', 'cancelled', 'canceled', 'credited', 'written off', 'write off'],
  },
};

const status = (kind: 'orders' | 'invoices') => {
  const words = new Map<string, string>();
  for (const [value, list] of Object.entries(STATUS_WORDS[kind])) for (const w of list) words.set(fold(w), value);
  const allowed = Object.keys(STATUS_WORDS[kind]).join(', ');
  return (cell: string): Converted => {
    const v = words.get(fold(cell));
    return v ? { value: v } : { error: `is not a status Rapport knows (${allowed}, or the usual words for them)` };
  };
};

const lines = (cell: string): Converted => {
  try {
    return { value: JSON.parse(cell) };
  } catch {
    return { error: 'is not JSON (a list of {"product", "quantity", "unitPrice": {"amountMinor", "currency"}})' };
  }
};

const t = (key: string, label: string, convert: Target['convert']): Target => ({ key, label, convert, current: none });

const COMMON_HEAD = [
  t('externalId', 'ERP id (the key: the same id updates the same record)', text(100)),
  t('companyExternalId', "Customer's ERP id", text(100)),
];
const COMMON_TAIL = [
  t('currency', 'Currency (default: the workspace’s)', currency),
  t('personId', 'Contact (Rapport person id)', text(64)),
  t('updatedAt', 'Last changed in the ERP (default: when the file was uploaded)', timestamp),
  t('deleted', 'Deleted in the ERP (yes: moved to the bin)', yesNo),
];

/** The targets of each ERP kind, in the order the mapping table offers them. */
export const ERP_TARGETS: Record<ErpImportKind, Target[]> = {
  orders: [
    ...COMMON_HEAD,
    t('number', 'Order number', text(60)),
    t('orderedAt', 'Order date', day),
    t('status', 'Status', status('orders')),
    t('total', 'Total', amount),
    t('lines', 'Lines (JSON)', lines),
    ...COMMON_TAIL,
  ],
  invoices: [
    ...COMMON_HEAD,
    t('number', 'Invoice number', text(60)),
    t('issuedAt', 'Invoice date', day),
    t('dueAt', 'Due date', day),
    t('status', 'Status', status('invoices')),
    t('total', 'Total', amount),
    t('amountPaid', 'Amount paid', amount),
    t('balance', 'Amount due (balance): paid = total − balance', amount),
    t('lines', 'Lines (JSON)', lines),
    ...COMMON_TAIL,
  ],
  payments: [
    ...COMMON_HEAD,
    t('invoiceExternalId', "Invoice's ERP id", text(100)),
    t('paidAt', 'Payment date', day),
    t('amount', 'Amount', amount),
    t('method', 'Method', text(60)),
    ...COMMON_TAIL,
  ],
};

/** What a file must map to import a kind (a file whose rows may be deletions needs only the ERP id). */
export function missingTargets(kind: ErpImportKind, mapped: ReadonlySet<string>): string[] {
  const has = (k: string) => mapped.has(k);
  if (kind !== 'payments' && !has('externalId') && !has('number')) return ['externalId (or number)'];
  if (kind === 'payments' && !has('externalId')) return ['externalId'];
  if (has('deleted')) return [];
  const need: Record<ErpImportKind, string[]> = {
    orders: ['companyExternalId', 'number', 'orderedAt', 'status', 'total'],
    invoices: ['companyExternalId', 'number', 'issuedAt', 'dueAt', 'status', 'total'],
    payments: ['companyExternalId', 'paidAt', 'amount'],
  };
  return need[kind].filter((k) => !has(k));
}

/** Mappings that cannot go together. */
export function conflictingTargets(kind: ErpImportKind, mapped: ReadonlySet<string>): string | undefined {
  if (kind === 'invoices' && mapped.has('amountPaid') && mapped.has('balance')) {
    return 'map either the amount paid or the balance, not both';
  }
  return undefined;
}

const MONEY: Record<ErpImportKind, string[]> = {
  orders: ['total'],
  invoices: ['total', 'amountPaid'],
  payments: ['amount'],
};

/**
 * One row's converted values as the record the ERP sync takes, or the problems (by target key) of its amounts.
 * `externalId` defaults to the number (orders, invoices); `updatedAt` to when the file was uploaded; the currency to
 * the workspace's. A row marked deleted is only its id and time: the sync moves the record to the bin.
 */
export function erpRecord(
  kind: ErpImportKind,
  values: ReadonlyMap<string, unknown>,
  defaults: { currency: string; updatedAt: string },
): { record: Record<string, unknown> } | { problems: { key: string; reason: string }[] } {
  const externalId = values.get('externalId') ?? values.get('number');
  const updatedAt = values.get('updatedAt') ?? defaults.updatedAt;
  if (values.get('deleted') === true) return { record: { externalId, updatedAt, deleted: true } };
  const record: Record<string, unknown> = { externalId, updatedAt };
  for (const [key, v] of values) {
    if (['externalId', 'updatedAt', 'deleted', 'currency', 'balance', ...MONEY[kind]].includes(key)) continue;
    record[key] = v;
  }
  const code = (values.get('currency') as string | undefined) ?? defaults.currency;
  const problems: { key: string; reason: string }[] = [];
  const money = (key: string, decimal: string) => {
    const m = toMinor(decimal, code);
    if ('error' in m) problems.push({ key, reason: m.error });
    else record[key] = { amountMinor: m.value, currency: code };
  };
  for (const key of MONEY[kind]) {
    const v = values.get(key);
    if (typeof v === 'string') money(key, v);
  }
  const balance = values.get('balance');
  if (kind === 'invoices' && typeof balance === 'string' && record.total) {
    const b = toMinor(balance, code);
    if ('error' in b) problems.push({ key: 'balance', reason: b.error });
    else {
      const total = (record.total as { amountMinor: number }).amountMinor;
      record.amountPaid = { amountMinor: Math.max(0, total - b.value), currency: code };
    }
  }
  return problems.length > 0 ? { problems } : { record };
}

/**
 * The target a problem of the sync is about, from its pointer into the record (`/total/currency` → currency,
 * `/amountPaid/amountMinor` → amountPaid, or the balance it came from), or undefined for the whole row.
 */
export function erpTargetOf(pointer: string, mapped: ReadonlySet<string>): string | undefined {
  const [first, second] = pointer.split('/').filter(Boolean);
  if (!first) return undefined;
  if (second === 'currency' && ['total', 'amountPaid', 'amount'].includes(first)) return 'currency';
  if (first === 'amountPaid' && !mapped.has('amountPaid') && mapped.has('balance')) return 'balance';
  if (first === 'externalId' && !mapped.has('externalId')) return 'number';
  return first;
}

/** A problem's reason as the importer words it: a required field left empty is "is empty". */
export function erpReason(detail: string): string {
  return /^must have required property/.test(detail) ? 'is empty' : detail;
}
