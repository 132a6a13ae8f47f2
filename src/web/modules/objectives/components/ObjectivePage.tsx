import '@mantine/charts/styles.css';
import { LineChart } from '@mantine/charts';
import {
  Anchor,
  Button,
  Group,
  Modal,
  Paper,
  Progress,
  SegmentedControl,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconTrash } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate, useRouter } from '@tanstack/react-router';
import dayjs from 'dayjs';
import { type MouseEvent, useId, useState } from 'react';
import { errorMessage } from '../../../api/client.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { formatDate, formatDateTime } from '../../../ui/format.ts';
import { AnchorLink } from '../../../ui/links.tsx';
import { PageHeader } from '../../../ui/PageHeader.tsx';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { can, useMe } from '../../auth/hooks/useMe.ts';
import { useTeams, useUsers } from '../../settings/api/directory.ts';
import {
  addCheckIn,
  deleteObjective,
  describeTargetInput,
  formatMetric,
  type Metric,
  metricsQueryOptions,
  metricValueQueryOptions,
  type Objective,
  objectiveQueryOptions,
  projectionModel,
  recordsHref,
  refreshObjectives,
} from '../api.ts';
import { KeyResultsForm } from './KeyResultsForm.tsx';
import { weekOf } from './ObjectivesPage.tsx';
import { StatusBadge } from './StatusBadge.tsx';

const route = getRouteApi('/app/objectives/$objectiveId');

/** `/objectives/$id`: status and projection model, the numbers, the history chart with target and projection, check-ins. */
export function ObjectivePage() {
  const { objectiveId } = route.useParams();
  const me = useMe();
  const objective = useQuery(objectiveQueryOptions(objectiveId));
  const metrics = useQuery(metricsQueryOptions());
  useDocumentTitle(objective.data?.name, 'Objectives');
  if (objective.isError)
    return (
      <ErrorAlert error={objective.error} title="The objective could not load" onRetry={() => objective.refetch()} />
    );
  if (objective.isPending) return <Skeleton height={400} />;
  const o = objective.data;
  const metric = metrics.data?.find((m) => m.id === o.metricId);
  return <ObjectiveView objective={o} metric={metric} currency={me.workspace.defaultCurrency} />;
}

function ObjectiveView({
  objective: o,
  metric,
  currency,
}: {
  objective: Objective;
  metric: Metric | undefined;
  currency: string;
}) {
  const me = useMe();
  const users = useUsers();
  const teams = useTeams();
  const mayWrite = can(me, 'settings', 'update');
  const [deleting, setDeleting] = useState(false);
  const [editingKrs, setEditingKrs] = useState(false);
  const nameOf = (id: string | null) =>
    id === null
      ? 'Rapport'
      : (users.data?.find((u) => u.id === id)?.name ?? (id === me.user.id ? me.user.name : 'A colleague'));
  const fmt = (v: number | null) => formatMetric(v, metric, currency, { perWeek: true });
  const records = recordsHref(o.metricId);
  const narrowed = [
    o.filter.teamId ? `team ${teams.data?.find((t) => t.id === o.filter.teamId)?.name ?? o.filter.teamId}` : null,
    o.filter.userId ? nameOf(o.filter.userId) : null,
  ].filter(Boolean);

  return (
    <Stack gap="md">
      <PageHeader
        title={
          <Group gap="sm" component="span" wrap="wrap">
            <span>{o.name}</span>
            <StatusBadge status={o.status} size="lg" />
          </Group>
        }
        description={`${projectionModel(o)}. ${metric?.name ?? o.metricId}${narrowed.length ? ` (only ${narrowed.join(', ')})` : ''} · owner ${nameOf(o.ownerId)} · ${formatDate(o.startDate)} to ${formatDate(o.endDate)}`}
        actions={
          <>
            <AnchorLink to="/objectives">All objectives</AnchorLink>
            {mayWrite ? (
              <Button
                variant="default"
                color="red"
                leftSection={<IconTrash size={16} aria-hidden />}
                onClick={() => setDeleting(true)}
              >
                Delete
              </Button>
            ) : null}
          </>
        }
      />
      {o.problem ? (
        <Paper withBorder radius="md" p="md">
          <Text size="sm" c="dimmed">
            The problem it addresses
          </Text>
          <Text>{o.problem}</Text>
        </Paper>
      ) : null}
      <SimpleGrid cols={{ base: 2, sm: 4 }} component="dl" m={0}>
        <Figure
          label="Baseline"
          value={fmt(o.baseline)}
          hint={`${formatDate(o.baselineFrom)} to ${formatDate(o.baselineTo)}`}
          href={records}
        />
        <Figure label="Current" value={fmt(o.current)} hint="The last 4 weeks" href={records} />
        <Figure label="Target" value={fmt(o.target)} hint={describeTargetInput(o, metric, currency)} />
        <Figure label="Projection" value={fmt(o.projection)} hint={`On ${formatDate(o.endDate)}`} />
      </SimpleGrid>
      {metric ? <Text size="sm">{metric.definition}</Text> : null}
      {o.progress !== null ? (
        <Group gap="sm" wrap="nowrap">
          <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>
            {Math.round(o.progress * 100)}% of the way
          </Text>
          <Progress
            value={o.progress * 100}
            style={{ flex: 1 }}
            aria-label={`Progress from baseline to target${o.keyResults.length > 0 ? ', weighted over the key results' : ''}`}
          />
        </Group>
      ) : null}
      <Paper withBorder radius="md" p="md">
        <HistoryChart objective={o} metric={metric} currency={currency} />
      </Paper>
      {o.keyResults.length > 0 ? <KeyResults objective={o} currency={currency} /> : null}
      {mayWrite ? (
        <Button variant="default" w="fit-content" onClick={() => setEditingKrs(true)}>
          {o.keyResults.length > 0 ? 'Edit key results' : 'Add key results'}
        </Button>
      ) : null}
      {editingKrs ? <KeyResultsForm objective={o} onClose={() => setEditingKrs(false)} /> : null}
      <CheckIns objective={o} metric={metric} currency={currency} nameOf={nameOf} mayWrite={mayWrite} />
      <DeleteModal objective={o} opened={deleting} onClose={() => setDeleting(false)} />
    </Stack>
  );
}

function Figure({ label, value, hint, href }: { label: string; value: string; hint?: string; href?: string | null }) {
  const router = useRouter();
  return (
    <Paper withBorder radius="md" p="sm">
      <Text component="dt" size="sm" c="dimmed">
        {label}
      </Text>
      <Text component="dd" m={0}>
        <Text component="span" display="block" fw={700} size="xl">
          {href ? (
            <Anchor
              href={href}
              underline="always"
              inherit
              onClick={(event: MouseEvent<HTMLAnchorElement>) => {
                if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
                event.preventDefault();
                router.history.push(href);
              }}
            >
              {value}
            </Anchor>
          ) : (
            value
          )}
        </Text>
        {hint ? (
          <Text component="span" display="block" size="xs" c="dimmed">
            {hint}
          </Text>
        ) : null}
      </Text>
    </Paper>
  );
}

const earlier = (a: dayjs.Dayjs, b: dayjs.Dayjs) => (a.isBefore(b) ? a : b);

interface Point {
  week: string;
  label: string;
  value: number | null;
  projection: number | null;
}

/** The metric week by week, the target as a line, and the projection from the last complete week to the end date. */
function HistoryChart({
  objective: o,
  metric,
  currency,
}: {
  objective: Objective;
  metric: Metric | undefined;
  currency: string;
}) {
  const [view, setView] = useState<'chart' | 'table'>('chart');
  const titleId = useId();
  const lastComplete = weekOf(dayjs()).subtract(7, 'day');
  const start = earlier(weekOf(dayjs(o.startDate)), lastComplete.subtract(7 * 11, 'day'));
  const endWeek = weekOf(dayjs(o.endDate));
  const historyTo = earlier(lastComplete.add(6, 'day'), dayjs(o.endDate));
  const series = useQuery(
    metricValueQueryOptions(o.metricId, {
      from: start.format('YYYY-MM-DD'),
      to: historyTo.format('YYYY-MM-DD'),
      interval: 'week',
    }),
  );
  const fmt = (v: number) => formatMetric(v, metric, currency);
  if (series.isError) return <ErrorAlert error={series.error} title="The history could not load" />;
  if (series.isPending) return <Skeleton height={280} />;
  const byWeek = new Map(series.data.series.map((s) => [s.period, s.value]));
  const points: Point[] = [];
  const projectFrom = earlier(lastComplete, endWeek);
  const totalWeeks = Math.max(1, endWeek.diff(projectFrom, 'week'));
  const startValue = byWeek.get(projectFrom.format('YYYY-MM-DD')) ?? o.current;
  for (let w = start; !w.isAfter(endWeek); w = w.add(7, 'day')) {
    const key = w.format('YYYY-MM-DD');
    const past = !w.isAfter(projectFrom);
    const k = w.diff(projectFrom, 'week');
    const projection =
      o.projection === null || startValue === null || k < 0
        ? null
        : startValue + ((o.projection - startValue) * k) / totalWeeks;
    points.push({
      week: key,
      label: w.format('D MMM'),
      value: past ? (byWeek.get(key) ?? null) : null,
      projection: w.isAfter(lastComplete) || k === 0 ? projection : null,
    });
  }
  const title = `${metric?.name ?? o.metricId}, week by week`;
  const description = `Weekly values of the metric, the target (${o.target === null ? 'not set' : fmt(o.target)}) and the projection to ${formatDate(o.endDate)}. The chart counts what you may see; the objective counts everything${o.filter.teamId || o.filter.userId ? ' and only its team or person' : ''}.`;
  return (
    <Stack gap="xs" component="figure" m={0} aria-labelledby={titleId}>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
        <Stack gap={0}>
          <Text fw={600} id={titleId} component="div">
            {title}
          </Text>
          <Text size="sm" c="dimmed" component="div">
            {description}
          </Text>
        </Stack>
        <SegmentedControl
          size="xs"
          aria-label={`${title}: show as`}
          value={view}
          onChange={(v) => setView(v === 'table' ? 'table' : 'chart')}
          data={[
            { value: 'chart', label: 'Chart' },
            { value: 'table', label: 'Table' },
          ]}
        />
      </Group>
      {view === 'chart' ? (
        <div role="img" aria-label={`${title}. Switch to Table to read each value.`}>
          <LineChart
            h={280}
            data={points as unknown as Record<string, unknown>[]}
            dataKey="label"
            curveType="linear"
            connectNulls={false}
            withLegend
            legendProps={{ verticalAlign: 'bottom' }}
            valueFormatter={fmt}
            series={[
              { name: 'value', label: metric?.name ?? 'Value', color: 'blue.6' },
              { name: 'projection', label: 'Projection', color: 'gray.6', strokeDasharray: '6 4' },
            ]}
            referenceLines={
              o.target === null
                ? []
                : [{ y: o.target, label: `Target ${fmt(o.target)}`, color: 'teal.7', strokeDasharray: '2 2' }]
            }
          />
        </div>
      ) : (
        <Table.ScrollContainer minWidth={360}>
          <Table striped aria-label={title}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Week of</Table.Th>
                <Table.Th scope="col" ta="right">
                  Value
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  Projection
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  Target
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {points.map((p) => (
                <Table.Tr key={p.week}>
                  <Table.Th scope="row" fw={500}>
                    {formatDate(p.week)}
                  </Table.Th>
                  <Table.Td ta="right">{p.value === null ? '—' : fmt(p.value)}</Table.Td>
                  <Table.Td ta="right">{p.projection === null ? '—' : fmt(p.projection)}</Table.Td>
                  <Table.Td ta="right">{o.target === null ? '—' : fmt(o.target)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

function CheckIns({
  objective: o,
  metric,
  currency,
  nameOf,
  mayWrite,
}: {
  objective: Objective;
  metric: Metric | undefined;
  currency: string;
  nameOf: (id: string | null) => string;
  mayWrite: boolean;
}) {
  const queryClient = useQueryClient();
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const checkIns = [...o.checkIns].sort((a, b) => b.at.localeCompare(a.at));
  const submit = async () => {
    if (!comment.trim()) {
      setError('Write what happened since the last check-in');
      return;
    }
    setSaving(true);
    setError(null);
    try {
      await addCheckIn(o.id, comment.trim());
      setComment('');
      await refreshObjectives(queryClient);
      notifications.show({ color: 'teal', message: 'Check-in saved with the value at this moment.' });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="check-ins-title">
      <Title order={2} size="h4" id="check-ins-title" mb="sm">
        Check-ins
      </Title>
      {mayWrite ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <Stack gap="xs" mb="md">
            <Textarea
              label="Add check-in"
              description="A comment on progress; Rapport records the current value with it."
              autosize
              minRows={2}
              value={comment}
              onChange={(e) => setComment(e.currentTarget.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                  e.preventDefault();
                  void submit();
                }
              }}
              error={error}
            />
            <Group justify="flex-end">
              <Button type="submit" loading={saving}>
                Add check-in
              </Button>
            </Group>
          </Stack>
        </form>
      ) : null}
      {checkIns.length === 0 ? (
        <Text size="sm" c="dimmed">
          No check-ins yet. A check-in is a short comment on progress, kept with the metric’s value at that moment.
        </Text>
      ) : (
        <Stack gap="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
          {checkIns.map((c) => (
            <li key={c.id}>
              <Text size="sm" c="dimmed">
                {formatDateTime(c.at)} · {nameOf(c.authorId)} · value{' '}
                {formatMetric(c.value, metric, currency, { perWeek: true })}
              </Text>
              <Text style={{ whiteSpace: 'pre-wrap' }}>{c.comment}</Text>
            </li>
          ))}
        </Stack>
      )}
    </Paper>
  );
}

function DeleteModal({
  objective: o,
  opened,
  onClose,
}: {
  objective: Objective;
  opened: boolean;
  onClose: () => void;
}) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return (
    <Modal opened={opened} onClose={onClose} title="Delete this objective?">
      <Stack gap="sm">
        <Text>
          “{o.name}” and its {o.checkIns.length} check-in{o.checkIns.length === 1 ? '' : 's'} will be deleted. The
          metric itself stays.
        </Text>
        {error ? <ErrorAlert error={error} title="Not deleted" /> : null}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            color="red"
            loading={busy}
            onClick={async () => {
              setBusy(true);
              try {
                await deleteObjective(o.id);
                queryClient.removeQueries({ queryKey: ['objectives', o.id] });
                await refreshObjectives(queryClient);
                notifications.show({ message: `Objective “${o.name}” deleted.` });
                onClose();
                void navigate({ to: '/objectives' });
              } catch (e) {
                setError(e);
              } finally {
                setBusy(false);
              }
            }}
          >
            Delete objective
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** The key results under an objective: each metric's baseline, target, current value, progress and status. */
function KeyResults({ objective: o, currency }: { objective: Objective; currency: string }) {
  const metrics = useQuery(metricsQueryOptions());
  const totalWeight = o.keyResults.reduce((n, k) => n + k.weight, 0);
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="key-results-title">
      <Title order={2} size="h4" id="key-results-title" mb={4}>
        Key results
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        The objective's progress is their weighted mean (those without a baseline yet are left out).
      </Text>
      <Table.ScrollContainer minWidth={560}>
        <Table aria-labelledby="key-results-title">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Metric</Table.Th>
              <Table.Th>Weight</Table.Th>
              <Table.Th>Baseline → target</Table.Th>
              <Table.Th>Current</Table.Th>
              <Table.Th>Progress</Table.Th>
              <Table.Th>Status</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {o.keyResults.map((k) => {
              const m = metrics.data?.find((x) => x.id === k.metricId);
              const fmt = (v: number | null) => formatMetric(v, m, currency, { perWeek: true });
              return (
                <Table.Tr key={k.id}>
                  <Table.Td>{m?.name ?? k.metricId}</Table.Td>
                  <Table.Td>{totalWeight > 0 ? `${Math.round((k.weight / totalWeight) * 100)}%` : '—'}</Table.Td>
                  <Table.Td>
                    {fmt(k.baseline)} → {fmt(k.target)}
                  </Table.Td>
                  <Table.Td>{fmt(k.current)}</Table.Td>
                  <Table.Td miw={120}>
                    {k.progress === null ? (
                      <Text size="sm" c="dimmed">
                        No baseline yet
                      </Text>
                    ) : (
                      <Group gap="xs" wrap="nowrap">
                        <Progress
                          value={k.progress * 100}
                          style={{ flex: 1 }}
                          aria-label={`${m?.name ?? k.metricId}: progress`}
                        />
                        <Text size="sm">{Math.round(k.progress * 100)}%</Text>
                      </Group>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={k.status} />
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
