/** Sales periods: a year (`2027`), a quarter (`2027-Q1`) or a month (`2027-03`), as date ranges. */

const iso = (year: number, month: number) => new Date(Date.UTC(year, month, 1)).toISOString().slice(0, 10);

/** `2027-Q1`, `2027-03` or `2027` → [from, to) as dates; undefined when it is none of those. */
export function periodRange(period: string): { from: string; to: string } | undefined {
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(period);
  const y = /^(\d{4})$/.exec(period);
  if (q) {
    const start = (Number(q[2]) - 1) * 3;
    return { from: iso(Number(q[1]), start), to: iso(Number(q[1]), start + 3) };
  }
  if (m) return { from: iso(Number(m[1]), Number(m[2]) - 1), to: iso(Number(m[1]), Number(m[2])) };
  if (y) return { from: iso(Number(y[1]), 0), to: iso(Number(y[1]) + 1, 0) };
  return undefined;
}

/**
 * The finer periods a period is made of, coarsest first: a year's quarters, then its months; a quarter's months;
 * nothing for a month. A quota for a quarter can be given as its three monthly quotas.
 */
export function periodParts(period: string): string[][] {
  const y = /^(\d{4})$/.exec(period);
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  const months = (year: string, from: number, n: number) =>
    Array.from({ length: n }, (_, i) => `${year}-${String(from + i).padStart(2, '0')}`);
  if (y) return [[1, 2, 3, 4].map((n) => `${y[1]}-Q${n}`), months(y[1]!, 1, 12)];
  if (q) return [months(q[1]!, (Number(q[2]) - 1) * 3 + 1, 3)];
  return [];
}

/** The period of a kind (`quarter`, `month`, `year`) that contains a date. */
export function periodOf(date: Date, kind: 'month' | 'quarter' | 'year'): string {
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth();
  if (kind === 'year') return String(y);
  if (kind === 'quarter') return `${y}-Q${Math.floor(m / 3) + 1}`;
  return `${y}-${String(m + 1).padStart(2, '0')}`;
}
