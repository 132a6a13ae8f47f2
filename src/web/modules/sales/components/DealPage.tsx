import {
  Alert,
  Badge,
  Button,
  Drawer,
  Grid,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Timeline,
  Title,
  Typography,
} from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import {
  IconAlertTriangle,
  IconArrowRight,
  IconBook,
  IconPencil,
  IconRestore,
  IconTrash,
  IconUsers,
} from '@tabler/icons-react';
import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { errorMessage } from '../../../api/client.ts';
import type { HistoryEntry } from '../../../api/types.ts';
import { MoveCancelled } from '../../../ui/Board.tsx';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { formatDate, formatDateTime, fromNow, humanize } from '../../../ui/format.ts';
import { AnchorLink } from '../../../ui/links.tsx';
import { overlayOpen } from '../../../ui/overlay.ts';
import { showUndoToast } from '../../../ui/undoToast.tsx';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { can, useMe } from '../../auth/hooks/useMe.ts';
import { fieldsQueryOptions } from '../../records/api/records.ts';
import { HistoryPanel } from '../../records/components/HistoryPanel.tsx';
import { SubjectTimeline } from '../../records/components/SubjectTimeline.tsx';
import {
  DEAL_ROLE_LABELS,
  type Deal,
  dealQueryOptions,
  deleteDeal,
  fetchDealHistory,
  fetchStageHistory,
  outcomeLabel,
  refreshDeals,
  restoreDeal,
  updateDeal,
} from '../api/deals.ts';
import {
  fetchLostReasons,
  fetchPipelines,
  lostReasonsKey,
  type PipelineStage,
  pipelinesKey,
} from '../api/pipelines.ts';
import { DealForm, dealToForm } from './DealForm.tsx';
import { DealLines } from './DealLines.tsx';
import { money, usePipelines } from './DealsPage.tsx';
import { useStageMove } from './StageMove.tsx';

const route = getRouteApi('/app/deals/$dealId');

/** `/deals/{id}`: the deal's header (stage, amount, close date, owner), its stage's playbook, stage history, people and changes. */
export function DealPage() {
  const { dealId } = route.useParams();
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const deal = useQuery(dealQueryOptions(dealId));
  const pipelines = usePipelines();
  const [editing, setEditing] = useState(false);
  const { move, dialog } = useStageMove(me.workspace.defaultCurrency);
  useDocumentTitle(deal.data?.name, 'Deals');
  useHotkeys([
    ['Escape', () => !overlayOpen() && void navigate({ to: '/deals', search: { pipeline: deal.data?.pipelineId } })],
  ]);

  const remove = useMutation({
    mutationFn: () => deleteDeal(dealId),
    onSuccess: async () => {
      await refreshDeals(queryClient);
      showUndoToast({
        message: 'Deal deleted.',
        undone: 'Deal restored.',
        onUndo: async () => {
          await restoreDeal(dealId);
          await refreshDeals(queryClient);
        },
      });
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Not deleted', message: errorMessage(error) }),
  });
  const restore = useMutation({
    mutationFn: () => restoreDeal(dealId),
    onSuccess: async (d) => {
      await refreshDeals(queryClient, d);
      notifications.show({ color: 'teal', message: 'Restored.' });
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Not restored', message: errorMessage(error) }),
  });

  if (deal.isError) {
    return <ErrorAlert error={deal.error} title="This deal could not load" onRetry={() => deal.refetch()} />;
  }
  if (!deal.data) return <Skeleton height={400} aria-label="Loading the deal" />;
  const d = deal.data;
  const pipeline = (pipelines.data ?? []).find((p) => p.id === d.pipelineId);
  const stages = [...(pipeline?.stages ?? [])].sort((a, b) => a.position - b.position);
  const stage = stages.find((s) => s.id === d.stageId);
  const mayUpdate = can(me, 'deals', 'update') && !d.deletedAt;

  const moveTo = async (target: PipelineStage) => {
    const from = stages.find((s) => s.id === d.stageId);
    try {
      const moved = await move(d, target);
      showUndoToast({
        message: `Moved to ${target.name}.`,
        undone: `Back in ${from?.name ?? 'its stage'}.`,
        onUndo: async () => {
          if (from) await move(moved, from);
        },
      });
    } catch (error) {
      if (!(error instanceof MoveCancelled))
        notifications.show({ color: 'red', title: 'Not moved', message: errorMessage(error) });
    }
  };

  return (
    <Stack gap="md">
      {d.deletedAt ? (
        <Alert color="gray" title="This deal is in the bin">
          <Group gap="sm">
            <Text size="sm">Deleted {fromNow(d.deletedAt)}. Restore it to work on it again.</Text>
            {can(me, 'deals', 'delete') ? (
              <Button
                size="compact-sm"
                variant="default"
                leftSection={<IconRestore size={14} aria-hidden />}
                loading={restore.isPending}
                onClick={() => restore.mutate()}
              >
                Restore
              </Button>
            ) : null}
          </Group>
        </Alert>
      ) : null}
      <DealHeader
        deal={d}
        stages={stages}
        mayUpdate={mayUpdate}
        onMove={moveTo}
        onEdit={() => setEditing(true)}
        onDelete={can(me, 'deals', 'delete') && !d.deletedAt ? () => remove.mutate() : undefined}
      />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="md">
            <Paper withBorder p="md" radius="md">
              <Group gap="xs" mb="sm">
                <IconBook size={18} aria-hidden />
                <Title order={2} size="h4">
                  Playbook{stage ? ` for ${stage.name}` : ''}
                </Title>
              </Group>
              {stage?.playbookHtml ? (
                <Typography>
                  {/* Rendered from markdown and sanitised by the server. */}
                  {/* biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised HTML from the API */}
                  <div dangerouslySetInnerHTML={{ __html: stage.playbookHtml }} />
                </Typography>
              ) : (
                <Text size="sm" c="dimmed">
                  No playbook for this stage yet. An admin can write what to do here in Settings → Pipelines.
                </Text>
              )}
            </Paper>
            <DealLines
              dealId={d.id}
              currency={d.amount?.currency ?? me.workspace.defaultCurrency}
              mayUpdate={mayUpdate}
            />
            <SubjectTimeline
              kind="deals"
              id={d.id}
              empty="Nothing yet. Calls, notes and tasks about this deal, and its stage changes, show here."
            />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="md">
            <StageHistory dealId={d.id} />
            <DealPeople deal={d} />
            <DealHistory dealId={d.id} />
          </Stack>
        </Grid.Col>
      </Grid>
      <Drawer
        opened={editing}
        onClose={() => setEditing(false)}
        position="right"
        size="lg"
        closeButtonProps={{ 'aria-label': 'Close' }}
        title={`Edit ${d.name ?? 'deal'}`}
      >
        {editing ? (
          <DealForm
            deal={d}
            pipelines={pipelines.active}
            defaults={dealToForm(d, {
              pipelineId: d.pipelineId ?? '',
              stageId: d.stageId ?? '',
              currency: me.workspace.defaultCurrency,
              ownerId: me.user.id,
            })}
            submitLabel="Save"
            onCancel={() => setEditing(false)}
            onSubmit={async (body) => {
              const saved = await updateDeal(d.id, body, d.version);
              await refreshDeals(queryClient, saved);
              setEditing(false);
              notifications.show({ color: 'teal', message: 'Saved.' });
            }}
          />
        ) : null}
      </Drawer>
      {dialog}
    </Stack>
  );
}

function DealHeader({
  deal: d,
  stages,
  mayUpdate,
  onMove,
  onEdit,
  onDelete,
}: {
  deal: Deal;
  stages: PipelineStage[];
  mayUpdate: boolean;
  onMove: (stage: PipelineStage) => void;
  onEdit: () => void;
  onDelete: (() => void) | undefined;
}) {
  const outcome = d.stage?.outcome ?? 'open';
  const fact = (label: string, value: React.ReactNode) => (
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
  return (
    <Paper withBorder p="md" radius="md">
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Stack gap={6} style={{ minWidth: 0 }}>
          <Text size="sm" c="dimmed">
            <AnchorLink to="/deals" search={{ pipeline: d.pipelineId }} underline="always">
              {d.pipeline?.name ?? 'Deals'}
            </AnchorLink>
          </Text>
          <Title order={1} size="h2">
            {d.name ?? 'Deal'}
          </Title>
          <Group gap="xs">
            {d.stage ? (
              <Badge
                size="lg"
                tt="none"
                variant="light"
                color={outcome === 'won' ? 'teal' : outcome === 'lost' ? 'red' : 'blue'}
              >
                {d.stage.name}
                {outcome === 'open'
                  ? ` · ${d.stage.probability}%`
                  : d.stage.name.toLowerCase() === outcome
                    ? ''
                    : ` · ${outcomeLabel(outcome)}`}
              </Badge>
            ) : null}
            {d.stalled ? (
              <Badge
                size="lg"
                tt="none"
                color="orange"
                variant="light"
                leftSection={<IconAlertTriangle size={14} aria-hidden />}
              >
                Stalled: {Math.floor(d.daysInStage ?? 0)} days in this stage
              </Badge>
            ) : d.daysInStage !== undefined && outcome === 'open' ? (
              <Text size="sm" c="dimmed">
                {Math.floor(d.daysInStage)} days in this stage
              </Text>
            ) : null}
            {d.commit ? (
              <Badge size="lg" tt="none" variant="outline">
                Commit
              </Badge>
            ) : null}
          </Group>
        </Stack>
        <Group gap="xs" wrap="wrap" align="flex-end">
          {mayUpdate && stages.length > 0 ? (
            <Select
              label="Move to stage"
              size="sm"
              w={200}
              allowDeselect={false}
              leftSection={<IconArrowRight size={14} aria-hidden />}
              data={stages.map((s) => ({ value: s.id, label: s.name }))}
              value={d.stageId ?? null}
              onChange={(v) => {
                const target = stages.find((s) => s.id === v);
                if (target && target.id !== d.stageId) onMove(target);
              }}
            />
          ) : null}
          {mayUpdate ? (
            <Button variant="default" leftSection={<IconPencil size={16} aria-hidden />} onClick={onEdit}>
              Edit
            </Button>
          ) : null}
          {onDelete ? (
            <Button variant="default" color="red" leftSection={<IconTrash size={16} aria-hidden />} onClick={onDelete}>
              Delete
            </Button>
          ) : null}
        </Group>
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} mt="md" spacing="sm">
        {'amount' in d ? fact('Amount', money(d.amount)) : null}
        {'weightedAmount' in d ? fact('Weighted', money(d.weightedAmount)) : null}
        {'expectedCloseDate' in d ? fact('Expected close', formatDate(d.expectedCloseDate)) : null}
        {'owner' in d ? fact('Owner', d.owner?.name) : null}
        {'company' in d
          ? fact(
              'Company',
              d.company ? (
                <AnchorLink to="/companies/$companyId" params={{ companyId: d.company.id }} underline="always">
                  {d.company.name}
                </AnchorLink>
              ) : null,
            )
          : null}
        {'team' in d ? fact('Team', d.team?.name) : null}
        {'source' in d ? fact('Source', humanize(d.source)) : null}
        {'nextStep' in d
          ? fact(
              'Next step',
              d.nextStep ? `${d.nextStep}${d.nextStepDate ? ` (${formatDate(d.nextStepDate)})` : ''}` : null,
            )
          : null}
        {outcome === 'lost' && 'lostReason' in d ? fact('Lost because', d.lostReason?.label) : null}
        {outcome === 'lost' && d.lostNote ? fact('Note', d.lostNote) : null}
        {d.closedAt ? fact('Closed', formatDate(d.closedAt)) : null}
        {d.tags && d.tags.length > 0
          ? fact(
              'Tags',
              <Group gap={4}>
                {d.tags.map((t) => (
                  <Badge key={t} variant="default" size="sm" tt="none">
                    {t}
                  </Badge>
                ))}
              </Group>,
            )
          : null}
      </SimpleGrid>
    </Paper>
  );
}

function StageHistory({ dealId }: { dealId: string }) {
  const history = useQuery({ queryKey: ['deals', 'stage-history', dealId], queryFn: () => fetchStageHistory(dealId) });
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={2} size="h4" mb="sm">
        Stage history
      </Title>
      {history.isPending ? (
        <Skeleton height={60} />
      ) : history.isError ? (
        <ErrorAlert error={history.error} title="Stage history could not load" onRetry={() => history.refetch()} />
      ) : history.data.length === 0 ? (
        <Text size="sm" c="dimmed">
          No stage changes yet.
        </Text>
      ) : (
        <Timeline bulletSize={14} lineWidth={2}>
          {[...history.data]
            .sort((a, b) => b.changedAt.localeCompare(a.changedAt))
            .map((change) => (
              <Timeline.Item
                key={change.id}
                title={
                  change.fromStage
                    ? `${change.fromStage.name} → ${change.toStage.name}`
                    : `Entered ${change.toStage.name}`
                }
              >
                <Text size="xs" c="dimmed">
                  <time dateTime={change.changedAt} title={formatDateTime(change.changedAt)}>
                    {fromNow(change.changedAt)}
                  </time>
                  {change.changedBy ? ` by ${change.changedBy.name}` : ''}
                  {change.fromStage && change.daysInStage !== null
                    ? ` · ${Math.round(change.daysInStage)} days in ${change.fromStage.name}`
                    : ''}
                </Text>
              </Timeline.Item>
            ))}
        </Timeline>
      )}
    </Paper>
  );
}

function DealPeople({ deal }: { deal: Deal }) {
  if (!deal.people) return null;
  return (
    <Paper withBorder p="md" radius="md">
      <Group gap="xs" mb="sm">
        <IconUsers size={18} aria-hidden />
        <Title order={2} size="h4">
          People
        </Title>
      </Group>
      {deal.people.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nobody linked yet. Edit the deal to add the people in the buying decision, each with their role (decision
          maker, champion, influencer, user, blocker).
        </Text>
      ) : (
        <Stack gap={6}>
          {deal.people.map((p) => (
            <Group key={p.personId} justify="space-between" wrap="nowrap">
              <AnchorLink to="/people/$personId" params={{ personId: p.personId }} size="sm" underline="always">
                {p.name ?? 'Someone'}
              </AnchorLink>
              <Badge variant="light" tt="none" color={p.role === 'blocker' ? 'red' : 'gray'}>
                {DEAL_ROLE_LABELS[p.role] ?? humanize(p.role)}
              </Badge>
            </Group>
          ))}
        </Stack>
      )}
    </Paper>
  );
}

/** Stage, pipeline and lost reason changes read as their names, not ids. */
async function namedHistory(queryClient: QueryClient, dealId: string): Promise<HistoryEntry[]> {
  const [entries, pipelines, reasons] = await Promise.all([
    fetchDealHistory(dealId),
    queryClient.ensureQueryData({ queryKey: pipelinesKey, queryFn: fetchPipelines }),
    queryClient.ensureQueryData({ queryKey: lostReasonsKey, queryFn: fetchLostReasons }).catch(() => []),
  ]);
  const names = new Map<string, string>();
  for (const p of pipelines) {
    names.set(p.id, p.name);
    for (const s of p.stages) names.set(s.id, s.name);
  }
  for (const r of reasons) names.set(r.id, r.label);
  const named = (v: unknown) => (typeof v === 'string' ? (names.get(v) ?? v) : v);
  return entries.map((entry) => {
    const changes = { ...(entry.changes ?? {}) };
    for (const key of ['stageId', 'pipelineId', 'lostReasonId']) {
      const change = changes[key];
      if (change) changes[key] = { from: named(change.from), to: named(change.to) };
    }
    return { ...entry, changes };
  });
}

function DealHistory({ dealId }: { dealId: string }) {
  const fields = useQuery(fieldsQueryOptions('deals'));
  const queryClient = useQueryClient();
  return (
    <HistoryPanel
      queryKey={['deals', 'history', dealId]}
      fetcher={() => namedHistory(queryClient, dealId)}
      fields={fields.data ?? []}
    />
  );
}
