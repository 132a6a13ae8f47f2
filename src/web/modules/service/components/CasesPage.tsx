import { Button, Checkbox, Group, Paper, Skeleton, Stack, Table, Tabs, Text, TextInput } from '@mantine/core';
import { useDebouncedValue, useHotkeys } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '../../../api/client.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { AnchorLink, ButtonLink } from '../../../ui/links.tsx';
import { overlayOpen } from '../../../ui/overlay.ts';
import { PageHeader } from '../../../ui/PageHeader.tsx';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { can, useMe } from '../../auth/hooks/useMe.ts';
import { type BulkCaseChange, bulkUpdateCases, casesKey, fetchCases } from '../api.ts';
import type { CasesSearch } from '../search.ts';
import { nextDue, PriorityBadge, SlaDue, StatusBadge, useNow } from './CaseBadges.tsx';

const route = getRouteApi('/app/cases');

const TABS: { value: NonNullable<CasesSearch['queue']>; label: string; empty: string }[] = [
  { value: 'mine', label: 'Mine', empty: 'No cases are assigned to you. Take one from Unassigned, or log a new one.' },
  {
    value: 'team',
    label: 'My team',
    empty: "Your teams' queues are empty. New cases land here by their type's queue.",
  },
  { value: 'unassigned', label: 'Unassigned', empty: 'Every open case has someone on it.' },
  {
    value: 'breaching',
    label: 'Breaching soon',
    empty: 'No open case is due within the hour. Cases due soon also notify their assignee or queue.',
  },
  {
    value: 'pending',
    label: 'Pending customer',
    empty: 'No case is waiting on a customer (their SLA clocks stand still).',
  },
  { value: 'all', label: 'All', empty: 'No cases yet. Log a call or an email as a case with New case.' },
  { value: 'breaches', label: 'Breached', empty: 'No open case is past its due time.' },
];

/**
 * `/cases`: the queues (mine, my team, unassigned, breaching soon, pending customer, all) and the breach list, nearest
 * SLA due time first.
 */
export function CasesPage() {
  useDocumentTitle('Cases');
  const me = useMe();
  const search = route.useSearch();
  const navigate = useNavigate();
  const tab = search.queue ?? 'mine';
  const [q, setQ] = useState(search.q ?? '');
  const [debounced] = useDebouncedValue(q.trim(), 250);
  const now = useNow();
  useEffect(() => {
    setHighlighted(-1);
    if ((search.q ?? '') !== debounced)
      void navigate({ to: '/cases', search: { ...search, q: debounced || undefined }, replace: true });
  }, [debounced, search, navigate]);

  const list = useInfiniteQuery({
    queryKey: ['cases', 'list', tab, debounced],
    queryFn: ({ pageParam, signal }) =>
      fetchCases(
        tab === 'breaches'
          ? { breaches: true, q: debounced, cursor: pageParam }
          : { queue: tab, sort: 'slaDue', q: debounced, cursor: pageParam },
        signal,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  const rows = list.data?.pages.flatMap((p) => p.data) ?? [];
  const current = TABS.find((t) => t.value === tab) ?? TABS[0];
  const [highlighted, setHighlighted] = useState(-1);
  const searchRef = useRef<HTMLInputElement>(null);
  const typing = () => {
    const el = document.activeElement;
    return el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement;
  };
  const move = (delta: number) => {
    if (rows.length === 0) return;
    setHighlighted((h) => Math.max(0, Math.min(rows.length - 1, h < 0 ? 0 : h + delta)));
  };
  const open = (index: number) => {
    const row = rows[index];
    if (row) void navigate({ to: '/cases/$caseId', params: { caseId: row.id } });
  };
  // Bulk queue work: the cases ticked (x ticks the highlighted one), then one change for all of them.
  const queryClient = useQueryClient();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [bulkBusy, setBulkBusy] = useState(false);
  const toggle = (id: string) =>
    setSelected((all) => {
      const next = new Set(all);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const mayUpdate = can(me, 'cases', 'update');
  // Only what is shown counts: ticks on another tab or search are not acted on.
  const ticked = rows.filter((r) => selected.has(r.id));
  const applyBulk = async (set: BulkCaseChange, done: string) => {
    const ids = ticked.map((r) => r.id);
    if (ids.length === 0) return;
    setBulkBusy(true);
    try {
      await bulkUpdateCases(ids, set);
      notifications.show({ color: 'teal', message: `${ids.length} ${ids.length === 1 ? 'case' : 'cases'} ${done}` });
      setSelected(new Set());
      await queryClient.invalidateQueries({ queryKey: casesKey });
    } catch (error) {
      notifications.show({ color: 'red', title: 'Nothing was changed', message: errorMessage(error) });
    } finally {
      setBulkBusy(false);
    }
  };
  // The list's keys (UX conventions): j/k move, x ticks, Enter opens, / searches, n logs a new case.
  useHotkeys([
    ['j', () => !overlayOpen() && move(1)],
    ['k', () => !overlayOpen() && move(-1)],
    [
      'x',
      () =>
        !overlayOpen() &&
        !typing() &&
        mayUpdate &&
        highlighted >= 0 &&
        rows[highlighted] &&
        toggle(rows[highlighted].id),
    ],
    ['Enter', () => !overlayOpen() && !typing() && highlighted >= 0 && open(highlighted), { preventDefault: false }],
    ['/', () => searchRef.current?.focus()],
    ['n', () => !overlayOpen() && can(me, 'cases', 'create') && void navigate({ to: '/cases/new' })],
  ]);

  return (
    <>
      <PageHeader
        title="Cases"
        description="Customer questions and problems, the nearest due time first."
        actions={
          can(me, 'cases', 'create') ? (
            <ButtonLink to="/cases/new" leftSection={<IconPlus size={16} aria-hidden />}>
              New case
            </ButtonLink>
          ) : null
        }
      />
      <Stack gap="sm">
        <Tabs
          value={tab}
          onChange={(v) =>
            v && void navigate({ to: '/cases', search: { ...search, queue: v as CasesSearch['queue'] }, replace: true })
          }
        >
          <Tabs.List>
            {TABS.map((t) => (
              <Tabs.Tab key={t.value} value={t.value}>
                {t.label}
              </Tabs.Tab>
            ))}
          </Tabs.List>
        </Tabs>
        <TextInput
          ref={searchRef}
          aria-label="Search cases by reference or subject"
          placeholder="Search by reference (C-1042) or subject"
          leftSection={<IconSearch size={16} aria-hidden />}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          maw={420}
        />
        {ticked.length > 0 ? (
          <Paper withBorder p="xs" radius="md" role="region" aria-label="Change the cases ticked">
            <Group gap="xs" wrap="wrap">
              <Text size="sm" fw={600} mr="xs">
                {ticked.length} ticked
              </Text>
              <Button
                size="xs"
                variant="default"
                loading={bulkBusy}
                onClick={() => void applyBulk({ ownerId: me.user.id }, 'assigned to you')}
              >
                Assign to me
              </Button>
              <Button
                size="xs"
                variant="default"
                loading={bulkBusy}
                onClick={() => void applyBulk({ status: 'resolved' }, 'resolved')}
              >
                Resolve
              </Button>
              <Button
                size="xs"
                variant="default"
                loading={bulkBusy}
                onClick={() => void applyBulk({ status: 'closed' }, 'closed')}
              >
                Close
              </Button>
              <Button size="xs" variant="subtle" onClick={() => setSelected(new Set())}>
                Clear
              </Button>
            </Group>
          </Paper>
        ) : null}
        {list.isError ? (
          <ErrorAlert error={list.error} title="The cases could not load" onRetry={() => list.refetch()} />
        ) : list.isPending ? (
          <Skeleton height={240} aria-label="Loading cases" />
        ) : rows.length === 0 ? (
          <Paper withBorder p="lg" radius="md">
            <Text size="sm" c="dimmed">
              {debounced ? `No case matches “${debounced}” here. Try another tab, or fewer words.` : current?.empty}
            </Text>
          </Paper>
        ) : (
          <Paper withBorder radius="md" style={{ overflowX: 'auto' }}>
            <Table highlightOnHover verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  {mayUpdate ? (
                    <Table.Th w={40}>
                      <Checkbox
                        aria-label="Tick every case shown"
                        checked={rows.length > 0 && rows.every((r) => selected.has(r.id))}
                        indeterminate={ticked.length > 0 && ticked.length < rows.length}
                        onChange={(e) =>
                          setSelected(e.currentTarget.checked ? new Set(rows.map((r) => r.id)) : new Set())
                        }
                      />
                    </Table.Th>
                  ) : null}
                  <Table.Th>Case</Table.Th>
                  <Table.Th visibleFrom="sm">Status</Table.Th>
                  <Table.Th visibleFrom="sm">Priority</Table.Th>
                  <Table.Th>Due</Table.Th>
                  <Table.Th visibleFrom="sm">Customer</Table.Th>
                  <Table.Th visibleFrom="sm">Assignee</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((c, index) => {
                  const due = nextDue(c);
                  return (
                    <Table.Tr
                      key={c.id}
                      data-highlighted={index === highlighted || undefined}
                      bg={index === highlighted ? 'var(--mantine-color-default-hover)' : undefined}
                      style={
                        index === highlighted ? { outline: '2px solid var(--mantine-primary-color-filled)' } : undefined
                      }
                    >
                      {mayUpdate ? (
                        <Table.Td>
                          <Checkbox
                            aria-label={`Tick ${c.reference}`}
                            checked={selected.has(c.id)}
                            onChange={() => toggle(c.id)}
                          />
                        </Table.Td>
                      ) : null}
                      <Table.Td>
                        <AnchorLink to="/cases/$caseId" params={{ caseId: c.id }} fw={600}>
                          {c.reference}
                        </AnchorLink>
                        <Text size="sm" lineClamp={1}>
                          {c.subject}
                        </Text>
                        <Group gap={4} mt={4} hiddenFrom="sm">
                          <StatusBadge status={c.status} />
                          <PriorityBadge priority={c.priority} />
                        </Group>
                      </Table.Td>
                      <Table.Td visibleFrom="sm">
                        <StatusBadge status={c.status} />
                      </Table.Td>
                      <Table.Td visibleFrom="sm">
                        <PriorityBadge priority={c.priority} />
                      </Table.Td>
                      <Table.Td>
                        {c.status === 'resolved' || c.status === 'closed' ? (
                          <Text size="sm" c="dimmed">
                            Done
                          </Text>
                        ) : due.dueAt || c.sla?.paused ? (
                          <SlaDue dueAt={due.dueAt} paused={c.sla?.paused} now={now} />
                        ) : (
                          <Text size="sm" c="dimmed">
                            No SLA
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td visibleFrom="sm">
                        <Text size="sm">{c.person?.name ?? c.company?.name ?? ''}</Text>
                      </Table.Td>
                      <Table.Td visibleFrom="sm">
                        <Text size="sm">{c.owner?.name ?? 'Unassigned'}</Text>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Paper>
        )}
        {list.hasNextPage ? (
          <Group>
            <Button variant="default" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
              Show more
            </Button>
          </Group>
        ) : null}
      </Stack>
    </>
  );
}
