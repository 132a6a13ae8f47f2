import { api, request } from '../../../api/client.ts';
import type { HistoryEntry, Person } from '../../../api/types.ts';

export interface RecordWithEtag<T> {
  record: T;
  etag: string | null;
}

export const personQueryKey = (id: string) => ['people', 'record', id] as const;

export function personQueryOptions(id: string) {
  return {
    queryKey: personQueryKey(id),
    queryFn: async ({ signal }: { signal?: AbortSignal }): Promise<RecordWithEtag<Person>> => {
      const { data, etag } = await request<Person>(`/people/${encodeURIComponent(id)}`, signal ? { signal } : {});
      return { record: data, etag };
    },
    staleTime: 15_000,
  };
}

export const personHistoryKey = (id: string) => ['people', 'history', id] as const;

export async function fetchPersonHistory(id: string): Promise<HistoryEntry[]> {
  return (await api.get<{ data: HistoryEntry[] }>(`/people/${encodeURIComponent(id)}/history`)).data;
}

export type PersonInput = Record<string, unknown>;

export async function createPerson(body: PersonInput): Promise<RecordWithEtag<Person>> {
  const { data, etag } = await request<Person>('/people', { method: 'POST', body });
  return { record: data, etag };
}

export async function updatePerson(
  id: string,
  body: PersonInput,
  ifMatch: string | null,
): Promise<RecordWithEtag<Person>> {
  const { data, etag } = await request<Person>(`/people/${encodeURIComponent(id)}`, {
    method: 'PATCH',
    body,
    ifMatch,
  });
  return { record: data, etag };
}

export const deletePerson = (id: string) => api.delete(`/people/${encodeURIComponent(id)}`);
export const restorePerson = (id: string) => api.post<Person>(`/people/${encodeURIComponent(id)}/restore`);
