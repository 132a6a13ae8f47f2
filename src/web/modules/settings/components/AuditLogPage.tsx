import {
  ActionIcon,
  Badge,
  Button,
  Code,
  Collapse,
  Group,
  Loader,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { IconChevronDown, IconChevronRight, IconFilterOff } from '@tabler/icons-react';
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { Fragment, useState } from 'react';
import type { AuditEntry, FieldMeta, HistoryEntry } from '../../../api/types.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { displayValue, formatDateTime, formatTotal, fromNow, humanize } from '../../../ui/format.ts';
import { AnchorLink } from '../../../ui/links.tsx';
import { PageSkeleton } from '../../../ui/PageSkeleton.tsx';
import { fieldsQueryOptions } from '../../records/api/records.ts';
import { fieldLabel, readableValue, useRefNamer } from '../../records/components/HistoryPanel.tsx';
import { useTeams, useUsers } from '../api/directory.ts';
import { type AuditQuery, fetchAudit } from '../api/settings.ts';
import type { AuditSearch } from '../search.ts';

const route = getRouteApi('/app/settings/audit');

const OBJECTS = [
  'people',
  'companies',
  'users',
  'teams',
  'roles',
  'settings',
  'workspace',
  'custom_fields',
  'api_tokens',
  'audit',
];
const ACTIONS = [
  'create',
  'update',
  'delete',
  'restore',
  'export',
  'permission_change',
  'login',
  'login_failed',
  'logout',
  'logout_all',
  'token_create',
  'token_revoke',
  'password_change',
  'password_change_failed',
  'password_reset_requested',
  'password_reset',
  'password_reset_forced',
  'invite',
  'invitation_accepted',
];

function RecordLink({ entry }: { entry: AuditEntry }) {
  if (!entry.recordId) return <>—</>;
  if (entry.object === 'people') {
    return (
      <AnchorLink to="/people/$personId" params={{ personId: entry.recordId }} size="sm">
        Open person
      </AnchorLink>
    );
  }
  if (entry.object === 'companies') {
    return (
      <AnchorLink to="/companies/$companyId" params={{ companyId: entry.recordId }} size="sm">
        Open company
      </AnchorLink>
    );
  }
  return <RecordName entry={entry} id={entry.recordId} />;
}

/** A user's or team's name where the directory knows it; otherwise the whole id (selectable, for support). */
function RecordName({ entry, id }: { entry: AuditEntry; id: string }) {
  const users = useUsers(entry.object === 'users');
  const teams = useTeams(entry.object === 'teams');
  const name =
    entry.object === 'users'
      ? users.data?.find((u) => u.id === id)?.name
      : entry.object === 'teams'
        ? teams.data?.find((t) => t.id === id)?.name
        : undefined;
  if (name) return <Text size="sm">{name}</Text>;
  return (
    <Code style={{ wordBreak: 'break-all' }} title={`${humanize(entry.object)} ${id}`}>
      {id}
    </Code>
  );
}

/** A changed value in words: names for ids, labels for choices, an address on one line, never raw JSON. */
function auditText(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.length ? value.map(auditText).join(', ') : '—';
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    if ('amountMinor' in obj || 'name' in obj || 'email' in obj || 'number' in obj) return displayValue(value);
    const parts = Object.entries(obj)
      .filter(([, v]) => v !== null && v !== undefined && v !== '')
      .map(([k, v]) => (typeof v === 'boolean' ? `${humanize(k)}: ${v ? 'yes' : 'no'}` : auditText(v)));
    return parts.length ? parts.join(', ') : '—';
  }
  return displayValue(value);
}

function Changes({ changes, object }: { changes: unknown; object: string }) {
  const recordObject = object === 'people' || object === 'companies' ? object : null;
  const fields = useQuery({ ...fieldsQueryOptions(recordObject ?? 'people'), enabled: recordObject !== null });
  const meta: FieldMeta[] = recordObject ? (fields.data ?? []) : [];
  const entries = changes && typeof changes === 'object' ? [{ changes: changes as HistoryEntry['changes'] }] : [];
  const nameOf = useRefNamer(entries);
  const text = (field: string, value: unknown) => auditText(readableValue(field, nameOf(field, value), meta));
  if (!changes || typeof changes !== 'object' || Object.keys(changes).length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No field changes recorded.
      </Text>
    );
  }
  return (
    <Stack gap={4}>
      {Object.entries(changes as Record<string, unknown>).map(([field, change]) => {
        const c = change as { from?: unknown; to?: unknown } | null;
        const isDiff = c && typeof c === 'object' && ('from' in c || 'to' in c);
        return (
          <Group key={field} gap={6} align="baseline" wrap="wrap">
            <Badge variant="default" size="sm" tt="none">
              {fieldLabel(field, meta)}
            </Badge>
            {isDiff ? (
              <Text size="sm" style={{ wordBreak: 'break-word' }}>
                {text(field, c.from)} → {text(field, c.to)}
              </Text>
            ) : (
              <Text size="sm" style={{ wordBreak: 'break-word' }}>
                {text(field, change)}
              </Text>
            )}
          </Group>
        );
      })}
    </Stack>
  );
}

export function AuditLogPage() {
  const search = route.useSearch();
  const navigate = useNavigate();
  const users = useUsers();
  const [open, setOpen] = useState<string | null>(null);
  const [recordInput, setRecordInput] = useState(search.recordId ?? '');
  const query: AuditQuery & { from?: string; to?: string } = {
    object: search.object,
    action: search.action,
    actorId: search.actorId,
    recordId: search.recordId,
    ...(search.from ? { from: new Date(`${search.from}T00:00:00`).toISOString() } : {}),
    ...(search.to ? { to: new Date(`${search.to}T23:59:59.999`).toISOString() } : {}),
  };
  const audit = useInfiniteQuery({
    queryKey: ['audit', query],
    queryFn: ({ pageParam }) => fetchAudit(query, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  const set = (patch: Partial<AuditSearch>) =>
    void navigate({ to: '/settings/audit', search: { ...search, ...patch }, replace: true });
  const rows = audit.data?.pages.flatMap((p) => p.data) ?? [];
  const first = audit.data?.pages[0];
  const filtered = Object.keys(search).length > 0;

  return (
    <Stack>
      <Paper withBorder radius="md" p="sm">
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3, xl: 6 }} spacing="xs">
          <Select
            label="Object"
            placeholder="Any"
            clearable
            searchable
            data={OBJECTS.map((o) => ({ value: o, label: humanize(o) }))}
            value={search.object ?? null}
            onChange={(v) => set({ object: v ?? undefined })}
          />
          <Select
            label="Action"
            placeholder="Any"
            clearable
            searchable
            data={ACTIONS.map((a) => ({ value: a, label: humanize(a) }))}
            value={search.action ?? null}
            onChange={(v) => set({ action: v ?? undefined })}
          />
          <Select
            label="Who"
            placeholder="Anyone"
            clearable
            searchable
            data={(users.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
            value={search.actorId ?? null}
            onChange={(v) => set({ actorId: v ?? undefined })}
          />
          <TextInput
            label="Record ID"
            placeholder="Paste an id"
            value={recordInput}
            onChange={(e) => setRecordInput(e.currentTarget.value)}
            onBlur={() => set({ recordId: recordInput.trim() || undefined })}
            onKeyDown={(e) => e.key === 'Enter' && set({ recordId: recordInput.trim() || undefined })}
          />
          <TextInput
            label="From"
            type="date"
            value={search.from ?? ''}
            onChange={(e) => set({ from: e.currentTarget.value || undefined })}
          />
          <TextInput
            label="To"
            type="date"
            value={search.to ?? ''}
            onChange={(e) => set({ to: e.currentTarget.value || undefined })}
          />
        </SimpleGrid>
        <Group justify="space-between" mt="xs">
          <Text size="sm" c="dimmed" aria-live="polite">
            {first ? `${formatTotal(first.total, first.totalCapped)} entries` : ' '}
            {audit.isFetching && !audit.isFetchingNextPage ? <Loader size={12} ml={6} /> : null}
          </Text>
          {filtered ? (
            <Button
              variant="subtle"
              size="compact-sm"
              leftSection={<IconFilterOff size={14} aria-hidden />}
              onClick={() => {
                setRecordInput('');
                void navigate({ to: '/settings/audit', search: {}, replace: true });
              }}
            >
              Clear filters
            </Button>
          ) : null}
        </Group>
      </Paper>

      {audit.isPending ? (
        <PageSkeleton />
      ) : audit.isError ? (
        <ErrorAlert error={audit.error} title="The audit log could not load" onRetry={() => audit.refetch()} />
      ) : rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing matches these filters.
        </Text>
      ) : (
        <Paper withBorder radius="md">
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="xs" stickyHeader>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={36} />
                  <Table.Th>When</Table.Th>
                  <Table.Th>Who</Table.Th>
                  <Table.Th>Action</Table.Th>
                  <Table.Th>Object</Table.Th>
                  <Table.Th>Record</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((entry) => {
                  const expanded = open === entry.id;
                  return (
                    <Fragment key={entry.id}>
                      <Table.Tr>
                        <Table.Td>
                          <ActionIcon
                            variant="subtle"
                            color="gray"
                            size="sm"
                            onClick={() => setOpen(expanded ? null : entry.id)}
                            aria-expanded={expanded}
                            aria-label={expanded ? 'Hide changes' : 'Show changes'}
                          >
                            {expanded ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
                          </ActionIcon>
                        </Table.Td>
                        <Table.Td>
                          <Tooltip label={formatDateTime(entry.at)} withArrow>
                            <Text size="sm" component="time" dateTime={entry.at}>
                              {fromNow(entry.at)}
                            </Text>
                          </Tooltip>
                        </Table.Td>
                        <Table.Td>
                          {entry.actor?.name ?? (entry as { actorLabel?: string | null }).actorLabel ?? 'System'}
                        </Table.Td>
                        <Table.Td>
                          <Badge variant="light" color={entry.action.includes('fail') ? 'red' : 'gray'} tt="none">
                            {humanize(entry.action)}
                          </Badge>
                        </Table.Td>
                        <Table.Td>{humanize(entry.object)}</Table.Td>
                        <Table.Td>
                          <RecordLink entry={entry} />
                        </Table.Td>
                      </Table.Tr>
                      {expanded ? (
                        <Table.Tr>
                          <Table.Td />
                          <Table.Td colSpan={5}>
                            <Collapse expanded>
                              <Changes changes={entry.changes} object={entry.object} />
                              {entry.requestId ? (
                                <Text size="xs" c="dimmed" mt={4}>
                                  Request {entry.requestId}
                                </Text>
                              ) : null}
                            </Collapse>
                          </Table.Td>
                        </Table.Tr>
                      ) : null}
                    </Fragment>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {audit.hasNextPage ? (
            <Group justify="center" p="sm">
              <Button variant="default" onClick={() => audit.fetchNextPage()} loading={audit.isFetchingNextPage}>
                Load older entries
              </Button>
            </Group>
          ) : null}
        </Paper>
      )}
    </Stack>
  );
}
