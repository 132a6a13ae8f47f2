/**
 * Objectives on the web: the API calls, the query keys, and how a metric's value reads (money, %, counts) and how a
 * status shows (a colour, an icon and a word, never colour alone).
 */

import { type Icon, IconAlertTriangle, IconCircleCheck, IconCircleX } from '@tabler/icons-react';
import type { QueryClient } from '@tanstack/react-query';
import { queryOptions } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { api } from '../../api/client.ts';
import { pointerToPath } from '../../api/forms.ts';
import type { components } from '../../api/schema.d.ts';
import type { RequestBody, ResponseBody } from '../../api/types.ts';
import { currencyDigits, formatMoney } from '../../ui/format.ts';

export type Objective = components['schemas']['Objective'];
export type CheckIn = Objective['checkIns'][number];
export type Metric = components['schemas']['Metric'];
export type MetricValue = ResponseBody<'getMetricValue'>;
export type ObjectiveStatus = Objective['status'];
export type CreateObjectiveBody = RequestBody<'createObjective'>;

/** The weeks the projection's straight line is fitted to (the server's PROJECTION_WEEKS). */
export const PROJECTION_WEEKS = 6;

export const objectivesKey = ['objectives'] as const;

export type SetupStatus = components['schemas']['SetupStatus'];

/** Where the five-question set-up stands (its answers, the data and configuration there are, the starters). */
export const setupQueryOptions = () =>
  queryOptions({
    queryKey: ['setup'],
    queryFn: () => api.get<SetupStatus>('/setup'),
  });

export const objectivesQueryOptions = () =>
  queryOptions({
    queryKey: objectivesKey,
    queryFn: async () => (await api.get<{ data: Objective[] }>('/objectives')).data,
  });

export const objectiveQueryOptions = (id: string) =>
  queryOptions({
    queryKey: [...objectivesKey, id],
    queryFn: () => api.get<Objective>(`/objectives/${encodeURIComponent(id)}`),
  });

export const metricsQueryOptions = () =>
  queryOptions({
    queryKey: ['metrics'],
    queryFn: async () => (await api.get<{ data: Metric[] }>('/metrics')).data,
    staleTime: 5 * 60_000,
  });

export const metricValueQueryOptions = (
  id: string,
  query: { from: string; to: string; interval: 'day' | 'week' | 'month'; by?: string },
) =>
  queryOptions({
    queryKey: ['metrics', id, query],
    queryFn: () => api.get<MetricValue>(`/metrics/${encodeURIComponent(id)}`, query),
  });

export const createObjective = (body: CreateObjectiveBody) => api.post<Objective>('/objectives', body);
export const updateObjective = (id: string, body: RequestBody<'updateObjective'>, version?: number) =>
  api.patch<Objective>(`/objectives/${encodeURIComponent(id)}`, body, version ? `"${version}"` : null);
export const deleteObjective = (id: string) => api.delete(`/objectives/${encodeURIComponent(id)}`);
export const addCheckIn = (id: string, comment: string) =>
  api.post<CheckIn>(`/objectives/${encodeURIComponent(id)}/check-ins`, { comment });

export const refreshObjectives = (queryClient: QueryClient) =>
  queryClient.invalidateQueries({ queryKey: objectivesKey });

/**
 * A value on the objective's scale, as people read it: a ratio as a percentage, money in the workspace's currency.
 * Counts and money are compared as rates per week (the server's scale), hence `perWeek`.
 */
export function formatMetric(
  value: number | null | undefined,
  metric: Pick<Metric, 'unit'> | undefined,
  currency: string,
  { perWeek = false }: { perWeek?: boolean } = {},
): string {
  if (value === null || value === undefined) return '—';
  const unit = metric?.unit ?? 'count';
  const suffix = perWeek && (unit === 'count' || unit === 'money') ? ' / week' : '';
  if (unit === 'ratio') return `${(value * 100).toLocaleString(undefined, { maximumFractionDigits: 1 })}%`;
  if (unit === 'money') return `${formatMoney(Math.round(value), currency)}${suffix}`;
  if (unit === 'score') return `${value.toLocaleString(undefined, { maximumFractionDigits: 2 })} / 5`;
  if (unit === 'minutes') {
    const n = (v: number) => v.toLocaleString(undefined, { maximumFractionDigits: 1 });
    if (Math.abs(value) >= 2 * 1440) return `${n(value / 1440)} days`;
    if (Math.abs(value) >= 120) return `${n(value / 60)} h`;
    return `${value.toLocaleString(undefined, { maximumFractionDigits: 0 })} min`;
  }
  return `${value.toLocaleString(undefined, { maximumFractionDigits: 1 })}${suffix}`;
}

/** "−40%" / "+25%" / "0.6": the target as its author set it. */
export function describeTargetInput(o: Objective, metric: Metric | undefined, currency: string): string {
  const t = o.targetInput;
  if ('relativeChange' in t) {
    const pct = Math.round(t.relativeChange * 1000) / 10;
    return `${pct > 0 ? '+' : pct < 0 ? '−' : ''}${Math.abs(pct)}% from the baseline`;
  }
  return formatMetric(t.value, metric, currency, { perWeek: true });
}

export const STATUS: Record<ObjectiveStatus, { label: string; color: string; icon: Icon }> = {
  on_track: { label: 'On track', color: 'teal', icon: IconCircleCheck },
  at_risk: { label: 'At risk', color: 'yellow', icon: IconAlertTriangle },
  off_track: { label: 'Off track', color: 'red', icon: IconCircleX },
};

/** The projection model in words: "Linear trend over the last 6 weeks, projected to 30 June 2027". */
export function projectionModel(o: Pick<Objective, 'endDate'>): string {
  return `Linear trend over the last ${PROJECTION_WEEKS} weeks, projected to ${dayjs(o.endDate).format('D MMMM YYYY')}`;
}

/** Where the records behind a metric are listed, when the web app has such a list. */
export function recordsHref(metricId: string): string | null {
  if (metricId.startsWith('sales.')) return '/deals';
  if (metricId.startsWith('customers.')) return '/people';
  if (metricId.startsWith('service.')) return '/cases';
  if (metricId.startsWith('accounts.')) return '/accounts';
  return null;
}

export const today = () => dayjs().format('YYYY-MM-DD');

/**
 * The target the form's number stands for: a relative change typed as a percentage, or an absolute value typed as
 * people read it (a ratio as %, money in major units of the currency), on the metric's scale.
 */
export function toTarget(
  kind: 'relative' | 'absolute',
  typed: number,
  unit: Metric['unit'] | undefined,
  currency: string,
): CreateObjectiveBody['target'] {
  if (kind === 'relative') return { relativeChange: typed / 100 };
  if (unit === 'ratio') return { value: typed / 100 };
  if (unit === 'money') return { value: Math.round(typed * 10 ** currencyDigits(currency)) };
  return { value: typed };
}

export type ObjectiveFormField =
  | 'name'
  | 'problem'
  | 'metricId'
  | 'teamId'
  | 'userId'
  | 'baselineFrom'
  | 'baselineTo'
  | 'targetValue'
  | 'startDate'
  | 'endDate'
  | 'ownerId';

/** The form field that shows a server problem, by its JSON pointer; null for a problem about the whole request. */
export function problemField(pointer: string): ObjectiveFormField | null {
  const path = pointerToPath(pointer);
  if (path === 'target' || path.startsWith('target.')) return 'targetValue';
  if (path === 'filter.teamId') return 'teamId';
  if (path === 'filter.userId') return 'userId';
  const keys: ObjectiveFormField[] = [
    'name',
    'problem',
    'metricId',
    'baselineFrom',
    'baselineTo',
    'startDate',
    'endDate',
    'ownerId',
  ];
  return keys.find((k) => k === path) ?? null;
}
