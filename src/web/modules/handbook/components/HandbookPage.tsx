import {
  Accordion,
  Anchor,
  Badge,
  Button,
  Group,
  List,
  Paper,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
  Typography,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconCircleCheck, IconSearch } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { type CSSProperties, useEffect, useState } from 'react';
import { errorMessage } from '../../../api/client.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { formatDate, formatDateTime, fromNow } from '../../../ui/format.ts';
import { PageHeader } from '../../../ui/PageHeader.tsx';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { can, useMe } from '../../auth/hooks/useMe.ts';
import { UserSelect } from '../../records/components/pickers/UserSelect.tsx';
import {
  ACTION_LABELS,
  type HandbookEntry,
  handbookKey,
  handbookQueryOptions,
  reviewProcess,
  setProcessOwner,
} from '../api.ts';

const route = getRouteApi('/app/handbook');

/** Reviews older than this are flagged as due (a process is worth rereading twice a year). */
const REVIEW_DUE_DAYS = 180;

/**
 * `/handbook`: every process the business has configured (pipelines and their playbooks, lead assignment, case types
 * and their steps, SLA policies, contact cadence), with its owner, last review and change history. The search runs on
 * the server (`?q=`, every word must appear) and lives in the URL.
 */
export function HandbookPage() {
  useDocumentTitle('Process handbook');
  const search = route.useSearch();
  const navigate = useNavigate();
  const [text, setText] = useState(search.q ?? '');
  const [q] = useDebouncedValue(text.trim(), 250);
  useEffect(() => {
    if ((search.q ?? '') !== q) void navigate({ to: '/handbook', search: q ? { q } : {}, replace: true });
  }, [q, search.q, navigate]);
  const list = useQuery(handbookQueryOptions(search.q ?? ''));

  return (
    <Stack gap="lg">
      <PageHeader
        title="Process handbook"
        description="How we work, as Rapport is set up: every pipeline, case type, SLA policy, lead assignment rule and contact rhythm, with its documentation, owner and history."
      />
      <TextInput
        label="Search the handbook"
        placeholder="A stage, a step, a policy…"
        leftSection={<IconSearch size={16} aria-hidden />}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        maw={480}
      />
      {list.isError ? <ErrorAlert error={list.error} title="The handbook could not load" /> : null}
      {list.isPending ? (
        <Stack>
          <Skeleton height={140} />
          <Skeleton height={140} />
        </Stack>
      ) : list.data && list.data.data.length === 0 ? (
        <Paper withBorder p="lg" radius="md">
          <Text>
            {search.q
              ? `No process mentions “${search.q}”. Try fewer or other words.`
              : 'No process is configured yet. Pipelines, case types and SLA policies set up in Settings appear here with their documentation.'}
          </Text>
        </Paper>
      ) : (
        <Stack gap="md">
          <Text size="sm" c="dimmed" aria-live="polite">
            {list.data?.data.length} {list.data?.data.length === 1 ? 'process' : 'processes'}
          </Text>
          {list.data?.data.map((e) => (
            <ProcessCard key={`${e.kind}-${e.id}`} entry={e} canAssignOwners={list.data.canAssignOwners} />
          ))}
        </Stack>
      )}
    </Stack>
  );
}

/** A playbook's own headings, scaled down to sit under the section title. */
const DOC_HEADINGS = {
  '--mantine-h1-font-size': 'var(--mantine-font-size-lg)',
  '--mantine-h2-font-size': 'var(--mantine-font-size-md)',
  '--mantine-h3-font-size': 'var(--mantine-font-size-sm)',
} as CSSProperties;

function ProcessCard({ entry, canAssignOwners }: { entry: HandbookEntry; canAssignOwners: boolean }) {
  const me = useMe();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: handbookKey });
  const review = useMutation({
    mutationFn: () => reviewProcess(entry),
    onSuccess: () => {
      notifications.show({ message: `${entry.name} marked reviewed.` });
      void refresh();
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Not marked', message: errorMessage(error) }),
  });
  const owner = useMutation({
    mutationFn: (ownerId: string | null) => setProcessOwner(entry, ownerId),
    onSuccess: () => void refresh(),
    onError: (error) => notifications.show({ color: 'red', title: 'Owner not saved', message: errorMessage(error) }),
  });
  const due = !entry.lastReviewedAt || Date.now() - Date.parse(entry.lastReviewedAt) > REVIEW_DUE_DAYS * 86_400_000;
  const headingId = `process-${entry.kind}-${entry.id}`;
  return (
    <Paper withBorder p="md" radius="md" component="article" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
          <Stack gap={2}>
            <Badge variant="outline" color="gray.8" size="sm">
              {entry.kindLabel}
            </Badge>
            <Title order={2} size="h4" id={headingId}>
              {entry.name}
            </Title>
          </Stack>
          <Group gap="xs">
            {can(me, 'settings', 'read') ? (
              <Anchor component={Link} to={entry.editPath} size="sm" underline="always">
                Where it is set up
              </Anchor>
            ) : null}
            {entry.canReview ? (
              <Button
                size="xs"
                variant="light"
                leftSection={<IconCircleCheck size={16} aria-hidden />}
                loading={review.isPending}
                onClick={() => review.mutate()}
              >
                Mark reviewed
              </Button>
            ) : null}
          </Group>
        </Group>
        <Group gap="lg" wrap="wrap">
          {canAssignOwners ? (
            <UserSelect
              label="Owner"
              size="xs"
              w={220}
              placeholder="No owner yet"
              value={entry.owner?.id ?? null}
              current={entry.owner}
              onChange={(v) => owner.mutate(v)}
            />
          ) : (
            <Text size="sm">
              <Text span c="dimmed">
                Owner:{' '}
              </Text>
              {entry.owner?.name ?? 'No owner yet'}
            </Text>
          )}
          <Text size="sm">
            <Text span c="dimmed">
              Last reviewed:{' '}
            </Text>
            {entry.lastReviewedAt ? (
              <span title={formatDateTime(entry.lastReviewedAt)}>
                {fromNow(entry.lastReviewedAt)}
                {entry.lastReviewedBy ? ` by ${entry.lastReviewedBy.name}` : ''}
              </span>
            ) : (
              'never'
            )}
            {due ? (
              <Badge ml="xs" size="sm" variant="outline" color="red.9">
                Review due
              </Badge>
            ) : null}
          </Text>
          <Text size="sm">
            <Text span c="dimmed">
              Last changed:{' '}
            </Text>
            {entry.updatedAt ? formatDate(entry.updatedAt) : 'not recorded'}
          </Text>
        </Group>
        {entry.description ? <Text size="sm">{entry.description}</Text> : null}
        <Stack gap="sm">
          {entry.sections.map((s) => (
            <div key={s.title}>
              <Text fw={600} size="sm">
                {s.title}
              </Text>
              {s.facts.length > 0 ? (
                <List size="sm" spacing={2}>
                  {s.facts.map((f) => (
                    <List.Item key={f}>{f}</List.Item>
                  ))}
                </List>
              ) : null}
              {s.html ? (
                <Typography fz="sm" style={DOC_HEADINGS}>
                  {/* biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised HTML from the API */}
                  <div dangerouslySetInnerHTML={{ __html: s.html }} />
                </Typography>
              ) : null}
            </div>
          ))}
        </Stack>
        <Accordion variant="contained" chevronPosition="left">
          <Accordion.Item value="history">
            <Accordion.Control>Change history ({entry.history.length})</Accordion.Control>
            <Accordion.Panel>
              {entry.history.length === 0 ? (
                <Text size="sm" c="dimmed">
                  No change recorded since the audit trail began.
                </Text>
              ) : (
                <List size="sm" spacing={4}>
                  {entry.history.map((h) => (
                    <List.Item key={`${h.at}-${h.action}`}>
                      {formatDateTime(h.at)}: {ACTION_LABELS[h.action] ?? h.action}
                      {h.actor ? ` by ${h.actor.name}` : ''}
                      {h.action === 'update' && h.fields.length > 0 ? ` (${h.fields.join(', ')})` : ''}
                    </List.Item>
                  ))}
                </List>
              )}
            </Accordion.Panel>
          </Accordion.Item>
        </Accordion>
      </Stack>
    </Paper>
  );
}
