import dayjs from 'dayjs';
import relativeTime from 'dayjs/plugin/relativeTime.js';

dayjs.extend(relativeTime);

const numberFormat = new Intl.NumberFormat(undefined);

export function formatCount(value: number): string {
  return numberFormat.format(value);
}

/** "12,345" or, when the server stopped counting, "10,000+". */
export function formatTotal(total: number, capped: boolean): string {
  return `${numberFormat.format(total)}${capped ? '+' : ''}`;
}

export function formatDate(value: string | null | undefined): string {
  if (!value) return '';
  const d = dayjs(value);
  return d.isValid() ? d.toDate().toLocaleDateString(undefined, { dateStyle: 'medium' }) : value;
}

export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '';
  const d = dayjs(value);
  return d.isValid() ? d.toDate().toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : value;
}

export function fromNow(value: string | null | undefined): string {
  if (!value) return '';
  const d = dayjs(value);
  return d.isValid() ? d.fromNow() : value;
}

export function formatMoney(amountMinor: number, currency: string): string {
  try {
    const format = new Intl.NumberFormat(undefined, { style: 'currency', currency });
    const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
    return format.format(amountMinor / 10 ** digits);
  } catch {
    return `${(amountMinor / 100).toFixed(2)} ${currency}`;
  }
}

/** Minor units of a currency (JPY 0, EUR 2, BHD 3). */
export function currencyDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat(undefined, { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
    );
  } catch {
    return 2;
  }
}

/** `former_customer` → `Former customer`, `in_person` → `In person`. */
const ACRONYMS: Record<string, string> = { sms: 'SMS', sla: 'SLA', vip: 'VIP' };

export function humanize(value: string | null | undefined): string {
  if (!value) return '';
  const acronym = ACRONYMS[value.toLowerCase()];
  if (acronym) return acronym;
  const spaced = value.replace(/[_-]+/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1).toLowerCase();
}

let languageNames: Intl.DisplayNames | null = null;

export function languageName(tag: string | null | undefined): string {
  if (!tag) return '';
  try {
    languageNames ??= new Intl.DisplayNames(undefined, { type: 'language' });
    return languageNames.of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/** A field value as plain text, for tables, history and exports of state. */
export function displayValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (Array.isArray(value)) return value.map((v) => displayValue(v)).join(', ');
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    if (typeof obj.amountMinor === 'number' && typeof obj.currency === 'string') {
      return formatMoney(obj.amountMinor, obj.currency);
    }
    if (typeof obj.name === 'string') return obj.name;
    if (typeof obj.email === 'string') return obj.email;
    if (typeof obj.number === 'string') return obj.number;
    return JSON.stringify(value);
  }
  return String(value);
}
