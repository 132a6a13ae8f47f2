import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Modal,
  MultiSelect,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowDown, IconArrowUp, IconEdit, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { ApiError } from '../../../api/client.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { AnchorLink } from '../../../ui/links.tsx';
import { PageHeader } from '../../../ui/PageHeader.tsx';
import { PageSkeleton } from '../../../ui/PageSkeleton.tsx';
import { useConfirmLeave } from '../../../ui/useConfirmLeave.tsx';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { useMe } from '../../auth/hooks/useMe.ts';
import { type Metric, metricsQueryOptions, objectivesQueryOptions } from '../../objectives/api.ts';
import { fetchViews } from '../../records/api/records.ts';
import { fetchPipelines } from '../../sales/api/pipelines.ts';
import {
  createDashboard,
  type Dashboard,
  dashboardQueryOptions,
  deleteDashboard,
  PERIOD_LABELS,
  RECORD_OBJECTS,
  refreshDashboards,
  SIZE_LABELS,
  updateDashboard,
  VISIBILITY_LABELS,
  WIDGET_KINDS,
  type WidgetInput,
  type WidgetKind,
  type WidgetPeriod,
} from '../api.ts';

const editRoute = getRouteApi('/app/dashboards/custom/$dashboardId/edit');

/** `/dashboards/custom/{id}/edit`: change a dashboard. */
export function DashboardEditPage() {
  const { dashboardId } = editRoute.useParams();
  const dashboard = useQuery(dashboardQueryOptions(dashboardId));
  if (dashboard.isPending) return <PageSkeleton />;
  if (dashboard.isError) return <ErrorAlert error={dashboard.error} title="This dashboard could not be opened" />;
  return <DashboardEditor key={dashboard.data.id} dashboard={dashboard.data} />;
}

/** `/dashboards/custom/new`: build a dashboard. */
export function DashboardNewPage() {
  return <DashboardEditor />;
}

interface Draft {
  key: string;
  widget: WidgetInput;
}

let keySeq = 0;
const draftOf = (widget: WidgetInput): Draft => ({ key: widget.id ?? `new-${++keySeq}`, widget });

/**
 * The editor: name, description, who sees it, and the widgets in order. Widgets are added and changed in a dialog,
 * moved with Move up / Move down buttons (keyboard friendly) and removed; nothing is saved until "Save".
 */
function DashboardEditor({ dashboard }: { dashboard?: Dashboard }) {
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  useDocumentTitle(dashboard ? `Edit ${dashboard.name}` : 'New dashboard', 'Dashboards');
  const [name, setName] = useState(dashboard?.name ?? '');
  const [description, setDescription] = useState(dashboard?.description ?? '');
  const [visibility, setVisibility] = useState<Dashboard['visibility']>(dashboard?.visibility ?? 'private');
  const [teamId, setTeamId] = useState<string | null>(dashboard?.team?.id ?? me.user.teams[0]?.id ?? null);
  const [columns, setColumns] = useState(String(dashboard?.layout.columns ?? 4));
  const [widgets, setWidgets] = useState<Draft[]>(() =>
    (dashboard?.widgets ?? []).map(({ id, ...w }) => draftOf({ id, ...w })),
  );
  const [editing, setEditing] = useState<{ index: number | null; widget: WidgetInput } | null>(null);
  const [dirty, setDirty] = useState(false);
  const { dialog, allowLeave } = useConfirmLeave(dirty);
  const metrics = useQuery(metricsQueryOptions());
  const metricName = new Map((metrics.data ?? []).map((m) => [m.id, m.name]));
  const touch = () => setDirty(true);

  const save = useMutation({
    mutationFn: () => {
      const body = {
        name: name.trim(),
        description: description.trim() === '' ? null : description.trim(),
        visibility,
        teamId: visibility === 'team' ? teamId : null,
        layout: { columns: Number(columns) },
        widgets: widgets.map((d) => d.widget),
      };
      return dashboard ? updateDashboard(dashboard.id, body, dashboard.version) : createDashboard(body);
    },
    onSuccess: async (saved) => {
      allowLeave();
      setDirty(false);
      await refreshDashboards(queryClient);
      notifications.show({ message: `Saved “${saved.name}”.` });
      void navigate({ to: '/dashboards/custom/$dashboardId', params: { dashboardId: saved.id } });
    },
  });
  const remove = useMutation({
    mutationFn: () => deleteDashboard(dashboard!.id),
    onSuccess: async () => {
      allowLeave();
      await refreshDashboards(queryClient);
      notifications.show({ message: 'Dashboard deleted.' });
      void navigate({ to: '/dashboards/custom' });
    },
  });

  const move = (from: number, to: number) => {
    if (to < 0 || to >= widgets.length) return;
    const next = [...widgets];
    const [item] = next.splice(from, 1);
    next.splice(to, 0, item!);
    setWidgets(next);
    touch();
    // Keep the keyboard on the moved widget's same button.
    requestAnimationFrame(() => {
      document.getElementById(`widget-${item!.key}-${to < from ? 'up' : 'down'}`)?.focus();
    });
  };
  const problems = save.error instanceof ApiError ? (save.error.errors ?? []) : [];
  const describe = (pointer: string) => {
    const m = /^\/widgets\/(\d+)\/?(.*)$/.exec(pointer);
    if (!m) return pointer.slice(1) || 'dashboard';
    const w = widgets[Number(m[1])];
    return `Widget ${Number(m[1]) + 1} (“${w?.widget.title ?? ''}”)${m[2] ? `, ${m[2].replace(/\//g, ' ')}` : ''}`;
  };

  return (
    <Stack gap="md">
      {dialog}
      <PageHeader
        title={dashboard ? `Edit “${dashboard.name}”` : 'New dashboard'}
        description="Pick what it shows and who sees it. Each viewer sees the numbers their own access allows."
        actions={
          dashboard ? (
            <AnchorLink to="/dashboards/custom/$dashboardId" params={{ dashboardId: dashboard.id }}>
              Back to the dashboard
            </AnchorLink>
          ) : (
            <AnchorLink to="/dashboards/custom">Back to the dashboards</AnchorLink>
          )
        }
      />
      <Paper withBorder p="md" radius="md">
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label="Name"
              required
              value={name}
              onChange={(e) => {
                setName(e.currentTarget.value);
                touch();
              }}
              error={problems.find((p) => p.pointer === '/name')?.detail}
              maxLength={120}
            />
            <Select
              label="Columns on a desk"
              description="A phone always shows one"
              data={['1', '2', '3', '4']}
              value={columns}
              onChange={(v) => {
                setColumns(v ?? '4');
                touch();
              }}
              allowDeselect={false}
            />
          </SimpleGrid>
          <Textarea
            label="Description"
            autosize
            minRows={2}
            value={description}
            onChange={(e) => {
              setDescription(e.currentTarget.value);
              touch();
            }}
            maxLength={2000}
          />
          <Stack gap={4}>
            <Text size="sm" fw={500} id="visibility-label">
              Who sees it
            </Text>
            <SegmentedControl
              aria-labelledby="visibility-label"
              value={visibility}
              onChange={(v) => {
                setVisibility(v as Dashboard['visibility']);
                touch();
              }}
              data={Object.entries(VISIBILITY_LABELS).map(([value, label]) => ({ value, label }))}
              w="fit-content"
            />
          </Stack>
          {visibility === 'team' ? (
            <Select
              label="Team"
              data={me.user.teams.map((t) => ({ value: t.id, label: t.name }))}
              value={teamId}
              onChange={(v) => {
                setTeamId(v);
                touch();
              }}
              error={problems.find((p) => p.pointer === '/teamId')?.detail}
              nothingFoundMessage="You are in no team"
            />
          ) : null}
        </Stack>
      </Paper>

      <Group justify="space-between">
        <Text fw={600} component="h2" fz="lg" m={0}>
          Widgets
        </Text>
        <Button
          leftSection={<IconPlus size={16} />}
          variant="light"
          onClick={() => setEditing({ index: null, widget: { kind: 'metric', title: '', period: 'last_30_days' } })}
        >
          Add widget
        </Button>
      </Group>
      {widgets.length === 0 ? (
        <Text c="dimmed" size="sm">
          No widgets yet. Add a number to watch, a trend against an objective’s target, a split by person, a pipeline’s
          funnel or a table of records.
        </Text>
      ) : (
        <Stack gap="xs" component="ol" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Widgets, in order">
          {widgets.map((d, i) => (
            <Paper key={d.key} withBorder p="sm" radius="md" component="li">
              <Group justify="space-between" wrap="wrap" gap="xs">
                <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
                  <Group gap="xs">
                    <Badge variant="light">{WIDGET_KINDS[d.widget.kind].label}</Badge>
                    <Text fw={500}>{d.widget.title}</Text>
                  </Group>
                  <Text size="xs" c="dimmed">
                    {summary(d.widget, metricName)}
                  </Text>
                </Stack>
                <Group gap={4}>
                  <Tooltip label="Move up">
                    <ActionIcon
                      id={`widget-${d.key}-up`}
                      variant="default"
                      size="lg"
                      aria-label={`Move “${d.widget.title}” up`}
                      disabled={i === 0}
                      onClick={() => move(i, i - 1)}
                    >
                      <IconArrowUp size={16} />
                    </ActionIcon>
                  </Tooltip>
                  <Tooltip label="Move down">
                    <ActionIcon
                      id={`widget-${d.key}-down`}
                      variant="default"
                      size="lg"
                      aria-label={`Move “${d.widget.title}” down`}
                      disabled={i === widgets.length - 1}
                      onClick={() => move(i, i + 1)}
                    >
                      <IconArrowDown size={16} />
                    </ActionIcon>
                  </Tooltip>
                  <Tooltip label="Change">
                    <ActionIcon
                      variant="default"
                      size="lg"
                      aria-label={`Change “${d.widget.title}”`}
                      onClick={() => setEditing({ index: i, widget: d.widget })}
                    >
                      <IconEdit size={16} />
                    </ActionIcon>
                  </Tooltip>
                  <Tooltip label="Remove">
                    <ActionIcon
                      variant="default"
                      color="red"
                      size="lg"
                      aria-label={`Remove “${d.widget.title}”`}
                      onClick={() => {
                        setWidgets(widgets.filter((_, j) => j !== i));
                        touch();
                      }}
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Tooltip>
                </Group>
              </Group>
            </Paper>
          ))}
        </Stack>
      )}
      {save.isError ? (
        <ErrorAlert
          error={save.error}
          title="The dashboard was not saved"
          problems={problems.map((p) => ({ pointer: p.pointer, detail: `${describe(p.pointer)}: ${p.detail}` }))}
        />
      ) : null}
      {remove.isError ? <ErrorAlert error={remove.error} title="The dashboard was not deleted" /> : null}
      <Group justify="space-between">
        <Button onClick={() => save.mutate()} loading={save.isPending} disabled={name.trim() === ''}>
          {dashboard ? 'Save' : 'Create dashboard'}
        </Button>
        {dashboard ? (
          <Button variant="subtle" color="red" onClick={() => remove.mutate()} loading={remove.isPending}>
            Delete dashboard
          </Button>
        ) : null}
      </Group>
      {editing ? (
        <WidgetDialog
          initial={editing.widget}
          metrics={metrics.data ?? []}
          onCancel={() => setEditing(null)}
          onSave={(w) => {
            setWidgets(
              editing.index === null
                ? [...widgets, draftOf(w)]
                : widgets.map((d, j) => (j === editing.index ? { ...d, widget: w } : d)),
            );
            setEditing(null);
            touch();
          }}
        />
      ) : null}
    </Stack>
  );
}

function summary(w: WidgetInput, names: Map<string, string>): string {
  const period = PERIOD_LABELS[w.period ?? 'last_30_days'];
  const m = w.metricId ? (names.get(w.metricId) ?? w.metricId) : '';
  switch (w.kind) {
    case 'metric':
      return `${m}, ${period.toLowerCase()}`;
    case 'trend':
      return `${m}, ${period.toLowerCase()}${w.objectiveId ? ', with its objective’s target' : ''}`;
    case 'bar':
      return `${m} by ${w.by ?? '…'}, ${period.toLowerCase()}`;
    case 'funnel':
      return w.pipelineId
        ? 'The deals in each stage of a pipeline'
        : (w.metricIds ?? []).map((id) => names.get(id) ?? id).join(' → ');
    case 'records':
      return `${RECORD_OBJECTS.find((o) => o.value === w.object)?.label ?? w.object ?? ''}${w.viewId ? ', through a saved view' : ''}`;
  }
}

const DIMENSION_LABELS: Record<string, string> = { user: 'Person', team: 'Team' };

/** Adds or changes one widget: what it shows, its metric or source, its period and its size. */
function WidgetDialog({
  initial,
  metrics,
  onSave,
  onCancel,
}: {
  initial: WidgetInput;
  metrics: Metric[];
  onSave: (w: WidgetInput) => void;
  onCancel: () => void;
}) {
  const [w, setW] = useState<WidgetInput>(initial);
  const [funnelFrom, setFunnelFrom] = useState<'pipeline' | 'metrics'>(initial.metricIds ? 'metrics' : 'pipeline');
  const set = (patch: Partial<WidgetInput>) => setW((cur) => ({ ...cur, ...patch }));
  const metric = metrics.find((m) => m.id === w.metricId);
  const objectives = useQuery({ ...objectivesQueryOptions(), enabled: w.kind === 'trend' });
  const pipelines = useQuery({ queryKey: ['pipelines'], queryFn: fetchPipelines, enabled: w.kind === 'funnel' });
  const views = useQuery({
    queryKey: ['views', w.object],
    queryFn: () => fetchViews(w.object as 'people'),
    enabled: w.kind === 'records' && w.object !== undefined,
  });
  const metricData = metrics.map((m) => ({ value: m.id, label: m.name }));
  const needsMetric = w.kind === 'metric' || w.kind === 'trend' || w.kind === 'bar';
  const missing =
    w.title.trim() === '' ||
    (needsMetric && !w.metricId) ||
    (w.kind === 'bar' && !w.by) ||
    (w.kind === 'funnel' && (funnelFrom === 'pipeline' ? !w.pipelineId : (w.metricIds ?? []).length < 2)) ||
    (w.kind === 'records' && !w.object);

  /** Only what the kind reads is kept, so a widget switched from one kind to another carries nothing stray. */
  const clean = (): WidgetInput => {
    const base: WidgetInput = {
      ...(w.id ? { id: w.id } : {}),
      kind: w.kind,
      title: w.title.trim(),
      size: w.size ?? 'small',
      period: w.period ?? 'last_30_days',
    };
    if (needsMetric) Object.assign(base, { metricId: w.metricId, ...(w.filter ? { filter: w.filter } : {}) });
    if (w.kind === 'bar') base.by = w.by;
    if (w.kind === 'trend' && w.objectiveId) base.objectiveId = w.objectiveId;
    if (w.kind === 'funnel') {
      if (funnelFrom === 'pipeline') base.pipelineId = w.pipelineId;
      else base.metricIds = w.metricIds;
    }
    if (w.kind === 'records') {
      base.object = w.object;
      if (w.viewId) base.viewId = w.viewId;
      else if (w.filters) base.filters = w.filters;
    }
    return base;
  };

  return (
    <Modal opened onClose={onCancel} title={initial.title ? `Change “${initial.title}”` : 'Add a widget'} size="lg">
      <Stack>
        <Select
          label="What it shows"
          data={Object.entries(WIDGET_KINDS).map(([value, k]) => ({ value, label: `${k.label}: ${k.description}` }))}
          value={w.kind}
          onChange={(v) => v && set({ kind: v as WidgetKind })}
          allowDeselect={false}
        />
        <TextInput
          label="Title"
          required
          value={w.title}
          onChange={(e) => set({ title: e.currentTarget.value })}
          maxLength={120}
        />
        {needsMetric ? (
          <Select
            label="Metric"
            required
            searchable
            data={metricData}
            value={w.metricId ?? null}
            onChange={(v) => set({ metricId: v ?? undefined, by: undefined, objectiveId: undefined })}
            description={metric?.definition}
          />
        ) : null}
        {w.kind === 'bar' ? (
          <Select
            label="Split by"
            required
            data={(metric?.dimensions ?? []).map((d) => ({ value: d, label: DIMENSION_LABELS[d] ?? d }))}
            value={w.by ?? null}
            onChange={(v) => set({ by: v ?? undefined })}
            disabled={!metric}
          />
        ) : null}
        {w.kind === 'trend' ? (
          <Select
            label="Objective (its target drawn as a line)"
            clearable
            data={(objectives.data ?? [])
              .filter((o) => o.metricId === w.metricId)
              .map((o) => ({ value: o.id, label: o.name }))}
            value={w.objectiveId ?? null}
            onChange={(v) => set({ objectiveId: v ?? undefined })}
            nothingFoundMessage="No objective is set on this metric"
            disabled={!metric}
          />
        ) : null}
        {w.kind === 'funnel' ? (
          <>
            <SegmentedControl
              aria-label="Funnel steps from"
              value={funnelFrom}
              onChange={(v) => setFunnelFrom(v as 'pipeline' | 'metrics')}
              data={[
                { value: 'pipeline', label: 'A pipeline’s stages' },
                { value: 'metrics', label: 'Metrics in sequence' },
              ]}
              w="fit-content"
            />
            {funnelFrom === 'pipeline' ? (
              <Select
                label="Pipeline"
                required
                data={(pipelines.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
                value={w.pipelineId ?? null}
                onChange={(v) => set({ pipelineId: v ?? undefined })}
              />
            ) : (
              <MultiSelect
                label="Steps, in order"
                description="Two to eight metrics"
                searchable
                data={metricData}
                value={w.metricIds ?? []}
                onChange={(v) => set({ metricIds: v })}
                maxValues={8}
              />
            )}
          </>
        ) : null}
        {w.kind === 'records' ? (
          <>
            <Select
              label="Records of"
              required
              data={RECORD_OBJECTS.map((o) => ({ value: o.value, label: o.label }))}
              value={w.object ?? null}
              onChange={(v) => set({ object: v ?? undefined, viewId: undefined })}
            />
            <Select
              label="Saved view"
              description="Its filters, sort and columns; without one, the most recent records"
              clearable
              data={(views.data ?? []).map((v) => ({ value: v.id, label: v.name }))}
              value={w.viewId ?? null}
              onChange={(v) => set({ viewId: v ?? undefined })}
              disabled={!w.object}
              nothingFoundMessage="No saved views of this kind"
            />
          </>
        ) : null}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {w.kind !== 'records' && !(w.kind === 'funnel' && funnelFrom === 'pipeline') ? (
            <Select
              label="Period"
              data={Object.entries(PERIOD_LABELS).map(([value, label]) => ({ value, label }))}
              value={w.period ?? 'last_30_days'}
              onChange={(v) => v && set({ period: v as WidgetPeriod })}
              allowDeselect={false}
            />
          ) : null}
          <Select
            label="Size"
            data={Object.entries(SIZE_LABELS).map(([value, label]) => ({ value, label }))}
            value={w.size ?? 'small'}
            onChange={(v) => v && set({ size: v as WidgetInput['size'] })}
            allowDeselect={false}
          />
        </SimpleGrid>
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button onClick={() => onSave(clean())} disabled={missing}>
            {initial.title ? 'Apply' : 'Add'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
