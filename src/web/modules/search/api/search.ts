import { useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';
import type { CardKind, ContextCardData, LookupResult, SearchHit } from '../../../api/types.ts';

export const cardKey = (kind: CardKind, id: string) => ['card', kind, id] as const;

export function useCard(kind: CardKind, id: string) {
  return useQuery({
    queryKey: cardKey(kind, id),
    queryFn: ({ signal }) => api.get<ContextCardData>(`/${kind}/${encodeURIComponent(id)}/card`, undefined, signal),
    staleTime: 15_000,
  });
}

export async function search(q: string, signal?: AbortSignal): Promise<SearchHit[]> {
  return (await api.get<{ data: SearchHit[] }>('/search', { q, limit: 12 }, signal)).data;
}

export function lookup(query: { phone?: string; email?: string }, signal?: AbortSignal): Promise<LookupResult> {
  return api.get<LookupResult>('/lookup', query, signal);
}
