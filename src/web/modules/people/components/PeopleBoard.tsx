import { Stack, Text } from '@mantine/core';
import { useQueries, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useRef } from 'react';
import { api, isApiError } from '../../../api/client.ts';
import { LIFECYCLE_STAGES, type LifecycleStage, type Person } from '../../../api/types.ts';
import { Board, type BoardColumn } from '../../../ui/Board.tsx';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { formatTotal, humanize } from '../../../ui/format.ts';
import { AnchorLink } from '../../../ui/links.tsx';
import { PageHeader } from '../../../ui/PageHeader.tsx';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { can, fieldRule, useMe } from '../../auth/hooks/useMe.ts';
import { fetchList } from '../../records/api/records.ts';
import { listQueryKey } from '../../records/hooks/useRecordList.ts';
import type { ListSearch } from '../../records/listSearch.ts';
import { refreshRecordViews } from '../../records/refresh.ts';
import { personQueryKey, updatePerson } from '../api/people.ts';

const PAGE = 25;

/**
 * People by lifecycle stage on the Board: the list's search and filters apply to every column; moving a card changes
 * the person's stage (with Undo), as editing it would.
 */
export function PeopleBoard({
  search,
  actions,
  onOpen,
}: {
  search: ListSearch;
  actions: ReactNode;
  onOpen: (person: Person) => void;
}) {
  useDocumentTitle('People');
  const me = useMe();
  const queryClient = useQueryClient();
  const filters = (search.filter ?? []).filter((f) => !f.startsWith('lifecycleStage:'));
  const versions = useRef(new Map<string, number>());
  const results = useQueries({
    queries: LIFECYCLE_STAGES.map((stage) => ({
      queryKey: [...listQueryKey('people'), 'board', stage, { q: search.q ?? '', filter: filters, sort: search.sort }],
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        fetchList<Person>(
          '/people',
          { q: search.q, filter: [...filters, `lifecycleStage:eq:${stage}`], sort: search.sort, limit: PAGE },
          signal,
        ),
    })),
  });
  const rule = fieldRule(me, 'people', 'lifecycleStage');
  const mayMove = can(me, 'people', 'update') && rule === undefined;
  const failed = results.find((r) => r.isError);

  const columns: BoardColumn<Person>[] = LIFECYCLE_STAGES.map((stage, i) => {
    const page = results[i]?.data;
    return {
      id: stage,
      title: humanize(stage),
      subtitle: page ? `${formatTotal(page.total, page.totalCapped)} ${page.total === 1 ? 'person' : 'people'}` : '…',
      cards: page?.data ?? [],
      emptyText: page ? 'Nobody here.' : 'Loading…',
      footer:
        page && page.total > page.data.length ? (
          <AnchorLink
            size="sm"
            to="/people"
            search={{ ...search, layout: undefined, filter: [...filters, `lifecycleStage:eq:${stage}`] }}
          >
            See all {formatTotal(page.total, page.totalCapped)} in the table
          </AnchorLink>
        ) : undefined,
    };
  });

  return (
    <Stack gap="sm">
      <PageHeader title="People" description="By lifecycle stage" actions={actions} />
      {failed?.error ? (
        <ErrorAlert error={failed.error} title="People could not load" onRetry={() => failed.refetch()} />
      ) : null}
      <Board<Person>
        label="People by lifecycle stage"
        columns={columns}
        cardId={(p) => p.id}
        cardName={(p) => p.fullName || 'Someone'}
        cardDescription={(p) =>
          [p.fullName || 'Someone', p.company?.name, p.owner ? `owner ${p.owner.name}` : null]
            .filter(Boolean)
            .join(', ')
        }
        renderCard={(p) => (
          <Stack gap={2}>
            <AnchorLink
              to="/people/$personId"
              params={{ personId: p.id }}
              tabIndex={-1}
              size="sm"
              fw={600}
              c="dark"
              truncate
            >
              {p.fullName || 'Someone'}
            </AnchorLink>
            {p.company ? (
              <Text size="xs" c="dimmed" truncate>
                {p.company.name}
              </Text>
            ) : null}
            {p.owner ? (
              <Text size="xs" c="dimmed">
                {p.owner.name}
              </Text>
            ) : null}
          </Stack>
        )}
        canMove={(p) => mayMove && !p.deletedAt}
        onOpen={onOpen}
        onMove={async (person, to) => {
          const body = { lifecycleStage: to as LifecycleStage };
          const version = versions.current.get(person.id) ?? person.version;
          let saved: Person;
          try {
            saved = (await updatePerson(person.id, body, `"${version}"`)).record;
          } catch (error) {
            if (!isApiError(error, 412)) throw error;
            // Someone saved the person meanwhile: the stage is a deliberate choice, so apply it to the new version.
            const fresh = await api.get<Person>(`/people/${encodeURIComponent(person.id)}`);
            saved = (await updatePerson(person.id, body, `"${fresh.version}"`)).record;
          }
          versions.current.set(person.id, saved.version);
          void refreshRecordViews(queryClient, 'people', personQueryKey(person.id));
        }}
      />
    </Stack>
  );
}
