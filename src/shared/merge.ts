/**
 * Which value a merge keeps, shared by the server (the default when a field's choice is left out) and the web (the
 * radio pre-selected in the merge dialog), so both propose the same thing: the most recently updated record's value
 * among those that have one; the survivor's when none has one.
 */

/** Fields chosen one record at a time when people are merged (emails, phones, tags and flags are unioned). */
export const PERSON_MERGE_FIELDS = [
  'firstName',
  'lastName',
  'jobTitle',
  'companyId',
  'address',
  'ownerId',
  'teamId',
  'lifecycleStage',
  'preferredChannel',
  'preferredLanguage',
  'valueTier',
  'cadenceDays',
] as const;

/** Fields chosen one record at a time when companies are merged (tags and flags are unioned). */
export const COMPANY_MERGE_FIELDS = [
  'name',
  'domain',
  'industry',
  'size',
  'address',
  'ownerId',
  'teamId',
  'parentId',
  'valueTier',
  'cadenceDays',
] as const;

export const MERGE_FIELDS = { people: PERSON_MERGE_FIELDS, companies: COMPANY_MERGE_FIELDS } as const;
export type MergeKind = keyof typeof MERGE_FIELDS;

/** Multi-value facts every merged record's values are kept of (deduplicated). */
export const MERGE_UNIONS = { people: ['emails', 'phones', 'tags', 'flags'], companies: ['tags', 'flags'] } as const;

/** Whether a value counts as empty: null, blank text, an empty list, an object whose values are all empty. */
export function isEmptyValue(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === 'string') return v.trim() === '';
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.values(v as Record<string, unknown>).every(isEmptyValue);
  return false;
}

/** Structural equality of two field values (JSON-shaped). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (isEmptyValue(a) && isEmptyValue(b)) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}

interface Candidate {
  id: string;
  updatedAt?: string;
}

/**
 * The id of the record whose value a field keeps by default: the most recently updated record with a non-empty value
 * (ties: the survivor, then the order given); the survivor when none has a value. `records[0]` is the survivor.
 */
export function defaultSource<R extends Candidate>(records: readonly R[], value: (r: R) => unknown): string {
  let best: R | undefined;
  for (const r of records) {
    if (isEmptyValue(value(r))) continue;
    if (!best || (r.updatedAt ?? '') > (best.updatedAt ?? '')) best = r;
  }
  return (best ?? records[0]!).id;
}

/** Appends `more` to `base`, leaving out values already there (by `key`), keeping the order. */
export function unionBy<T>(base: readonly T[], more: readonly T[], key: (v: T) => string): T[] {
  const seen = new Set(base.map(key));
  const out = [...base];
  for (const v of more) {
    const k = key(v);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(v);
  }
  return out;
}
