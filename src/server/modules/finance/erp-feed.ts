/**
 * The generic ERP feed (pure): a JSON or CSV document an ERP publishes over HTTP(S), turned into the records the sync
 * API takes. A field mapping names, for each of Rapport's fields (dotted: `total.amountMinor`), the feed's field (a
 * CSV column, or a dotted path into a JSON object); a field not mapped is read from the feed field of the same name.
 * Defaults fill what the feed leaves empty (`total.currency: "EUR"` for a CSV without a currency column). Values are
 * converted only where the target needs it (amounts to integers, `deleted` to a boolean, `lines` from JSON text);
 * anything else is passed as it is, so the sync's own checks reject it with a reason.
 */
import { parse as parseCsv } from 'csv-parse/sync';

export const ERP_ENTITIES = ['companies', 'orders', 'invoices', 'payments'] as const;
export type ErpEntity = (typeof ERP_ENTITIES)[number];

const COMMON = ['externalId', 'updatedAt', 'deleted'];
const LINKS = ['companyExternalId', 'personId'];

/** Rapport's fields per entity, as mapping targets (money as `<field>.amountMinor` and `<field>.currency`). */
export const ERP_TARGETS: Record<ErpEntity, string[]> = {
  companies: [...COMMON, 'name', 'domain', 'creditLimit.amountMinor', 'creditLimit.currency'],
  orders: [...COMMON, ...LINKS, 'number', 'orderedAt', 'status', 'total.amountMinor', 'total.currency', 'lines'],
  invoices: [
    ...COMMON,
    ...LINKS,
    'number',
    'issuedAt',
    'dueAt',
    'status',
    'total.amountMinor',
    'total.currency',
    'amountPaid.amountMinor',
    'amountPaid.currency',
    'lines',
  ],
  payments: [...COMMON, ...LINKS, 'invoiceExternalId', 'paidAt', 'amount.amountMinor', 'amount.currency', 'method'],
};

export interface FeedSettings {
  format: 'json' | 'csv';
  /** JSON: where the array of records is (dotted path); default the document itself, or its `records`/`data`/`items`. */
  recordsPath?: string | null;
  /** CSV: the delimiter (default `,`). */
  delimiter?: string | null;
  /** Rapport field → feed field. */
  fields?: Record<string, string>;
  /** Rapport field → value used when the feed gives none. */
  defaults?: Record<string, string | number | boolean>;
}

/** Reads a dotted path (`customer.id`) from an object; a key with a dot in it is tried whole first. */
export function getPath(source: unknown, path: string): unknown {
  if (source === null || typeof source !== 'object') return undefined;
  const obj = source as Record<string, unknown>;
  if (Object.hasOwn(obj, path)) return obj[path];
  const dot = path.indexOf('.');
  if (dot < 0) return undefined;
  return getPath(obj[path.slice(0, dot)], path.slice(dot + 1));
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur = target;
  for (const part of parts.slice(0, -1)) {
    const next = cur[part];
    if (next === null || typeof next !== 'object') cur[part] = {};
    cur = cur[part] as Record<string, unknown>;
  }
  cur[parts[parts.length - 1]!] = value;
}

const INTEGER = /^\s*-?\d+\s*$/;

/** The value a target takes from what the feed gave (undefined: leave the field out). */
function convert(target: string, value: unknown): unknown {
  if (value === undefined || value === '') return undefined;
  if (target.endsWith('.amountMinor') && typeof value === 'string' && INTEGER.test(value)) return Number(value);
  if (target === 'deleted') {
    if (typeof value === 'string') {
      const v = value.trim().toLowerCase();
      if (['true', '1', 'yes'].includes(v)) return true;
      if (['false', '0', 'no'].includes(v)) return undefined;
    }
    return value === false ? undefined : value;
  }
  if (target === 'lines' && typeof value === 'string') {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  return value;
}

/** One feed row as a sync record of `entity`. */
export function mapRow(entity: ErpEntity, row: unknown, settings: Pick<FeedSettings, 'fields' | 'defaults'>): unknown {
  if (row === null || typeof row !== 'object' || Array.isArray(row)) return row;
  const out: Record<string, unknown> = {};
  for (const target of ERP_TARGETS[entity]) {
    const source = settings.fields?.[target] ?? target;
    let value = convert(target, getPath(row, source));
    if (value === undefined && settings.defaults && Object.hasOwn(settings.defaults, target)) {
      value = convert(target, settings.defaults[target]);
    }
    if (value !== undefined) setPath(out, target, value);
  }
  return out;
}

/** The feed field a rejection's pointer (`/records/3/total/amountMinor`) is about, as the integrator names it. */
export function feedFieldOf(pointer: string, settings: Pick<FeedSettings, 'fields'>): string {
  const target = pointer.split('/').slice(3).join('.');
  if (!target) return '';
  return settings.fields?.[target] ?? target;
}

export class FeedError extends Error {
  override name = 'FeedError';
}

/** The records of a feed document, in order. Throws `FeedError` when it is not what the settings say. */
export function feedRows(
  body: string,
  settings: Pick<FeedSettings, 'format' | 'recordsPath' | 'delimiter'>,
): unknown[] {
  if (settings.format === 'csv') {
    try {
      return parseCsv(body, {
        columns: true,
        bom: true,
        skip_empty_lines: true,
        trim: true,
        relax_column_count: true,
        delimiter: settings.delimiter || ',',
      }) as Record<string, string>[];
    } catch (err) {
      throw new FeedError(`The feed is not valid CSV: ${(err as Error).message}`);
    }
  }
  let doc: unknown;
  try {
    doc = JSON.parse(body.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new FeedError(`The feed is not valid JSON: ${(err as Error).message}`);
  }
  if (settings.recordsPath) {
    const at = getPath(doc, settings.recordsPath);
    if (!Array.isArray(at)) throw new FeedError(`The feed has no array at "${settings.recordsPath}"`);
    return at;
  }
  if (Array.isArray(doc)) return doc;
  for (const key of ['records', 'data', 'items']) {
    const at = (doc as Record<string, unknown> | null)?.[key];
    if (Array.isArray(at)) return at;
  }
  throw new FeedError('The feed is neither an array of records nor an object with a records, data or items array');
}
