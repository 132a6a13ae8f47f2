import { api, request } from '../../../api/client.ts';
import type { Company, HistoryEntry, ListPage, Person } from '../../../api/types.ts';
import type { RecordWithEtag } from '../../people/api/people.ts';

export const companyQueryKey = (id: string) => ['companies', 'record', id] as const;

export function companyQueryOptions(id: string) {
  return {
    queryKey: companyQueryKey(id),
    queryFn: async ({ signal }: { signal?: AbortSignal }): Promise<RecordWithEtag<Company>> => {
      const { data, etag } = await request<Company>(`/companies/${encodeURIComponent(id)}`, signal ? { signal } : {});
      return { record: data, etag };
    },
    staleTime: 15_000,
  };
}

export const companyHistoryKey = (id: string) => ['companies', 'history', id] as const;

export async function fetchCompanyHistory(id: string): Promise<HistoryEntry[]> {
  return (await api.get<{ data: HistoryEntry[] }>(`/companies/${encodeURIComponent(id)}/history`)).data;
}

export function fetchCompanyPeople(id: string, limit = 10): Promise<ListPage<Person>> {
  return api.get<ListPage<Person>>(`/companies/${encodeURIComponent(id)}/people`, { limit });
}

export async function searchCompanies(q: string, limit = 10): Promise<ListPage<Company>> {
  return api.get<ListPage<Company>>('/companies', { q: q || undefined, limit, sort: q ? undefined : 'name' });
}

export async function createCompany(body: Record<string, unknown>): Promise<RecordWithEtag<Company>> {
  const { data, etag } = await request<Company>('/companies', { method: 'POST', body });
  return { record: data, etag };
}

export async function updateCompany(
  id: string,
  body: Record<string, unknown>,
  ifMatch: string | null,
): Promise<RecordWithEtag<Company>> {
  const { data, etag } = await request<Company>(`/companies/${encodeURIComponent(id)}`, {
    method: 'PATCH',
    body,
    ifMatch,
  });
  return { record: data, etag };
}

export const deleteCompany = (id: string) => api.delete(`/companies/${encodeURIComponent(id)}`);
export const restoreCompany = (id: string) => api.post<Company>(`/companies/${encodeURIComponent(id)}/restore`);
