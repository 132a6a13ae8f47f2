import { type QueryClient, queryOptions } from '@tanstack/react-query';
import { api, request } from '../../api/client.ts';
import type { components } from '../../api/schema.d.ts';
import type { HistoryEntry, ListPage, RequestBody } from '../../api/types.ts';

/* Knowledge articles as the API answers them, named from the generated API types (schema.d.ts). */
type Schemas = components['schemas'];

export type Article = Schemas['Article'] & { id: string; version: number };
export type ArticleInput = Partial<RequestBody<'createArticle'>>;
export type ArticleHit = Schemas['ArticleHit'];

export const VISIBILITIES = [
  { value: 'internal', label: 'Internal (staff only)' },
  { value: 'public', label: 'Public (also on the portal)' },
] as const;
export const visibilityLabel = (v: string | undefined) => (v === 'public' ? 'Public' : 'Internal');
export const statusLabel = (s: string | undefined) => (s === 'published' ? 'Published' : 'Draft');

const path = (id: string) => `/articles/${encodeURIComponent(id)}`;
export const articlesKey = ['articles'] as const;
export const articleKey = (id: string) => ['articles', 'one', id] as const;

export const articleQueryOptions = (id: string) =>
  queryOptions({ queryKey: articleKey(id), queryFn: ({ signal }) => api.get<Article>(path(id), undefined, signal) });

export const articleHistoryQueryOptions = (id: string) =>
  queryOptions({
    queryKey: ['articles', 'history', id],
    queryFn: ({ signal }) => api.get<{ data: HistoryEntry[] }>(`${path(id)}/history`, undefined, signal),
  });

export const categoriesQueryOptions = () =>
  queryOptions({
    queryKey: ['articles', 'categories'],
    queryFn: ({ signal }) =>
      api.get<{ data: { name: string; count: number }[] }>('/articles/categories', undefined, signal),
    staleTime: 60_000,
  });

export function fetchArticles(
  params: { q?: string; status?: string; visibility?: string; category?: string; cursor?: string | null },
  signal?: AbortSignal,
): Promise<ListPage<Article>> {
  const filter = [
    params.status ? `status:eq:${params.status}` : null,
    params.visibility ? `visibility:eq:${params.visibility}` : null,
    params.category ? `category:eq:${params.category}` : null,
  ].filter((f): f is string => f !== null);
  return api.get<ListPage<Article>>(
    '/articles',
    { q: params.q || undefined, filter, limit: 50, cursor: params.cursor ?? undefined },
    signal,
  );
}

export const suggestArticles = (q: string, signal?: AbortSignal) =>
  api.get<{ data: ArticleHit[] }>('/articles/suggestions', { q, limit: 5 }, signal);

export const previewArticle = (body: string) => api.post<{ html: string | null }>('/articles/preview', { body });

export const createArticle = (body: ArticleInput) => api.post<Article>('/articles', body);

/** A PATCH guarded by the version the caller last saw (412 when someone else saved in between). */
export async function updateArticle(id: string, body: ArticleInput, version: number): Promise<Article> {
  return (await request<Article>(path(id), { method: 'PATCH', body, ifMatch: `"${version}"` })).data;
}

export async function publishArticle(id: string, version: number): Promise<Article> {
  return (await request<Article>(`${path(id)}/publish`, { method: 'POST', ifMatch: `"${version}"` })).data;
}

/** After a write: the article everywhere it shows, and the lists. */
export async function refreshArticles(queryClient: QueryClient, a: Article): Promise<void> {
  queryClient.setQueryData(articleKey(a.id), a);
  await queryClient.invalidateQueries({ queryKey: articlesKey });
}
