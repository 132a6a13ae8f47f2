import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import { ApiError, type FieldProblem } from './client.ts';

/** `/emails/0/email` → `emails.0.email` (RFC 6901 unescaping of `~1` and `~0`). */
export function pointerToPath(pointer: string): string {
  return pointer
    .replace(/^#/, '')
    .split('/')
    .filter((part) => part !== '')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

/**
 * Puts the server's field errors on the react-hook-form fields they name. `isField` says which paths the form has;
 * the problems it cannot place are returned, for a form-level alert.
 */
export function applyServerErrors<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  isField: (path: string) => boolean,
): FieldProblem[] {
  if (!(error instanceof ApiError) || !error.errors?.length) return [];
  const unplaced: FieldProblem[] = [];
  let focused = false;
  for (const problem of error.errors) {
    const path = pointerToPath(problem.pointer);
    if (path && isField(path)) {
      setError(path as Path<T>, { type: 'server', message: problem.detail }, { shouldFocus: !focused });
      focused = true;
    } else {
      unplaced.push(problem);
    }
  }
  return unplaced;
}

/** Labels of the form inputs whose key is not a field of the list catalogue. */
const PART_LABELS: Record<string, string> = {
  line1: 'Street address',
  line2: 'Address line 2',
  city: 'City',
  region: 'Region or state',
  postalCode: 'Postal code',
  country: 'Country',
  currentPassword: 'Current password',
  newPassword: 'New password',
};

const humanizeKey = (key: string): string => {
  const spaced = key.replace(/[_-]+/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1).toLowerCase();
};

/**
 * The label a person reads for the field a server problem names by JSON pointer: `/address/country` → "Country",
 * `/phones/1/number` → "Phone 2", `/customFields/source` → the custom field's label, `/firstName` → "First name"
 * (from `fields`, the list catalogue's keys and labels, when given). Empty for a problem about the whole request.
 */
export function problemLabel(pointer: string, fields: readonly { key: string; label: string }[] = []): string {
  const parts = pointerToPath(pointer).split('.').filter(Boolean);
  const [head, second] = parts;
  if (!head) return '';
  const labelOf = (key: string) => fields.find((f) => f.key === key)?.label;
  if ((head === 'emails' || head === 'phones') && second !== undefined && /^\d+$/.test(second)) {
    return `${head === 'emails' ? 'Email' : 'Phone'} ${Number(second) + 1}`;
  }
  if (head === 'address' && second) return PART_LABELS[second] ?? humanizeKey(second);
  if (head === 'customFields' && second) return labelOf(`cf.${second}`) ?? humanizeKey(second);
  return labelOf(head) ?? PART_LABELS[head] ?? humanizeKey(head);
}
