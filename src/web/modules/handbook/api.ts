import { queryOptions } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type { components } from '../../api/schema.d.ts';

/* The process handbook as the API answers it, named from the generated API types (schema.d.ts). */
type Schemas = components['schemas'];
export type HandbookEntry = Schemas['HandbookEntry'];
export interface HandbookList {
  data: HandbookEntry[];
  canAssignOwners: boolean;
}

export const handbookKey = ['handbook'] as const;

export const handbookQueryOptions = (q: string) =>
  queryOptions({
    queryKey: [...handbookKey, q],
    queryFn: ({ signal }) => api.get<HandbookList>('/handbook', q ? { q } : undefined, signal),
    placeholderData: (previous) => previous,
  });

const path = (e: Pick<HandbookEntry, 'kind' | 'id'>) =>
  `/handbook/${encodeURIComponent(e.kind)}/${encodeURIComponent(e.id)}`;

export const reviewProcess = (e: Pick<HandbookEntry, 'kind' | 'id'>) => api.post<HandbookEntry>(`${path(e)}/review`);
export const setProcessOwner = (e: Pick<HandbookEntry, 'kind' | 'id'>, ownerId: string | null) =>
  api.put<HandbookEntry>(`${path(e)}/owner`, { ownerId });

export interface HandbookSearch {
  q?: string;
}

export function validateHandbookSearch(raw: Record<string, unknown>): HandbookSearch {
  return typeof raw.q === 'string' && raw.q.trim() !== '' ? { q: raw.q.slice(0, 200) } : {};
}

/** What a history line's action says. */
export const ACTION_LABELS: Record<string, string> = {
  create: 'Created',
  update: 'Changed',
  delete: 'Deleted',
  restore: 'Restored',
  review: 'Reviewed',
  owner_change: 'Owner changed',
};
