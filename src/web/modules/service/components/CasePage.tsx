import {
  Alert,
  Badge,
  Button,
  Drawer,
  Grid,
  Group,
  Paper,
  Skeleton,
  Stack,
  Text,
  Title,
  Typography,
} from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconBook, IconPencil, IconPlayerPause, IconUserCheck } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { type ReactNode, useRef, useState } from 'react';
import { errorMessage } from '../../../api/client.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { formatDateTime, fromNow } from '../../../ui/format.ts';
import { AnchorLink } from '../../../ui/links.tsx';
import { overlayOpen } from '../../../ui/overlay.ts';
import { showUndoToast } from '../../../ui/undoToast.tsx';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { can, useMe } from '../../auth/hooks/useMe.ts';
import { HistoryPanel } from '../../records/components/HistoryPanel.tsx';
import { SubjectTimeline } from '../../records/components/SubjectTimeline.tsx';
import {
  type CaseInput,
  type CaseStatus,
  caseQueryOptions,
  fetchCaseHistory,
  refreshCases,
  statusLabel,
  updateCase,
} from '../api.ts';
import { PriorityBadge, SlaDue, StatusBadge, useNow } from './CaseBadges.tsx';
import { CaseCostsPanel } from './CaseCosts.tsx';
import { CaseForm, caseToForm } from './CaseForm.tsx';
import { CaseThread } from './CaseThread.tsx';

const route = getRouteApi('/app/cases/$caseId');

/** The status moves offered from each status, as the server allows them (resolved or closed → open is a reopen). */
const MOVES: Record<CaseStatus, { to: CaseStatus; label: string }[]> = {
  new: [
    { to: 'open', label: 'Start work' },
    { to: 'pending_customer', label: 'Wait on customer' },
    { to: 'resolved', label: 'Resolve' },
  ],
  open: [
    { to: 'pending_customer', label: 'Wait on customer' },
    { to: 'resolved', label: 'Resolve' },
  ],
  pending_customer: [
    { to: 'open', label: 'Customer replied' },
    { to: 'resolved', label: 'Resolve' },
  ],
  resolved: [
    { to: 'closed', label: 'Close' },
    { to: 'open', label: 'Reopen' },
  ],
  closed: [{ to: 'open', label: 'Reopen' }],
};
/** A move undone by moving back; resolving and closing are not (going back is a reopen, which is counted). */
const UNDOABLE = (from: CaseStatus, to: CaseStatus) =>
  (to === 'pending_customer' || to === 'open') && from !== 'resolved' && from !== 'closed' && from !== 'new';

/** `/cases/{id}`: the header (reference, status, priority, queue, assignee, SLA), the type's process, timeline, changes. */
export function CasePage() {
  const { caseId } = route.useParams();
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const query = useQuery(caseQueryOptions(caseId));
  const now = useNow();
  const [editing, setEditing] = useState(false);
  useDocumentTitle(query.data ? `${query.data.reference} ${query.data.subject}` : undefined, 'Cases');
  const mayAssign = can(me, 'cases', 'update') && !query.data?.deletedAt && query.data?.ownerId !== me.user.id;
  useHotkeys([
    ['Escape', () => !overlayOpen() && void navigate({ to: '/cases' })],
    // `a` assigns the case to you (the agent workspace's key).
    ['a', () => !overlayOpen() && mayAssign && void assignRef.current?.()],
    // `r` writes a reply, `s` goes to the status moves (Tab between them, Enter moves).
    ['r', () => !overlayOpen() && document.getElementById('case-reply')?.focus()],
    ['s', () => !overlayOpen() && document.querySelector<HTMLButtonElement>('[data-status-move]')?.focus()],
  ]);
  const assignRef = useRef<(() => Promise<void>) | null>(null);

  if (query.isError) {
    return <ErrorAlert error={query.error} title="This case could not load" onRetry={() => query.refetch()} />;
  }
  if (!query.data) return <Skeleton height={400} aria-label="Loading the case" />;
  const c = query.data;
  const mayUpdate = can(me, 'cases', 'update') && !c.deletedAt;
  const status = c.status ?? 'new';

  const save = async (body: CaseInput, version: number) => {
    const saved = await updateCase(c.id, body, version);
    await refreshCases(queryClient, saved);
    return saved;
  };
  const move = async (to: CaseStatus) => {
    const from = status;
    try {
      const saved = await save({ status: to }, c.version);
      const message = `${c.reference} is ${statusLabel(to).toLowerCase()}.`;
      if (UNDOABLE(from, to)) {
        showUndoToast({
          message,
          undone: `${c.reference} is ${statusLabel(from).toLowerCase()} again.`,
          onUndo: () => save({ status: from }, saved.version),
        });
      } else {
        notifications.show({ color: 'teal', message });
      }
    } catch (error) {
      notifications.show({ color: 'red', title: 'Not changed', message: errorMessage(error) });
    }
  };
  const assignToMe = async () => {
    const before = c.ownerId ?? null;
    try {
      const saved = await save({ ownerId: me.user.id }, c.version);
      showUndoToast({
        message: `${c.reference} is yours.`,
        undone: 'Assignment undone.',
        onUndo: () => save({ ownerId: before }, saved.version),
      });
    } catch (error) {
      notifications.show({ color: 'red', title: 'Not assigned', message: errorMessage(error) });
    }
  };
  assignRef.current = assignToMe;

  const fact = (label: string, value: ReactNode) => (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={500} component="div">
        {value || (
          <Text span c="dimmed" size="sm">
            —
          </Text>
        )}
      </Text>
    </div>
  );
  const done = status === 'resolved' || status === 'closed';
  const sla = c.sla;

  return (
    <Stack gap="md">
      {c.deletedAt ? (
        <Alert color="gray" title="This case is in the bin">
          Deleted {fromNow(c.deletedAt)}.
        </Alert>
      ) : null}
      <Paper withBorder p="md" radius="md">
        <Stack gap="sm">
          <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
            <Stack gap={6} style={{ minWidth: 0 }}>
              <Text size="sm" c="dimmed">
                <AnchorLink to="/cases" underline="always">
                  Cases
                </AnchorLink>{' '}
                · {c.reference}
              </Text>
              <Title order={1} size="h2">
                {c.subject}
              </Title>
              <Group gap="xs">
                <StatusBadge status={c.status} />
                <PriorityBadge priority={c.priority} />
                {sla?.paused ? (
                  <Badge color="yellow" variant="light" leftSection={<IconPlayerPause size={12} aria-hidden />}>
                    SLA paused
                  </Badge>
                ) : null}
                {c.caseType ? <Badge variant="default">{c.caseType.name}</Badge> : null}
              </Group>
            </Stack>
            {mayUpdate ? (
              <Group gap="xs" wrap="wrap">
                {c.ownerId !== me.user.id ? (
                  <Button
                    variant="default"
                    leftSection={<IconUserCheck size={16} aria-hidden />}
                    onClick={() => void assignToMe()}
                    aria-keyshortcuts="a"
                  >
                    Assign to me
                  </Button>
                ) : null}
                <Button
                  variant="default"
                  leftSection={<IconPencil size={16} aria-hidden />}
                  onClick={() => setEditing(true)}
                >
                  Edit
                </Button>
                {MOVES[status].map((m, i) => (
                  <Button
                    key={m.to}
                    data-status-move={m.to}
                    {...(i === 0 ? { 'aria-keyshortcuts': 's' } : {})}
                    variant={m.to === 'resolved' ? 'filled' : 'default'}
                    onClick={() => void move(m.to)}
                  >
                    {m.label}
                  </Button>
                ))}
              </Group>
            ) : null}
          </Group>
          <Group gap="xl" wrap="wrap">
            {fact('Queue', c.team?.name)}
            {fact('Assignee', c.owner?.name ?? 'Unassigned')}
            {fact(
              'Customer',
              c.person ? (
                <AnchorLink to="/people/$personId" params={{ personId: c.person.id }} size="sm">
                  {c.person.name}
                </AnchorLink>
              ) : c.company ? (
                <AnchorLink to="/companies/$companyId" params={{ companyId: c.company.id }} size="sm">
                  {c.company.name}
                </AnchorLink>
              ) : null,
            )}
            {fact(
              'Opened',
              c.openedAt ? (
                <time dateTime={c.openedAt} title={formatDateTime(c.openedAt)}>
                  {fromNow(c.openedAt)}
                </time>
              ) : null,
            )}
            {fact(
              'First response',
              c.firstRespondedAt ? (
                `Answered ${fromNow(c.firstRespondedAt)}`
              ) : done ? null : sla?.firstResponseDueAt || sla?.paused ? (
                <SlaDue dueAt={sla?.firstResponseDueAt} paused={sla?.paused} now={now} />
              ) : sla?.firstResponseBreached ? (
                <Text size="sm" c="red.8" fw={600}>
                  Breached
                </Text>
              ) : sla?.policyId ? null : (
                'No SLA'
              ),
            )}
            {fact(
              'Resolution',
              c.resolvedAt ? (
                `Resolved ${fromNow(c.resolvedAt)}${sla?.resolutionBreached ? ' (late)' : ''}`
              ) : sla?.resolutionDueAt || sla?.paused ? (
                <SlaDue dueAt={sla?.resolutionDueAt} paused={sla?.paused} now={now} />
              ) : sla?.resolutionBreached ? (
                <Text size="sm" c="red.8" fw={600}>
                  Breached
                </Text>
              ) : sla?.policyId ? null : (
                'No SLA'
              ),
            )}
          </Group>
        </Stack>
      </Paper>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="md">
            {c.description ? (
              <Paper withBorder p="md" radius="md">
                <Title order={2} size="h4" mb="xs">
                  Description
                </Title>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {c.description}
                </Text>
              </Paper>
            ) : null}
            <CaseThread
              caseId={c.id}
              canReply={can(me, 'cases', 'update')}
              context={{
                reference: c.reference ?? '',
                subject: c.subject ?? '',
                personId: c.personId ?? null,
                agentName: me.user.name,
              }}
            />
            <Paper withBorder p="md" radius="md">
              <Group gap="xs" mb="sm">
                <IconBook size={18} aria-hidden />
                <Title order={2} size="h4">
                  Process{c.caseType ? ` for ${c.caseType.name}` : ''}
                </Title>
              </Group>
              {c.processHtml ? (
                <Typography>
                  {/* Rendered from markdown and sanitised by the server. */}
                  {/* biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised HTML from the API */}
                  <div dangerouslySetInnerHTML={{ __html: c.processHtml }} />
                </Typography>
              ) : (
                <Text size="sm" c="dimmed">
                  {c.caseType
                    ? 'This case type has no documented process yet. An admin can write the steps in Settings → Case types & SLAs.'
                    : 'Give the case a type to see the documented steps to resolve it.'}
                </Text>
              )}
            </Paper>
            <SubjectTimeline
              kind="cases"
              id={c.id}
              empty="Nothing yet. Status changes and what is logged on this case show here."
            />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="md">
            <CaseCostsPanel caseId={c.id} canLog={mayUpdate} />
            <HistoryPanel queryKey={['cases', 'history', c.id]} fetcher={() => fetchCaseHistory(c.id)} fields={[]} />
          </Stack>
        </Grid.Col>
      </Grid>
      <Drawer
        opened={editing}
        onClose={() => setEditing(false)}
        position="right"
        size="lg"
        closeButtonProps={{ 'aria-label': 'Close' }}
        title={`Edit ${c.reference}`}
      >
        {editing ? (
          <CaseForm
            existing={c}
            defaults={caseToForm(c)}
            submitLabel="Save"
            onCancel={() => setEditing(false)}
            onSubmit={async (body) => {
              await save(body, c.version);
              setEditing(false);
              notifications.show({ color: 'teal', message: 'Saved.' });
            }}
          />
        ) : null}
      </Drawer>
    </Stack>
  );
}
