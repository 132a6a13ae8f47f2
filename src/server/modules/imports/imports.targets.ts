/**
 * What a column of an import can be mapped to, per kind: the field keys `/api/v1/meta/objects` lists (custom fields as
 * `cf.<key>`), how a cell becomes the value of the kind's create/update input, and the record's current value in the
 * same form (to fill empty fields only, to leave an unchanged record alone, and to restore it on undo). Cells are only
 * turned into input here; the kind's own `normalise` hook (through the record kernel) validates them, exactly as it
 * validates a staff edit.
 */
import { normaliseDomain, normaliseEmail, normalisePhone } from '../../../shared/contact.ts';
import { COUNTRY_CODES, countryName } from '../../../shared/countries.ts';

/** What converting a cell needs besides the cell. */
export interface CellEnv {
  /** The country a phone without a country code is read in: the row's country column, else the workspace's. */
  country: string;
  /** A company the importer may see by id or exact name (case-insensitive); undefined when none or several. */
  companyId(value: string): Promise<string | undefined>;
  /** Custom field definitions of the kind. */
  customFields: ReadonlyMap<string, { type: string; options: readonly string[] }>;
}

export type Converted = { value: unknown } | { error: string };

/** One mapping target: where its value lives in the input and how a cell becomes it. */
export interface Target {
  key: string;
  label: string;
  /** Converts a non-empty cell. */
  convert(cell: string, env: CellEnv): Promise<Converted> | Converted;
  /** The record's current value in the converted form (null or [] when empty). */
  current(dto: Record<string, unknown>): unknown;
  /** Whether the value is for matching only (the Rapport id), never written. */
  matchOnly?: boolean;
}

/** Lower-case, accents removed, only letters and digits: how headers and option values are compared. */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** A select value matched to the kind's options, case- and accent-insensitively (also against their labels). */
export function matchOption(cell: string, options: readonly string[]): string | undefined {
  const f = fold(cell);
  return options.find((o) => fold(o) === f);
}

/** Multi-value cells: `a ::: b` (Google, HubSpot), else `;` or `,`. */
export function splitMulti(cell: string, separators: RegExp = /\s*:::\s*|\s*;\s*|\s*,\s*/): string[] {
  return cell
    .split(separators)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

const text =
  (max: number) =>
  (cell: string): Converted =>
    cell.length > max ? { error: `is longer than ${max} characters` } : { value: cell };

const get = (key: string) => (dto: Record<string, unknown>) => dto[key] ?? null;
const addressPart = (part: string) => (dto: Record<string, unknown>) =>
  (dto.address as Record<string, unknown> | undefined)?.[part] ?? null;

const option =
  (options: readonly string[]) =>
  (cell: string): Converted => {
    const v = matchOption(cell, options);
    return v ? { value: v } : { error: `is not one of: ${options.join(', ')}` };
  };

const tags =
  (max: number) =>
  (cell: string): Converted => {
    const list = [...new Set(splitMulti(cell))];
    const long = list.find((t) => t.length > max);
    return long ? { error: `"${long}" is longer than ${max} characters` } : { value: list };
  };

/** A country as a code or its English name. */
export function countryCode(cell: string): string | undefined {
  const up = cell.trim().toUpperCase();
  if (/^[A-Z]{2}$/.test(up) && COUNTRY_CODES.includes(up)) return up;
  const f = fold(cell);
  if (f === 'uk' || f === 'greatbritain' || f === 'england') return 'GB';
  if (f === 'usa' || f === 'us' || f === 'unitedstatesofamerica') return 'US';
  return COUNTRY_CODES.find((c) => fold(countryName(c, 'en')) === f);
}

const country = (cell: string): Converted => {
  const code = countryCode(cell);
  return code ? { value: code } : { error: 'is not a country name or ISO 3166-1 code' };
};

const address = (part: string, label: string, max: number): Target => ({
  key: part,
  label,
  convert: text(max),
  current: addressPart(part),
});

const VALUE_TIERS = ['A', 'B', 'C', 'D'];

/** Standard targets per kind, in the order the mapping table offers them. */
export const TARGETS: Record<'people' | 'companies', Target[]> = {
  people: [
    {
      key: 'id',
      label: 'Rapport id (match only)',
      convert: (c) => ({ value: c }),
      current: get('id'),
      matchOnly: true,
    },
    { key: 'firstName', label: 'First name', convert: text(100), current: get('firstName') },
    { key: 'lastName', label: 'Last name', convert: text(100), current: get('lastName') },
    { key: 'name', label: 'Full name (split into first and last)', convert: text(201), current: get('fullName') },
    {
      key: 'email',
      label: 'Email',
      convert: (cell) => ({ value: splitMulti(cell, /\s*:::\s*|\s*;\s*|\s*,\s*|\s+/).map((e) => e.toLowerCase()) }),
      current: (dto) => ((dto.emails as { email: string }[] | undefined) ?? []).map((e) => e.email),
    },
    {
      key: 'phone',
      label: 'Phone',
      convert: (cell) => ({ value: splitMulti(cell, /\s*:::\s*|\s*;\s*/) }),
      current: (dto) => ((dto.phones as { number: string }[] | undefined) ?? []).map((p) => p.number),
    },
    { key: 'jobTitle', label: 'Job title', convert: text(150), current: get('jobTitle') },
    {
      key: 'companyId',
      label: 'Company (name or id)',
      convert: async (cell, env) => {
        const id = await env.companyId(cell);
        return id ? { value: id } : { error: `is not a company you can see ("${cell}")` };
      },
      current: get('companyId'),
    },
    { key: 'tags', label: 'Tags', convert: tags(50), current: (dto) => dto.tags ?? [] },
    {
      key: 'lifecycleStage',
      label: 'Lifecycle stage',
      convert: option(['lead', 'prospect', 'customer', 'former_customer']),
      current: get('lifecycleStage'),
    },
    {
      key: 'preferredChannel',
      label: 'Preferred channel',
      convert: option(['email', 'phone', 'sms', 'whatsapp', 'post', 'in_person']),
      current: get('preferredChannel'),
    },
    {
      key: 'preferredLanguage',
      label: 'Language',
      convert: (c) =>
        /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/.test(c)
          ? { value: c.toLowerCase() }
          : { error: 'is not a language code' },
      current: get('preferredLanguage'),
    },
    address('line1', 'Street address', 200),
    address('city', 'City', 100),
    address('region', 'Region', 100),
    address('postalCode', 'Postal code', 20),
    { key: 'country', label: 'Country', convert: country, current: addressPart('country') },
    { key: 'valueTier', label: 'Value tier', convert: option(VALUE_TIERS), current: get('valueTier') },
  ],
  companies: [
    {
      key: 'id',
      label: 'Rapport id (match only)',
      convert: (c) => ({ value: c }),
      current: get('id'),
      matchOnly: true,
    },
    { key: 'name', label: 'Name', convert: text(200), current: get('name') },
    {
      key: 'domain',
      label: 'Domain or website',
      convert: (c) => {
        const d = normaliseDomain(c);
        return d ? { value: d } : { error: 'is not a domain name or website address' };
      },
      current: get('domain'),
    },
    { key: 'industry', label: 'Industry', convert: text(100), current: get('industry') },
    // The ERP's customer id: what an ERP's CSV exports of orders, invoices and payments name the customer by.
    { key: 'externalId', label: 'ERP id', convert: text(100), current: get('externalId') },
    {
      key: 'size',
      label: 'Size',
      convert: option(['1-10', '11-50', '51-200', '201-1000', '1000+']),
      current: get('size'),
    },
    { key: 'tags', label: 'Tags', convert: tags(50), current: (dto) => dto.tags ?? [] },
    address('line1', 'Street address', 200),
    address('city', 'City', 100),
    address('region', 'Region', 100),
    address('postalCode', 'Postal code', 20),
    { key: 'country', label: 'Country', convert: country, current: addressPart('country') },
    { key: 'valueTier', label: 'Value tier', convert: option(VALUE_TIERS), current: get('valueTier') },
  ],
};

/** A custom field's target: `cf.<key>`, the cell converted to the type the field stores. */
export function customTarget(key: string, label: string): Target {
  return {
    key: `cf.${key}`,
    label,
    convert: (cell, env) => customValue(cell, env.customFields.get(key), env.country),
    current: (dto) => (dto.customFields as Record<string, unknown> | undefined)?.[key] ?? null,
  };
}

const TRUE = new Set(['true', 'yes', 'y', '1', 'x', 'oui', 'ja', 'si']);
const FALSE = new Set(['false', 'no', 'n', '0', 'non', 'nein']);

/** A cell as a custom field of a type stores it (the custom-fields validation then checks it like any write). */
export function customValue(
  cell: string,
  def: { type: string; options: readonly string[] } | undefined,
  country: string,
): Converted {
  if (!def) return { error: 'is not a custom field of this kind' };
  switch (def.type) {
    case 'number':
    case 'currency': {
      const n = Number(cell.replace(/[\s,](?=\d{3}\b)/g, ''));
      return Number.isFinite(n) ? { value: n } : { error: 'is not a number' };
    }
    case 'boolean': {
      const f = fold(cell);
      return TRUE.has(f) ? { value: true } : FALSE.has(f) ? { value: false } : { error: 'is not yes or no' };
    }
    case 'select': {
      const v = matchOption(cell, def.options);
      return v ? { value: v } : { error: `is not one of: ${def.options.join(', ')}` };
    }
    case 'multiSelect': {
      const out: string[] = [];
      for (const part of splitMulti(cell)) {
        const v = matchOption(part, def.options);
        if (!v) return { error: `"${part}" is not one of: ${def.options.join(', ')}` };
        out.push(v);
      }
      return { value: out };
    }
    case 'date': {
      const d = parseDate(cell);
      return d ? { value: d } : { error: 'is not a date (YYYY-MM-DD, DD/MM/YYYY or DD.MM.YYYY)' };
    }
    case 'email': {
      const r = normaliseEmail(cell);
      return r.ok ? { value: r.email } : { error: r.reason };
    }
    case 'phone': {
      const r = normalisePhone(cell, country);
      return r.ok ? { value: r.e164 } : { error: r.reason };
    }
    default:
      return { value: cell };
  }
}

/** A date in the formats people type: ISO (`2024-03-05`, or a date-time), `05/03/2024` (day first), `05.03.2024`. */
export function parseDate(cell: string): string | undefined {
  const c = cell.trim();
  let y: number;
  let m: number;
  let d: number;
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(c);
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else {
    match = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(c);
    if (!match) return undefined;
    [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  }
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return date.toISOString().slice(0, 10);
}

/** A phone cell's numbers as E.164 where they parse (to compare with what is stored). */
export function e164s(numbers: string[], country: string): string[] {
  return numbers.map((n) => {
    const r = normalisePhone(n, country);
    return r.ok ? r.e164 : n;
  });
}

/** Splits a full name into first and last at the last space ("Ada King Lovelace" → "Ada King", "Lovelace"). */
export function splitName(full: string): { firstName: string; lastName: string } {
  const parts = full.trim().split(/\s+/);
  if (parts.length === 1) return { firstName: parts[0]!, lastName: '' };
  return { firstName: parts.slice(0, -1).join(' '), lastName: parts[parts.length - 1]! };
}
