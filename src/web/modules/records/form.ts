import type { FieldValues } from 'react-hook-form';

/** Every path in a form's values (`emails`, `emails.0`, `emails.0.email`, `address.city`, ...). */
export function knownPaths(values: unknown, prefix = '', out = new Set<string>()): Set<string> {
  if (values && typeof values === 'object') {
    for (const [key, value] of Object.entries(values as Record<string, unknown>)) {
      const path = prefix ? `${prefix}.${key}` : key;
      out.add(path);
      knownPaths(value, path, out);
    }
  }
  return out;
}

/** The closest field a server error path can be shown on: `consent.email.granted` → `consent.email`. */
export function resolveErrorPath(path: string, known: Set<string>): string | null {
  const parts = path.split('.');
  while (parts.length) {
    const candidate = parts.join('.');
    if (known.has(candidate)) return candidate;
    parts.pop();
  }
  return null;
}

/** The top-level keys with any change in react-hook-form's `dirtyFields`. */
export function dirtyKeys<T extends FieldValues>(dirtyFields: Partial<Record<keyof T, unknown>>): (keyof T & string)[] {
  const isDirty = (value: unknown): boolean => {
    if (value === true) return true;
    if (Array.isArray(value)) return value.some(isDirty);
    if (value && typeof value === 'object') return Object.values(value).some(isDirty);
    return false;
  };
  return (Object.keys(dirtyFields) as (keyof T & string)[]).filter((key) => isDirty(dirtyFields[key]));
}

/** For a create: leaves out what was not filled in (null, empty lists, an address of nulls), so defaults apply. */
export function withoutEmpty(body: Record<string, unknown>): Record<string, unknown> {
  const isEmpty = (value: unknown): boolean => {
    if (value === null || value === undefined || value === '') return true;
    if (Array.isArray(value)) return value.length === 0;
    if (typeof value === 'object') return Object.values(value).every(isEmpty);
    return false;
  };
  return Object.fromEntries(Object.entries(body).filter(([, value]) => !isEmpty(value)));
}

export function blankToNull(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

export const LANGUAGE_CODES = [
  'en',
  'fr',
  'de',
  'es',
  'it',
  'nl',
  'pt',
  'pl',
  'sv',
  'da',
  'nb',
  'fi',
  'cs',
  'el',
  'hu',
  'ro',
  'tr',
  'ru',
  'uk',
  'ar',
  'he',
  'hi',
  'ja',
  'ko',
  'zh',
];
