import { type QueryClient, queryOptions } from '@tanstack/react-query';
import { api, request } from '../../../api/client.ts';
import type { components } from '../../../api/schema.d.ts';
import type { HistoryEntry, RequestBody } from '../../../api/types.ts';

/*
 * Deals as the API answers them, named from the generated API types (schema.d.ts). Any field a role hides may be
 * absent, but never the id, the version or the deletion time.
 */
type Schemas = components['schemas'];

export const DEAL_ROLES = ['decision_maker', 'champion', 'influencer', 'user', 'blocker'] as const;
export type DealRole = Schemas['DealPerson']['role'];
export const DEAL_ROLE_LABELS: Record<DealRole, string> = {
  decision_maker: 'Decision maker',
  champion: 'Champion',
  influencer: 'Influencer',
  user: 'User',
  blocker: 'Blocker',
};

export const DEAL_SOURCES = [
  'web_form',
  'referral',
  'campaign',
  'import',
  'outbound',
  'partner',
  'event',
  'other',
] as const;

export type Outcome = Schemas['StageRef']['outcome'];
export type StageRef = Schemas['StageRef'];
export type DealPerson = Schemas['DealPerson'];
export type Deal = Schemas['Deal'] & { id: string; version: number; deletedAt: string | null };
/** What a create or an edit sends (an edit sends only what changed). */
export type DealInput = Partial<RequestBody<'createDeal'>>;
export type BoardColumnData = Omit<Schemas['BoardColumn'], 'deals'> & { deals: Deal[] };
export type BoardData = Omit<Schemas['Board'], 'columns'> & { columns: BoardColumnData[] };
export type StageChange = Schemas['DealStageChange'];
export type ForecastRow = Schemas['ForecastRow'];
export type Forecast = Schemas['Forecast'];

const path = (id: string) => `/deals/${encodeURIComponent(id)}`;

export const dealsKey = ['deals'] as const;
export const dealKey = (id: string) => ['deals', 'one', id] as const;
export const boardKey = (pipelineId: string, filter: string[]) => ['deals', 'board', pipelineId, filter] as const;

export const dealQueryOptions = (id: string) =>
  queryOptions({ queryKey: dealKey(id), queryFn: ({ signal }) => api.get<Deal>(path(id), undefined, signal) });

export const boardQueryOptions = (pipelineId: string, filter: string[]) =>
  queryOptions({
    queryKey: boardKey(pipelineId, filter),
    queryFn: ({ signal }) =>
      api.get<BoardData>(`/pipelines/${encodeURIComponent(pipelineId)}/board`, { filter }, signal),
  });

export const forecastQueryOptions = (params: { period: string; by: 'owner' | 'team'; pipelineId?: string }) =>
  queryOptions({
    queryKey: ['deals', 'forecast', params],
    queryFn: ({ signal }) => api.get<Forecast>('/forecast', { ...params }, signal),
  });

export const createDeal = (body: DealInput) => api.post<Deal>('/deals', body);

/** A PATCH guarded by the version the caller last saw (412 when someone else saved in between). */
export async function updateDeal(id: string, body: DealInput, version: number): Promise<Deal> {
  const response = await request<Deal>(path(id), { method: 'PATCH', body, ifMatch: `"${version}"` });
  return response.data;
}

export const deleteDeal = (id: string) => api.delete(path(id));
export const restoreDeal = (id: string) => api.post<Deal>(`${path(id)}/restore`, {});
export const fetchDealHistory = async (id: string) =>
  (await api.get<{ data: HistoryEntry[] }>(`${path(id)}/history`)).data;
export const fetchStageHistory = async (id: string) =>
  (await api.get<{ data: StageChange[] }>(`${path(id)}/stage-history`)).data;

/**
 * After a deal changed: its page, every board, list and forecast showing it, the timelines its stage changes appear on
 * (its own, its company's and people's) and the context cards that count open deals.
 */
export async function refreshDeals(queryClient: QueryClient, deal?: Deal): Promise<void> {
  if (deal) queryClient.setQueryData(dealKey(deal.id), deal);
  await Promise.all([dealsKey, ['timeline'], ['card']].map((queryKey) => queryClient.invalidateQueries({ queryKey })));
}

/** Open deals are `open`; won and lost stages close a deal. */
export function outcomeLabel(outcome: Outcome): string {
  return outcome === 'won' ? 'Won' : outcome === 'lost' ? 'Lost' : 'Open';
}
