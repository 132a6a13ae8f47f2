/**
 * Custom dashboards on the web: the API calls and query keys, the widget kinds and periods in words, and where a
 * widget's numbers lead (the records behind them).
 */
import { type QueryClient, queryOptions } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type { components } from '../../api/schema.d.ts';
import type { RequestBody } from '../../api/types.ts';

export type Dashboard = components['schemas']['Dashboard'];
export type DashboardSummary = components['schemas']['DashboardSummary'];
export type Widget = Dashboard['widgets'][number];
export type WidgetInput = components['schemas']['DashboardWidgetInput'];
export type WidgetKind = Widget['kind'];
export type WidgetPeriod = Widget['period'];
export type DashboardData = components['schemas']['DashboardData'];
export type WidgetData = DashboardData['widgets'][number];
export type Share = components['schemas']['DashboardShare'];
export type CreateDashboardBody = RequestBody<'createDashboard'>;

export const dashboardsKey = ['dashboards'] as const;

export const dashboardsQueryOptions = () =>
  queryOptions({
    queryKey: dashboardsKey,
    queryFn: async () => (await api.get<{ data: DashboardSummary[] }>('/dashboards')).data,
  });

export const dashboardQueryOptions = (id: string) =>
  queryOptions({
    queryKey: [...dashboardsKey, id],
    queryFn: () => api.get<Dashboard>(`/dashboards/${encodeURIComponent(id)}`),
  });

export const dashboardDataQueryOptions = (id: string) =>
  queryOptions({
    queryKey: [...dashboardsKey, id, 'data'],
    queryFn: () => api.get<DashboardData>(`/dashboards/${encodeURIComponent(id)}/data`),
  });

export const sharedDashboardQueryOptions = (token: string) =>
  queryOptions({
    queryKey: [...dashboardsKey, 'shared', token],
    queryFn: () => api.get<Dashboard>(`/dashboards/shared/${encodeURIComponent(token)}`),
    retry: false,
  });

export const sharedDashboardDataQueryOptions = (token: string) =>
  queryOptions({
    queryKey: [...dashboardsKey, 'shared', token, 'data'],
    queryFn: () => api.get<DashboardData>(`/dashboards/shared/${encodeURIComponent(token)}/data`),
    retry: false,
  });

export const sharesQueryOptions = (id: string) =>
  queryOptions({
    queryKey: [...dashboardsKey, id, 'shares'],
    queryFn: async () => (await api.get<{ data: Share[] }>(`/dashboards/${encodeURIComponent(id)}/shares`)).data,
  });

export const createDashboard = (body: CreateDashboardBody) => api.post<Dashboard>('/dashboards', body);
export const updateDashboard = (id: string, body: Partial<CreateDashboardBody>, version?: number) =>
  api.patch<Dashboard>(`/dashboards/${encodeURIComponent(id)}`, body, version ? `"${version}"` : null);
export const deleteDashboard = (id: string) => api.delete(`/dashboards/${encodeURIComponent(id)}`);
export const shareDashboard = (id: string) => api.post<Share>(`/dashboards/${encodeURIComponent(id)}/share`);
export const revokeShare = (id: string, shareId: string) =>
  api.delete(`/dashboards/${encodeURIComponent(id)}/shares/${encodeURIComponent(shareId)}`);

export const refreshDashboards = (queryClient: QueryClient) =>
  queryClient.invalidateQueries({ queryKey: dashboardsKey });

export const WIDGET_KINDS: Record<WidgetKind, { label: string; description: string }> = {
  metric: { label: 'Number', description: 'A metric’s value, with the change from the period before' },
  trend: { label: 'Trend', description: 'A metric over time, with an objective’s target line' },
  bar: { label: 'Bars', description: 'A metric split by person, team or another dimension' },
  funnel: { label: 'Funnel', description: 'The deals in each stage of a pipeline, or metrics in sequence' },
  records: { label: 'Table', description: 'Records of a kind, through a saved view or filters' },
};

export const PERIOD_LABELS: Record<WidgetPeriod, string> = {
  last_7_days: 'Last 7 days',
  last_30_days: 'Last 30 days',
  last_90_days: 'Last 90 days',
  this_month: 'This month',
  this_quarter: 'This quarter',
  this_year: 'This year',
};

export const SIZE_LABELS: Record<Widget['size'], string> = {
  small: 'Small (a quarter of a row)',
  medium: 'Medium (half a row)',
  large: 'Large (the whole row)',
};

export const VISIBILITY_LABELS: Record<Dashboard['visibility'], string> = {
  private: 'Only me',
  team: 'My team',
  everyone: 'Everyone',
};

/** Kinds of record a table widget can list (those with their own pages), with their list path. */
export const RECORD_OBJECTS: { value: string; label: string; path: '/people' | '/companies' | '/deals' | '/cases' }[] =
  [
    { value: 'people', label: 'People', path: '/people' },
    { value: 'companies', label: 'Companies', path: '/companies' },
    { value: 'deals', label: 'Deals', path: '/deals' },
    { value: 'cases', label: 'Cases', path: '/cases' },
  ];

/** The widget's settings without what the server answers but a write does not take. */
export function toInput(w: Widget): WidgetInput {
  return { ...w };
}
