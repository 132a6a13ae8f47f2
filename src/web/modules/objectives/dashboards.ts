/**
 * Department dashboards: which registered metrics each department's dashboard shows, in order, and its URL state.
 * A module that registers metrics adds its department (or its metrics to one) here; the page reads names, definitions
 * and units from the registry (`GET /metrics`), so nothing else needs to change.
 */
import dayjs from 'dayjs';
import type { ModuleFlags } from '../../api/types.ts';

export interface Department {
  key: string;
  label: string;
  /** The workspace module that must be on for the dashboard to show. */
  module?: keyof ModuleFlags;
  /** Metric ids, in the order of the tiles; the first is charted unless another is chosen. */
  metrics: string[];
  /**
   * How a metric's second chart splits it when not by person: one of the metric's dimensions (`channel`,
   * `caseType`, …), the column header and the chart's title.
   */
  splits?: Record<string, { by: string; header: string; title: string }>;
}

export const DEPARTMENTS: Department[] = [
  {
    key: 'service',
    label: 'Service',
    module: 'service',
    metrics: [
      'service.fcr_rate',
      'service.sla_met_rate',
      'service.cases_opened',
      'service.cases_resolved',
      'service.first_response_minutes',
      'service.resolution_minutes',
      'service.reopen_rate',
      'service.cost_per_case',
      'service.cost',
      'service.csat',
    ],
  },
  {
    key: 'sales',
    label: 'Sales',
    module: 'sales',
    metrics: ['sales.won_amount', 'sales.won_count', 'sales.win_rate', 'customers.new', 'activities.logged'],
  },
  {
    key: 'self-service',
    label: 'Self-service',
    module: 'portal',
    metrics: [
      'self_service.share',
      'self_service.deflection_rate',
      'self_service.requests_by_channel',
      'self_service.portal_active_customers',
      'self_service.deflected_visits',
      'self_service.article_helpfulness',
    ],
    splits: {
      'self_service.requests_by_channel': { by: 'channel', header: 'Channel', title: 'Requests, by channel' },
    },
  },
  {
    key: 'accounts',
    label: 'Accounts',
    module: 'accounts',
    metrics: [
      'accounts.revenue',
      'accounts.payments_received',
      'accounts.days_to_pay',
      'accounts.invoices_overdue',
      'accounts.customers_put_on_hold',
    ],
  },
  {
    key: 'adoption',
    label: 'Adoption',
    metrics: [
      'adoption.weekly_active_users',
      'adoption.activities_per_user',
      'adoption.logged_in_time_rate',
      'adoption.records_created_per_user',
      'adoption.records_updated_per_user',
    ],
  },
  {
    key: 'customers',
    label: 'Customers',
    metrics: ['customers.new', 'activities.logged', 'promises.kept_rate'],
  },
];

/** The dashboard of the metrics the business chose in the set-up ("which metrics tell us it works?"). */
export const WATCHED = 'watched';

export const watchedDepartment = (metrics: string[]): Department => ({ key: WATCHED, label: 'Our metrics', metrics });

export const PERIODS = {
  '30d': { label: 'Last 30 days', days: 30, interval: 'day' },
  '90d': { label: 'Last 90 days', days: 90, interval: 'week' },
  '12m': { label: 'Last 12 months', days: 365, interval: 'month' },
} as const;
export type PeriodKey = keyof typeof PERIODS;

export interface DashboardSearch {
  department?: string;
  period?: PeriodKey;
  metric?: string;
}

export function validateDashboardSearch(raw: Record<string, unknown>): DashboardSearch {
  const out: DashboardSearch = {};
  if (
    typeof raw.department === 'string' &&
    (raw.department === WATCHED || DEPARTMENTS.some((d) => d.key === raw.department))
  )
    out.department = raw.department;
  if (typeof raw.period === 'string' && raw.period in PERIODS) out.period = raw.period as PeriodKey;
  if (typeof raw.metric === 'string' && /^[a-z_]+\.[a-z0-9_]+$/.test(raw.metric)) out.metric = raw.metric;
  return out;
}

/** The period ending yesterday (whole days) and the one of the same length before it, as `YYYY-MM-DD`. */
export function periodRanges(period: PeriodKey, today = dayjs()) {
  const days = PERIODS[period].days;
  const to = today.subtract(1, 'day');
  const from = to.subtract(days - 1, 'day');
  const prevTo = from.subtract(1, 'day');
  const prevFrom = prevTo.subtract(days - 1, 'day');
  const f = (d: dayjs.Dayjs) => d.format('YYYY-MM-DD');
  return { current: { from: f(from), to: f(to) }, previous: { from: f(prevFrom), to: f(prevTo) } };
}

/** The change from the previous period, and whether it is good news for a metric whose good direction is `direction`. */
export function change(
  current: number | null,
  previous: number | null,
  direction: 'up' | 'down',
): { delta: number; good: boolean | null } | null {
  if (current === null || previous === null) return null;
  const delta = current - previous;
  if (delta === 0) return { delta, good: null };
  return { delta, good: direction === 'up' ? delta > 0 : delta < 0 };
}

/**
 * The adoption dashboard's team view: its columns, one registered metric each, read by person. Weekly active users by
 * person is the share of the period's weeks they were active in, hence shown as a ratio.
 */
export const ADOPTION_TEAM_VIEW: { metric: string; label: string; unit?: 'ratio' }[] = [
  { metric: 'adoption.weekly_active_users', label: 'Weeks active', unit: 'ratio' },
  { metric: 'adoption.activities_per_user', label: 'Activities logged' },
  { metric: 'adoption.logged_in_time_rate', label: 'Logged within a day' },
  { metric: 'adoption.records_created_per_user', label: 'Records created' },
  { metric: 'adoption.records_updated_per_user', label: 'Records updated' },
];

/** The "Feature used" metrics, one per part of Rapport (as the server's adoption module registers them). */
export const ADOPTION_FEATURES = [
  ['people', 'People'],
  ['companies', 'Companies'],
  ['deals', 'Deals'],
  ['cases', 'Cases'],
  ['activities', 'Activities'],
  ['tasks', 'Tasks'],
  ['promises', 'Promises'],
  ['knowledge', 'Knowledge base'],
].map(([key, label]) => ({ metric: `adoption.used_${key}`, label: label! }));
