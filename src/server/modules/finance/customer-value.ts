/**
 * Customer value from a company's orders (pure: tests give it hand-built histories). Documented in docs/accounts.md.
 *
 * - Lifetime revenue, last 12 months' revenue (and the 12 months before), order count, average order value (AOV),
 *   frequency (orders in the last 12 months), recency (days since the last order), usual interval (median days
 *   between orders).
 * - RFM: recency, frequency and monetary scores of 1 to 5 on fixed thresholds, and a segment from R and F.
 * - CLV = AOV × frequency × r / (1 − r), with r the retention estimate: 0.8 when the customer ordered in both of the
 *   last two 12-month windows, 0.5 when only in the last one, 0 otherwise (expected purchases over its remaining life).
 * - Churn risk with its reasons: no order for longer than 1.5 × its usual interval (or 180 days without one), spend
 *   falling by half or more against the 12 months before, overdue invoices, and open complaints (the company's cases
 *   not yet resolved).
 */
import type { ChurnRisk, RfmSegment } from '../companies/index.ts';

export interface ValueOrder {
  /** YYYY-MM-DD */
  orderedAt: string;
  totalMinor: number;
}

export interface CustomerValue {
  lifetimeRevenueMinor: number;
  last12MonthsMinor: number;
  previous12MonthsMinor: number;
  orders: number;
  averageOrderMinor: number | null;
  ordersLast12Months: number;
  recencyDays: number | null;
  usualIntervalDays: number | null;
  rfm: { recency: number; frequency: number; monetary: number; segment: RfmSegment };
  retention: number;
  clvMinor: number;
  churnRisk: { level: ChurnRisk; reasons: string[] };
}

const DAY = 86_400_000;
const days = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY);

const score = (value: number, steps: readonly number[], ascending = true): number => {
  // steps: the thresholds for 5, 4, 3, 2 (ascending: value >= step; else value <= step).
  for (const [i, step] of steps.entries()) if (ascending ? value >= step : value <= step) return 5 - i;
  return 1;
};

/**
 * `digits`: the currency's minor digits (monetary thresholds are in major units); `overdueInvoices`: how many of the
 * company's invoices are overdue today; `openComplaints`: how many of its cases are open (not resolved or closed).
 */
export function customerValue(
  orders: readonly ValueOrder[],
  today: string,
  opts: { digits?: number; overdueInvoices?: number; openComplaints?: number } = {},
): CustomerValue {
  const unit = 10 ** (opts.digits ?? 2);
  const sorted = [...orders].sort((a, b) => a.orderedAt.localeCompare(b.orderedAt));
  const age = (o: ValueOrder) => days(o.orderedAt, today);
  const last12 = sorted.filter((o) => age(o) < 365);
  const prev12 = sorted.filter((o) => age(o) >= 365 && age(o) < 730);
  const sum = (os: readonly ValueOrder[]) => os.reduce((s, o) => s + o.totalMinor, 0);
  const lifetime = sum(sorted);
  const last = sorted.at(-1);
  const recencyDays = last ? Math.max(0, age(last)) : null;
  const gaps = sorted.slice(1).map((o, i) => days(sorted[i]!.orderedAt, o.orderedAt));
  const usual = gaps.length > 0 ? [...gaps].sort((a, b) => a - b)[Math.floor((gaps.length - 1) / 2)]! : null;
  const aov = sorted.length > 0 ? Math.round(lifetime / sorted.length) : null;

  const r = recencyDays === null ? 1 : score(recencyDays, [30, 60, 120, 240], false);
  const f = score(last12.length, [12, 6, 3, 2]);
  const m = score(sum(last12) / unit, [100_000, 25_000, 5_000, 1_000]);
  let segment: RfmSegment = 'none';
  if (sorted.length > 0) {
    if (r >= 4 && f >= 4) segment = 'champions';
    else if (r >= 3 && f >= 3) segment = 'loyal';
    else if (r >= 4 && sorted.length <= 2) segment = 'new';
    else if (r >= 3) segment = 'promising';
    else if (f >= 3 || sorted.length >= 6) segment = 'at_risk';
    else segment = 'hibernating';
  }

  const retention = last12.length > 0 ? (prev12.length > 0 ? 0.8 : 0.5) : 0;
  const clv = aov === null ? 0 : Math.round((aov * last12.length * retention) / (1 - retention));

  const reasons: string[] = [];
  if (recencyDays !== null) {
    const limit = usual !== null ? Math.max(30, Math.round(usual * 1.5)) : 180;
    if (recencyDays > limit) reasons.push(`No order for ${recencyDays} days (usually every ${usual ?? '?'} days)`);
  }
  if (sum(prev12) > 0 && sum(last12) <= sum(prev12) / 2) reasons.push('Spend fell by half or more on the year before');
  if ((opts.overdueInvoices ?? 0) > 0) {
    const n = opts.overdueInvoices!;
    reasons.push(`${n} overdue invoice${n === 1 ? '' : 's'}`);
  }
  if ((opts.openComplaints ?? 0) > 0) {
    const n = opts.openComplaints!;
    reasons.push(`${n} open complaint${n === 1 ? '' : 's'} (cases)`);
  }
  const level = reasons.length >= 2 ? 'high' : reasons.length === 1 ? 'medium' : 'low';

  return {
    lifetimeRevenueMinor: lifetime,
    last12MonthsMinor: sum(last12),
    previous12MonthsMinor: sum(prev12),
    orders: sorted.length,
    averageOrderMinor: aov,
    ordersLast12Months: last12.length,
    recencyDays,
    usualIntervalDays: usual,
    rfm: { recency: r, frequency: f, monetary: m, segment },
    retention,
    clvMinor: clv,
    churnRisk: { level, reasons },
  };
}
