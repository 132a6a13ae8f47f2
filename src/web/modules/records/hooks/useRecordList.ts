import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import type { ListPage, ObjectName } from '../../../api/types.ts';
import { fetchList } from '../api/records.ts';

export const listQueryKey = (object: ObjectName) => [object, 'list'] as const;

/** Pages of a list via `nextCursor`; keeps showing the previous rows while a new filter loads. */
export function useRecordList<T>(
  object: ObjectName,
  params: {
    q?: string | undefined;
    filter?: string[] | undefined;
    sort?: string | undefined;
    includeDeleted?: boolean | undefined;
  },
  pageSize = 50,
) {
  return useInfiniteQuery({
    queryKey: [
      ...listQueryKey(object),
      {
        q: params.q ?? '',
        filter: params.filter ?? [],
        sort: params.sort ?? '',
        deleted: Boolean(params.includeDeleted),
      },
    ],
    queryFn: ({ pageParam, signal }) =>
      fetchList<T>(
        `/${object}`,
        {
          q: params.q,
          filter: params.filter,
          sort: params.sort,
          includeDeleted: Boolean(params.includeDeleted),
          cursor: pageParam,
          limit: pageSize,
        },
        signal,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last: ListPage<T>) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}
