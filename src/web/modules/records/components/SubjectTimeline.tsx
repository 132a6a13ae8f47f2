import { Button, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { api, isApiError } from '../../../api/client.ts';
import type { TimelinePage } from '../../../api/types.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { formatDateTime, fromNow } from '../../../ui/format.ts';

/**
 * A record's own timeline from the spine (`GET /timeline?subjectKind=&subjectId=`): its lifecycle and what is linked
 * to it, newest first, older entries on demand. Any kind of record (deals, cases…) shows it the same way.
 */
export function SubjectTimeline({ kind, id, empty }: { kind: string; id: string; empty: string }) {
  const timeline = useInfiniteQuery({
    queryKey: ['timeline', kind, id],
    queryFn: ({ pageParam, signal }) =>
      api.get<TimelinePage>(
        '/timeline',
        { subjectKind: kind, subjectId: id, limit: 20, cursor: pageParam ?? undefined },
        signal,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const entries = timeline.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={2} size="h4" mb="sm">
        Timeline
      </Title>
      {timeline.isPending ? (
        <Skeleton height={80} />
      ) : isApiError(timeline.error, 400) ? (
        // A kind nothing can be linked to yet (orders, invoices: the ERP's) has no timeline of its own.
        <Text size="sm" c="dimmed">
          Nothing is linked to records of this kind yet: every change to it is in its history.
        </Text>
      ) : timeline.isError ? (
        <ErrorAlert error={timeline.error} title="The timeline could not load" onRetry={() => timeline.refetch()} />
      ) : entries.length === 0 ? (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      ) : (
        <Stack gap="xs">
          {entries.map((entry) => (
            <div key={entry.id}>
              <Text size="sm">{entry.summary}</Text>
              <Text size="xs" c="dimmed">
                <time dateTime={entry.at} title={formatDateTime(entry.at)}>
                  {fromNow(entry.at)}
                </time>
                {entry.actor ? ` · ${entry.actor.name}` : ''}
              </Text>
            </div>
          ))}
          {timeline.hasNextPage ? (
            <Button
              variant="subtle"
              size="compact-sm"
              w="fit-content"
              loading={timeline.isFetchingNextPage}
              onClick={() => void timeline.fetchNextPage()}
            >
              Show older
            </Button>
          ) : null}
        </Stack>
      )}
    </Paper>
  );
}
