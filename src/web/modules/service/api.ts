import { type QueryClient, queryOptions } from '@tanstack/react-query';
import { api, apiUrl, request } from '../../api/client.ts';
import type { components } from '../../api/schema.d.ts';
import type { HistoryEntry, ListPage, RequestBody } from '../../api/types.ts';

/* Cases, case types and SLA policies as the API answers them, named from the generated API types (schema.d.ts). */
type Schemas = components['schemas'];

export type Case = Schemas['Case'] & { id: string; version: number };
export type CaseInput = Partial<RequestBody<'createCase'>>;
export type CaseType = Schemas['CaseType'];
export type SlaPolicy = Schemas['SlaPolicy'];
export type CaseStatus = NonNullable<Case['status']>;
export type CasePriority = NonNullable<Case['priority']>;
export type CaseChannel = NonNullable<Case['channel']>;
export type Queue = 'mine' | 'team' | 'unassigned' | 'breaching' | 'pending' | 'all';

export const CASE_CHANNELS: { value: CaseChannel; label: string }[] = [
  { value: 'phone', label: 'Phone' },
  { value: 'email', label: 'Email' },
  { value: 'portal', label: 'Portal' },
  { value: 'chat', label: 'Chat' },
  { value: 'walk-in', label: 'Walk-in' },
];
export const CASE_PRIORITIES: { value: CasePriority; label: string; color: string }[] = [
  { value: 'low', label: 'Low', color: 'gray' },
  { value: 'normal', label: 'Normal', color: 'blue' },
  { value: 'high', label: 'High', color: 'orange' },
  { value: 'urgent', label: 'Urgent', color: 'red' },
];
export const CASE_STATUSES: { value: CaseStatus; label: string; color: string }[] = [
  { value: 'new', label: 'New', color: 'cyan' },
  { value: 'open', label: 'Open', color: 'blue' },
  { value: 'pending_customer', label: 'Pending customer', color: 'yellow' },
  { value: 'resolved', label: 'Resolved', color: 'teal' },
  { value: 'closed', label: 'Closed', color: 'gray' },
];
export const statusLabel = (s: string | undefined) => CASE_STATUSES.find((x) => x.value === s)?.label ?? s ?? '';
export const priorityLabel = (p: string | undefined) => CASE_PRIORITIES.find((x) => x.value === p)?.label ?? p ?? '';

const path = (id: string) => `/cases/${encodeURIComponent(id)}`;
export const casesKey = ['cases'] as const;
export const caseKey = (id: string) => ['cases', 'one', id] as const;

export const caseQueryOptions = (id: string) =>
  queryOptions({ queryKey: caseKey(id), queryFn: ({ signal }) => api.get<Case>(path(id), undefined, signal) });

export function fetchCases(
  params: { queue?: Queue; q?: string; sort?: string; breaches?: boolean; cursor?: string | null },
  signal?: AbortSignal,
): Promise<ListPage<Case>> {
  const query = { q: params.q || undefined, limit: 50, cursor: params.cursor ?? undefined };
  if (params.breaches) return api.get<ListPage<Case>>('/cases/breaches', query, signal);
  return api.get<ListPage<Case>>('/cases', { ...query, queue: params.queue, sort: params.sort }, signal);
}

export const createCase = (body: CaseInput) => api.post<Case>('/cases', body);

/** A PATCH guarded by the version the caller last saw (412 when someone else saved in between). */
export async function updateCase(id: string, body: CaseInput, version: number): Promise<Case> {
  const response = await request<Case>(path(id), { method: 'PATCH', body, ifMatch: `"${version}"` });
  return response.data;
}
export const fetchCaseHistory = async (id: string) =>
  (await api.get<{ data: HistoryEntry[] }>(`${path(id)}/history`)).data;

/** After a case changed: its page, the lists and the timelines it appears on. */
export async function refreshCases(queryClient: QueryClient, c?: Case): Promise<void> {
  if (c) queryClient.setQueryData(caseKey(c.id), c);
  await Promise.all([casesKey, ['timeline']].map((queryKey) => queryClient.invalidateQueries({ queryKey })));
}

export const caseTypesKey = ['case-types'] as const;
export const caseTypesQueryOptions = () =>
  queryOptions({
    queryKey: caseTypesKey,
    queryFn: async ({ signal }) => (await api.get<{ data: CaseType[] }>('/case-types', undefined, signal)).data,
  });
export const createCaseType = (body: RequestBody<'createCaseType'>) => api.post<CaseType>('/case-types', body);
export const updateCaseType = (id: string, body: RequestBody<'updateCaseType'>, version: number) =>
  api.patch<CaseType>(`/case-types/${encodeURIComponent(id)}`, body, `"${version}"`);

export const slaPoliciesKey = ['sla-policies'] as const;
export const slaPoliciesQueryOptions = () =>
  queryOptions({
    queryKey: slaPoliciesKey,
    queryFn: async ({ signal }) => (await api.get<{ data: SlaPolicy[] }>('/sla-policies', undefined, signal)).data,
  });
export const createSlaPolicy = (body: RequestBody<'createSlaPolicy'>) => api.post<SlaPolicy>('/sla-policies', body);
export const updateSlaPolicy = (id: string, body: RequestBody<'updateSlaPolicy'>) =>
  api.patch<SlaPolicy>(`/sla-policies/${encodeURIComponent(id)}`, body);
export const deleteSlaPolicy = (id: string) => api.delete(`/sla-policies/${encodeURIComponent(id)}`);

export const serviceSettingsKey = ['service-settings'] as const;
export const fetchServiceSettings = () => api.get<{ fcrReopenDays: number }>('/service-settings');
export const saveServiceSettings = (body: RequestBody<'updateServiceSettings'>) =>
  api.patch<{ fcrReopenDays: number }>('/service-settings', body);

export const holidaysKey = ['holidays'] as const;
export const fetchHolidays = async () => (await api.get<{ holidays: string[] }>('/holidays')).holidays;
export const saveHolidays = (holidays: string[]) => api.put<{ holidays: string[] }>('/holidays', { holidays });

/**
 * A due time in words, from `now`: "due in 2 h", "due in 35 min", "breached 35 min ago". Minutes under an hour, hours
 * under two days, then days.
 */
export function dueInWords(dueAt: string, now: number): { text: string; breached: boolean } {
  const diff = Date.parse(dueAt) - now;
  const minutes = Math.round(Math.abs(diff) / 60_000);
  const span =
    minutes < 60
      ? `${minutes} min`
      : minutes < 48 * 60
        ? `${Math.round(minutes / 60)} h`
        : `${Math.round(minutes / 1440)} d`;
  return diff < 0 ? { text: `breached ${span} ago`, breached: true } : { text: `due in ${span}`, breached: false };
}

/** "4 h", "1 h 30 min", "45 min": business minutes shown as hours. */
export function minutesAsHours(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return [h ? `${h} h` : '', m ? `${m} min` : ''].filter(Boolean).join(' ') || '0 min';
}

export type BulkCaseChange = RequestBody<'bulkUpdateCases'>['set'];

/** The same change on several cases, all or none (the problem names each refused case as /ids/<index>). */
export const bulkUpdateCases = (ids: string[], set: BulkCaseChange) =>
  api.post<{ updated: number }>('/cases/bulk-update', { ids, set });
export type CaseMessage = Schemas['CaseMessage'];

export const caseMessagesQueryOptions = (id: string) =>
  queryOptions({
    queryKey: ['cases', 'messages', id],
    queryFn: ({ signal }) => api.get<{ data: CaseMessage[] }>(`${path(id)}/messages`, undefined, signal),
  });

export const postCaseMessage = (id: string, body: RequestBody<'postCaseMessage'>) =>
  api.post<CaseMessage>(`${path(id)}/messages`, body);

export type CostRates = Schemas['ServiceCostRatesView'];
export type CaseCosts = Schemas['CaseCosts'];
export const costRatesKey = ['service-cost-rates'] as const;
export const fetchCostRates = () => api.get<CostRates>('/service/cost-rates');
export const saveCostRates = (body: RequestBody<'setServiceCostRates'>) =>
  api.put<CostRates>('/service/cost-rates', body);
export const caseCostsQueryOptions = (id: string) =>
  queryOptions({
    queryKey: ['cases', 'costs', id] as const,
    queryFn: ({ signal }) => api.get<CaseCosts>(`${path(id)}/costs`, undefined, signal),
  });
export const logCaseTime = (id: string, body: RequestBody<'logCaseTime'>) =>
  api.post<CaseCosts>(`${path(id)}/time`, body);
/** A file that came with an inbound email: a plain link (the session cookie authorises it; always downloaded). */
export const caseAttachmentUrl = (caseId: string, attachmentId: string) =>
  apiUrl(`${path(caseId)}/attachments/${encodeURIComponent(attachmentId)}`);

export type CannedResponse = Schemas['CannedResponse'];
export const cannedResponsesKey = ['canned-responses'] as const;
export const cannedResponsesQueryOptions = () =>
  queryOptions({
    queryKey: cannedResponsesKey,
    queryFn: ({ signal }) => api.get<{ data: CannedResponse[] }>('/canned-responses', undefined, signal),
    staleTime: 30_000,
  });
export const createCannedResponse = (body: RequestBody<'createCannedResponse'>) =>
  api.post<CannedResponse>('/canned-responses', body);
export const updateCannedResponse = (id: string, body: RequestBody<'updateCannedResponse'>) =>
  api.patch<CannedResponse>(`/canned-responses/${encodeURIComponent(id)}`, body);
export const deleteCannedResponse = (id: string) => api.delete(`/canned-responses/${encodeURIComponent(id)}`);
