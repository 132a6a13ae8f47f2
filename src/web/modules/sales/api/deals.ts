import { type QueryClient, queryOptions } from '@tanstack/react-query';
import { api, request } from '../../../api/client.ts';
import type { HistoryEntry, Money, Ref } from '../../../api/types.ts';

/*
 * Deals as the API answers them. Written from the server's schemas until the generated types (schema.d.ts) carry the
 * sales routes; then these become aliases like api/types.ts. Any field a role hides may be absent.
 */

export const DEAL_ROLES = ['decision_maker', 'champion', 'influencer', 'user', 'blocker'] as const;
export type DealRole = (typeof DEAL_ROLES)[number];
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

export type Outcome = 'open' | 'won' | 'lost';

export interface StageRef {
  id: string;
  name: string;
  probability: number;
  outcome: Outcome;
}

export interface DealPerson {
  personId: string;
  name: string | null;
  role: DealRole;
}

export interface Deal {
  id: string;
  version: number;
  deletedAt: string | null;
  name?: string;
  pipelineId?: string;
  pipeline?: Ref | null;
  stageId?: string;
  stage?: StageRef | null;
  amount?: Money | null;
  weightedAmount?: Money | null;
  expectedCloseDate?: string | null;
  companyId?: string | null;
  company?: Ref | null;
  people?: DealPerson[];
  ownerId?: string | null;
  owner?: Ref | null;
  teamId?: string | null;
  team?: Ref | null;
  source?: string | null;
  nextStep?: string | null;
  nextStepDate?: string | null;
  commit?: boolean;
  lostReasonId?: string | null;
  lostReason?: { id: string; label: string } | null;
  lostNote?: string | null;
  closedAt?: string | null;
  stageEnteredAt?: string;
  daysInStage?: number;
  stalled?: boolean;
  tags?: string[];
  customFields?: Record<string, unknown>;
  createdAt?: string;
  updatedAt?: string;
}

export interface DealInput {
  name?: string;
  pipelineId?: string;
  stageId?: string;
  amount?: Money | null;
  expectedCloseDate?: string | null;
  companyId?: string | null;
  people?: { personId: string; role: DealRole }[];
  ownerId?: string | null;
  teamId?: string | null;
  source?: string | null;
  nextStep?: string | null;
  nextStepDate?: string | null;
  commit?: boolean;
  lostReasonId?: string | null;
  lostNote?: string | null;
  tags?: string[];
  customFields?: Record<string, unknown>;
}

export interface BoardColumnData {
  stageId: string;
  name: string;
  probability: number;
  outcome: Outcome;
  stalledAfterDays?: number | null;
  count: number;
  amount: Money;
  weightedAmount: Money;
  otherCurrencyCount?: number;
  deals: Deal[];
}

export interface BoardData {
  pipelineId: string;
  currency: string;
  columns: BoardColumnData[];
}

export interface StageChange {
  id: string;
  fromStage: Ref | null;
  toStage: Ref;
  changedAt: string;
  changedBy: Ref | null;
  daysInStage: number | null;
}

export interface ForecastRow {
  key: string | null;
  label: string;
  weighted: Money;
  bestCase: Money;
  commit: Money;
  closedWon: Money;
  quota: Money | null;
  dealCount?: number;
}

export interface Forecast {
  period: string;
  from: string;
  to: string;
  by: 'owner' | 'team';
  currency: string;
  rows: ForecastRow[];
  total: ForecastRow;
}

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
