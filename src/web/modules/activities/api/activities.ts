import { type QueryClient, useInfiniteQuery } from '@tanstack/react-query';
import { api, request } from '../../../api/client.ts';
import type { Activity, AnchorKind, TimelinePage } from '../../../api/types.ts';

export interface NewActivity {
  type: Activity['type'];
  direction?: 'in' | 'out' | null;
  channel?: string | null;
  department?: string;
  subject: string;
  body?: string | null;
  occurredAt?: string;
  durationSeconds?: number | null;
  outcome?: string | null;
  personId?: string | null;
  companyId?: string | null;
  promiseId?: string | null;
}

export const createActivity = (body: NewActivity) => api.post<Activity>('/activities', body);

const activityPath = (id: string) => `/activities/${encodeURIComponent(id)}`;

/** One activity with its ETag, to edit it. */
export async function fetchActivity(id: string): Promise<{ activity: Activity; etag: string | null }> {
  const { data, etag } = await request<Activity>(activityPath(id));
  return { activity: data, etag };
}

export const updateActivity = (id: string, body: Partial<NewActivity>, ifMatch: string | null) =>
  api.patch<Activity>(activityPath(id), body, ifMatch);

export const deleteActivity = (id: string) => api.delete(activityPath(id));

export interface TimelineFilters {
  department: string[];
  activityType: string[];
}

export const timelineKey = (kind: AnchorKind, id: string) => ['timeline', kind, id] as const;

/** The record's timeline, newest first, one keyset page at a time. */
export function useTimeline(kind: AnchorKind, id: string, filters: TimelineFilters) {
  return useInfiniteQuery({
    queryKey: [...timelineKey(kind, id), filters],
    queryFn: ({ pageParam, signal }) =>
      api.get<TimelinePage>(
        `/${kind}/${encodeURIComponent(id)}/timeline`,
        {
          limit: 30,
          cursor: pageParam ?? undefined,
          department: filters.department,
          activityType: filters.activityType,
        },
        signal,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

/** After a touchpoint, task or promise changes: every timeline, card and "My day" that may show it. */
export async function refreshTouchpoints(queryClient: QueryClient): Promise<void> {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: ['timeline'] }),
    queryClient.invalidateQueries({ queryKey: ['card'] }),
    queryClient.invalidateQueries({ queryKey: ['tasks'] }),
    queryClient.invalidateQueries({ queryKey: ['promises'] }),
    queryClient.invalidateQueries({ queryKey: ['my-day'] }),
  ]);
}
