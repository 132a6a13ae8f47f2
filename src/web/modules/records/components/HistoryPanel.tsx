import { Avatar, Badge, Group, Paper, Skeleton, Stack, Text, Timeline, Title, Tooltip } from '@mantine/core';
import { IconHistory } from '@tabler/icons-react';
import { useQueries, useQuery } from '@tanstack/react-query';
import type { FieldMeta, HistoryEntry } from '../../../api/types.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { displayValue, formatDate, formatDateTime, fromNow, humanize, languageName } from '../../../ui/format.ts';
import { useMe } from '../../auth/hooks/useMe.ts';
import { companyQueryOptions } from '../../companies/api/companies.ts';
import { useTeams, useUsers } from '../../settings/api/directory.ts';

/** Reference fields whose history holds ids: shown by name (users, teams, companies), the id when unknown. */
const REF_FIELDS: Record<string, 'user' | 'team' | 'company'> = {
  ownerId: 'user',
  owner: 'user',
  assigneeId: 'user',
  teamId: 'team',
  team: 'team',
  companyId: 'company',
  company: 'company',
  parentId: 'company',
  parent: 'company',
};

function idsOf(value: unknown): string[] {
  if (typeof value === 'string' && value) return [value];
  if (value && typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string')
    return [(value as { id: string }).id];
  return [];
}

/** Names for the ids in a page of history: from the users and teams lists and company briefs already cached. */
export function useRefNamer(entries: Pick<HistoryEntry, 'changes'>[] | undefined) {
  const me = useMe();
  const wanted = { user: new Set<string>(), team: new Set<string>(), company: new Set<string>() };
  for (const entry of entries ?? []) {
    for (const [field, change] of Object.entries(entry.changes ?? {})) {
      const kind = REF_FIELDS[field];
      if (!kind) continue;
      for (const id of [...idsOf(change?.from), ...idsOf(change?.to)]) wanted[kind].add(id);
    }
  }
  const users = useUsers(wanted.user.size > 0);
  const teams = useTeams(wanted.team.size > 0);
  const companies = useQueries({
    queries: [...wanted.company].slice(0, 20).map((id) => ({ ...companyQueryOptions(id), retry: false })),
  });
  return (field: string, value: unknown): unknown => {
    const kind = REF_FIELDS[field];
    if (!kind || typeof value !== 'string' || !value) return value;
    if (kind === 'user') {
      if (value === me.user.id) return me.user.name;
      return users.data?.find((u) => u.id === value)?.name ?? value;
    }
    if (kind === 'team') return (teams.data ?? me.user.teams).find((t) => t.id === value)?.name ?? value;
    return companies.find((c) => c.data?.record.id === value)?.data?.record.name ?? value;
  };
}

const FIELD_ALIASES: Record<string, string> = { emails: 'email', phones: 'phone' };

export function fieldLabel(key: string, fields: FieldMeta[]): string {
  const meta =
    fields.find((f) => f.key === key) ??
    fields.find((f) => f.key === `cf.${key.replace(/^customFields\./, '')}`) ??
    fields.find((f) => f.key === FIELD_ALIASES[key]);
  return meta?.label ?? humanize(key.replace(/^customFields\./, ''));
}

function fieldMeta(key: string, fields: FieldMeta[]): FieldMeta | undefined {
  return (
    fields.find((f) => f.key === key) ??
    fields.find((f) => f.key === `cf.${key.replace(/^customFields\./, '')}`) ??
    fields.find((f) => f.key === FIELD_ALIASES[key])
  );
}

/**
 * A stored value as people read it: "Prospect", not "prospect"; a language's name; a date in the reader's format.
 * Built-in choices are humanised; a custom field's options and free tags are shown as written.
 */
export function readableValue(key: string, value: unknown, fields: FieldMeta[]): unknown {
  if (typeof value !== 'string' && !(Array.isArray(value) && value.every((v) => typeof v === 'string'))) return value;
  const meta = fieldMeta(key, fields);
  const each = (v: string): string => {
    if (key === 'preferredLanguage') return languageName(v);
    if (meta?.type === 'date') return formatDate(v);
    if (meta?.type === 'datetime') return formatDateTime(v);
    if (meta?.options?.includes(v) && !meta.custom) return humanize(v);
    return v;
  };
  return Array.isArray(value) ? value.map(each) : each(value);
}

function ChangeValue({ value }: { value: unknown }) {
  const text = displayValue(value);
  return (
    <Text span size="sm" c={text === '—' ? 'dimmed' : undefined} style={{ wordBreak: 'break-word' }}>
      {text}
    </Text>
  );
}

const ACTION_LABELS: Record<string, string> = {
  create: 'created this record',
  created: 'created this record',
  update: 'changed',
  updated: 'changed',
  delete: 'deleted this record',
  deleted: 'deleted this record',
  restore: 'restored this record',
  restored: 'restored this record',
};

/** Who changed which field, when, from what to what. Newest first. */
export function HistoryPanel({
  queryKey,
  fetcher,
  fields,
}: {
  queryKey: readonly unknown[];
  fetcher: () => Promise<HistoryEntry[]>;
  fields: FieldMeta[];
}) {
  const history = useQuery({ queryKey, queryFn: fetcher });
  const nameOf = useRefNamer(history.data);

  return (
    <Paper withBorder p="md" radius="md">
      <Group gap="xs" mb="md">
        <IconHistory size={18} aria-hidden />
        <Title order={2} size="h4">
          History
        </Title>
      </Group>
      {history.isPending ? (
        <Stack gap="sm">
          <Skeleton height={16} />
          <Skeleton height={16} width="80%" />
          <Skeleton height={16} width="60%" />
        </Stack>
      ) : history.isError ? (
        <ErrorAlert error={history.error} title="History could not load" onRetry={() => history.refetch()} />
      ) : history.data.length === 0 ? (
        <Text size="sm" c="dimmed">
          No changes recorded yet. Edits to this record will show here, with who made them and when.
        </Text>
      ) : (
        <Timeline bulletSize={26} lineWidth={2}>
          {history.data.map((entry) => {
            const changes = Object.entries(entry.changes ?? {});
            const action = ACTION_LABELS[entry.action] ?? humanize(entry.action).toLowerCase();
            return (
              <Timeline.Item
                key={entry.id}
                bullet={<Avatar name={entry.actor?.name ?? 'System'} color="initials" size={24} radius="xl" />}
              >
                <Text size="sm">
                  <Text span fw={600}>
                    {entry.actor?.name ?? 'System'}
                  </Text>{' '}
                  {action}
                </Text>
                <Tooltip label={formatDateTime(entry.at)} withArrow>
                  <Text size="xs" c="dimmed" component="time" dateTime={entry.at} style={{ cursor: 'help' }}>
                    {fromNow(entry.at)}
                  </Text>
                </Tooltip>
                {changes.length > 0 && !/create/.test(entry.action) ? (
                  <Stack gap={4} mt={6}>
                    {changes.map(([field, change]) => (
                      <Group key={field} gap={6} wrap="wrap" align="baseline">
                        <Badge variant="default" size="sm" tt="none" fw={500}>
                          {fieldLabel(field, fields)}
                        </Badge>
                        <ChangeValue value={readableValue(field, nameOf(field, change?.from), fields)} />
                        <Text span size="sm" c="dimmed" aria-label="changed to">
                          →
                        </Text>
                        <ChangeValue value={readableValue(field, nameOf(field, change?.to), fields)} />
                      </Group>
                    ))}
                  </Stack>
                ) : null}
              </Timeline.Item>
            );
          })}
        </Timeline>
      )}
    </Paper>
  );
}
