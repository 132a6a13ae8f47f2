/**
 * The data-quality score of a person or company, 0-100, from four parts:
 * - completeness (40%): the share of the kind's quality fields that are filled, each with a weight;
 * - validity (30%): none of its emails, phones or domain is invalid;
 * - uniqueness (15%): it is in no open duplicate pair;
 * - freshness (15%): contacted within the last N months (6 by default), or added within them.
 * Each part is 0..1 for one record, so the score of a set of records (the report's overall score) is the mean of the
 * records' scores, computed exactly from counts: the mean of a weighted sum is the weighted sum of the means.
 */

export const QUALITY_KINDS = ['people', 'companies'] as const;
export type QualityKind = (typeof QUALITY_KINDS)[number];

/** Fields that count for completeness, their weight and the column that holds them. */
export const COMPLETENESS: Record<
  QualityKind,
  readonly { key: string; label: string; column: string; weight: number }[]
> = {
  people: [
    { key: 'email', label: 'email', column: 'primary_email', weight: 3 },
    { key: 'phone', label: 'phone', column: 'primary_phone', weight: 2 },
    { key: 'companyId', label: 'company', column: 'company_id', weight: 2 },
    { key: 'jobTitle', label: 'job title', column: 'job_title', weight: 1 },
    { key: 'ownerId', label: 'owner', column: 'owner_id', weight: 1 },
    { key: 'country', label: 'country', column: 'country', weight: 1 },
  ],
  companies: [
    { key: 'domain', label: 'domain', column: 'domain', weight: 3 },
    { key: 'industry', label: 'industry', column: 'industry', weight: 2 },
    { key: 'size', label: 'size', column: 'size', weight: 1 },
    { key: 'ownerId', label: 'owner', column: 'owner_id', weight: 1 },
    { key: 'country', label: 'country', column: 'country', weight: 1 },
  ],
};

export const PART_WEIGHTS = { completeness: 0.4, validity: 0.3, uniqueness: 0.15, freshness: 0.15 } as const;
export const DEFAULT_STALE_MONTHS = 6;

export interface RecordFacts {
  /** Quality field key → whether it is filled. */
  filled: Record<string, boolean>;
  /** Some email, phone or domain of it does not validate. */
  invalid: boolean;
  /** In an open duplicate pair. */
  duplicate: boolean;
  /** Not contacted (nor added) within the staleness window. */
  stale: boolean;
}

export interface Parts {
  completeness: number;
  validity: number;
  uniqueness: number;
  freshness: number;
}

export function completeness(kind: QualityKind, filled: Record<string, boolean>): number {
  const fields = COMPLETENESS[kind];
  const total = fields.reduce((s, f) => s + f.weight, 0);
  return fields.reduce((s, f) => s + (filled[f.key] ? f.weight : 0), 0) / total;
}

export function recordParts(kind: QualityKind, facts: RecordFacts): Parts {
  return {
    completeness: completeness(kind, facts.filled),
    validity: facts.invalid ? 0 : 1,
    uniqueness: facts.duplicate ? 0 : 1,
    freshness: facts.stale ? 0 : 1,
  };
}

/** 0-100 (unrounded) from the parts. */
export function scoreOf(parts: Parts): number {
  return (
    100 *
    (PART_WEIGHTS.completeness * parts.completeness +
      PART_WEIGHTS.validity * parts.validity +
      PART_WEIGHTS.uniqueness * parts.uniqueness +
      PART_WEIGHTS.freshness * parts.freshness)
  );
}

/** What a set of records counts: how many, how many have each field, are invalid, duplicated, stale. */
export interface SetCounts {
  total: number;
  filled: Record<string, number>;
  invalid: number;
  duplicate: number;
  stale: number;
}

/** The mean parts of a set (each part's mean over its records); all 1 for an empty set. */
export function setParts(kind: QualityKind, c: SetCounts): Parts {
  if (c.total === 0) return { completeness: 1, validity: 1, uniqueness: 1, freshness: 1 };
  const fields = COMPLETENESS[kind];
  const total = fields.reduce((s, f) => s + f.weight, 0);
  return {
    completeness: fields.reduce((s, f) => s + f.weight * (c.filled[f.key] ?? 0), 0) / total / c.total,
    validity: 1 - c.invalid / c.total,
    uniqueness: 1 - c.duplicate / c.total,
    freshness: 1 - c.stale / c.total,
  };
}

/** The instant N months before `at` (staleness cutoff). */
export function staleCutoff(at: Date, months: number): string {
  const d = new Date(at.getTime());
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.toISOString();
}
