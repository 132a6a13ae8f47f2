import { api, apiUrl, request } from '../../../api/client.ts';
import type { FieldMeta, ListPage, ObjectMeta, ObjectName, SavedView, SavedViewState } from '../../../api/types.ts';

export interface ListParams {
  q?: string | undefined;
  filter?: string[] | undefined;
  sort?: string | undefined;
  limit?: number;
  cursor?: string | null;
  includeDeleted?: boolean;
}

export function fetchList<T>(path: string, params: ListParams, signal?: AbortSignal): Promise<ListPage<T>> {
  return api.get<ListPage<T>>(
    path,
    {
      q: params.q,
      filter: params.filter,
      sort: params.sort,
      limit: params.limit ?? 50,
      cursor: params.cursor,
      includeDeleted: params.includeDeleted ? 'true' : undefined,
    },
    signal,
  );
}

export const fieldsQueryKey = (object: ObjectName) => ['meta', 'fields', object] as const;

export function fieldsQueryOptions(object: ObjectName) {
  return {
    queryKey: fieldsQueryKey(object),
    queryFn: async () => (await api.get<{ data: FieldMeta[] }>('/meta/fields', { object })).data,
    staleTime: 5 * 60_000,
  };
}

export const viewsQueryKey = (object: ObjectName) => ['views', object] as const;

export async function fetchViews(object: ObjectName): Promise<SavedView[]> {
  return (await api.get<{ data: SavedView[] }>('/views', { object })).data;
}

export function createView(input: {
  object: ObjectName;
  name: string;
  shared: boolean;
  state: SavedViewState;
}): Promise<SavedView> {
  return api.post<SavedView>('/views', input);
}

export function updateView(
  id: string,
  input: { name?: string; shared?: boolean; state?: SavedViewState },
): Promise<SavedView> {
  return api.patch<SavedView>(`/views/${encodeURIComponent(id)}`, input);
}

export function deleteView(id: string): Promise<void> {
  return api.delete(`/views/${encodeURIComponent(id)}`);
}

/** Downloads `<object>/export.csv` for the list as it is filtered, sorted and laid out now. */
export async function downloadCsv(
  object: ObjectName,
  params: { q?: string | undefined; filter?: string[] | undefined; sort?: string | undefined; columns: string[] },
): Promise<void> {
  const url = apiUrl(`/${object}/export.csv`, {
    q: params.q,
    filter: params.filter,
    sort: params.sort,
    columns: params.columns.join(','),
  });
  const response = await fetch(url, { credentials: 'same-origin', headers: { accept: 'text/csv' } });
  if (!response.ok) {
    // Reuse the problem parsing of the client for a readable error.
    await request(`/${object}/export.csv`, {
      query: { q: params.q, filter: params.filter, sort: params.sort, columns: params.columns.join(',') },
    });
    return;
  }
  const blob = await response.blob();
  const disposition = response.headers.get('content-disposition') ?? '';
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  const filename = match?.[1] ? decodeURIComponent(match[1]) : `${object}-${new Date().toISOString().slice(0, 10)}.csv`;
  const href = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = href;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

/** Every kind of record and touchpoint the user may read, with actions and fields (`/meta/objects`). */
export const objectsQueryOptions = {
  queryKey: ['meta', 'objects'] as const,
  queryFn: async () => (await api.get<{ data: ObjectMeta[] }>('/meta/objects')).data,
  staleTime: 5 * 60_000,
};
