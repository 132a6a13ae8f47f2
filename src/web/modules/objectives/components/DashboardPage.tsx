import {
  Badge,
  Group,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Skeleton,
  Stack,
  Tabs,
  Text,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { IconArrowDownRight, IconArrowUpRight, IconMinus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import dayjs from 'dayjs';
import { Chart } from '../../../ui/Chart.tsx';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { AnchorLink, ButtonLink } from '../../../ui/links.tsx';
import { PageHeader } from '../../../ui/PageHeader.tsx';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { useMe } from '../../auth/hooks/useMe.ts';
import {
  formatMetric,
  type Metric,
  metricsQueryOptions,
  metricValueQueryOptions,
  type Objective,
  objectivesQueryOptions,
  recordsHref,
  STATUS,
  setupQueryOptions,
} from '../api.ts';
import {
  change,
  DEPARTMENTS,
  type Department,
  PERIODS,
  type PeriodKey,
  periodRanges,
  watchedDepartment,
} from '../dashboards.ts';
import { AdoptionTeamView } from './AdoptionTeamView.tsx';

const route = getRouteApi('/app/dashboards');

/**
 * `/dashboards`: a department's metrics at a glance. One tile per metric (the period's value, the change from the
 * period before and whether that is good news, the objectives set on it), then the chosen metric over time and by
 * person. Every number counts only the records the reader may see.
 */
export function DashboardPage() {
  const me = useMe();
  const search = route.useSearch();
  const navigate = useNavigate();
  const setup = useQuery(setupQueryOptions());
  const watched = setup.data?.watchedMetrics ?? [];
  const departments = [
    ...(watched.length > 0 ? [watchedDepartment(watched)] : []),
    ...DEPARTMENTS.filter((d) => !d.module || me.workspace.modules[d.module]),
  ];
  const department = departments.find((d) => d.key === search.department) ?? departments[0];
  const period: PeriodKey = search.period ?? '30d';
  useDocumentTitle(department ? `${department.label} dashboard` : 'Dashboards');
  const metrics = useQuery(metricsQueryOptions());
  const objectives = useQuery(objectivesQueryOptions());
  const set = (next: Partial<typeof search>) =>
    void navigate({ to: '/dashboards', search: { ...search, ...next }, replace: true });

  if (!department)
    return (
      <Stack>
        <PageHeader title="Dashboards" />
        <Text c="dimmed">Switch on a module in Settings → Workspace to see its dashboard.</Text>
      </Stack>
    );
  const registered = new Map((metrics.data ?? []).map((m) => [m.id, m]));
  const ids = department.metrics.filter((id) => registered.has(id) || metrics.isPending);
  const chosen = ids.includes(search.metric ?? '') ? search.metric! : ids[0];
  return (
    <Stack gap="lg">
      <PageHeader
        title="Dashboards"
        description="How each department is doing, from its own records: the period's value, the change from the period before, and the objectives set on it."
        actions={
          <>
            <ButtonLink to="/dashboards/custom" variant="default">
              Custom dashboards
            </ButtonLink>
            <SegmentedControl
              aria-label="Period"
              value={period}
              onChange={(v) => set({ period: v as PeriodKey })}
              data={Object.entries(PERIODS).map(([value, p]) => ({ value, label: p.label }))}
            />
          </>
        }
      />
      <Tabs value={department.key} onChange={(v) => v && set({ department: v, metric: undefined })}>
        <Tabs.List>
          {departments.map((d) => (
            <Tabs.Tab key={d.key} value={d.key}>
              {d.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      {metrics.isError ? <ErrorAlert error={metrics.error} title="The metrics could not load" /> : null}
      <SimpleGrid cols={{ base: 1, xs: 2, lg: 4 }} spacing="md">
        {ids.map((id) => (
          <MetricTile
            key={id}
            id={id}
            metric={registered.get(id)}
            period={period}
            currency={me.workspace.defaultCurrency}
            objectives={(objectives.data ?? []).filter((o) => o.metricId === id)}
            selected={id === chosen}
            onSelect={() => set({ metric: id })}
          />
        ))}
      </SimpleGrid>
      {chosen ? (
        <MetricDetail
          key={`${chosen}-${period}`}
          id={chosen}
          metric={registered.get(chosen)}
          period={period}
          currency={me.workspace.defaultCurrency}
          department={department}
        />
      ) : null}
      {department.key === 'adoption' ? (
        <AdoptionTeamView period={period} registered={registered} currency={me.workspace.defaultCurrency} />
      ) : null}
    </Stack>
  );
}

function MetricTile({
  id,
  metric,
  period,
  currency,
  objectives,
  selected,
  onSelect,
}: {
  id: string;
  metric: Metric | undefined;
  period: PeriodKey;
  currency: string;
  objectives: Objective[];
  selected: boolean;
  onSelect: () => void;
}) {
  const ranges = periodRanges(period);
  const interval = PERIODS[period].interval;
  const current = useQuery(metricValueQueryOptions(id, { ...ranges.current, interval }));
  const previous = useQuery(metricValueQueryOptions(id, { ...ranges.previous, interval }));
  const name = metric?.name ?? id;
  const fmt = (v: number | null) => formatMetric(v, metric, currency);
  // Objectives compare counts and money as rates per week.
  const goal = (v: number | null) => formatMetric(v, metric, currency, { perWeek: true });
  const c = change(current.data?.value ?? null, previous.data?.value ?? null, metric?.direction ?? 'up');
  const Arrow = !c || c.delta === 0 ? IconMinus : c.delta > 0 ? IconArrowUpRight : IconArrowDownRight;
  const color = !c || c.good === null ? 'dimmed' : c.good ? 'teal.9' : 'red.9';
  const verdict = !c ? 'no earlier value' : c.good === null ? 'no change' : c.good ? 'better' : 'worse';
  const deltaText = c
    ? metric?.unit === 'ratio'
      ? `${c.delta >= 0 ? '+' : '−'}${Math.abs(Math.round(c.delta * 1000) / 10)} pts`
      : `${c.delta >= 0 ? '+' : '−'}${fmt(Math.abs(c.delta))}`
    : '';
  return (
    <Paper
      withBorder
      p="md"
      radius="md"
      h="100%"
      style={selected ? { borderColor: 'var(--mantine-color-blue-6)' } : {}}
    >
      <Stack gap={6}>
        <Tooltip label={metric?.definition ?? ''} multiline w={320} disabled={!metric} openDelay={400}>
          <UnstyledButton onClick={onSelect} aria-pressed={selected} style={{ display: 'block', width: '100%' }}>
            <Stack gap={4}>
              <Text size="sm" c="dimmed" fw={500}>
                {name}
              </Text>
              {current.isPending ? (
                <Skeleton height={30} width="60%" />
              ) : (
                <Text fz={26} fw={700} lh={1.2}>
                  {fmt(current.data?.value ?? null)}
                </Text>
              )}
              {previous.isPending || current.isPending ? (
                <Skeleton height={14} width="80%" />
              ) : (
                <Text size="sm" c={color} style={{ display: 'flex', alignItems: 'center', gap: 4, flexWrap: 'wrap' }}>
                  <Arrow size={16} aria-hidden />
                  {deltaText ? <span>{deltaText}</span> : null}
                  <Text span size="xs" c="dimmed">
                    {c
                      ? `${verdict} than the ${PERIODS[period].days} days before (${fmt(previous.data?.value ?? null)})`
                      : verdict}
                  </Text>
                </Text>
              )}
            </Stack>
          </UnstyledButton>
        </Tooltip>
        {objectives.map((o) => (
          <Group key={o.id} gap={6} wrap="nowrap" mih={24}>
            <Badge size="sm" variant="light" color={STATUS[o.status].color} style={{ flexShrink: 0 }}>
              {STATUS[o.status].label}
            </Badge>
            <AnchorLink
              size="sm"
              to="/objectives/$objectiveId"
              params={{ objectiveId: o.id }}
              lineClamp={1}
              py={2}
              style={{ minHeight: 24 }}
            >
              {o.name}
            </AnchorLink>
            <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
              {goal(o.baseline)} → {goal(o.target)}
            </Text>
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}

function MetricDetail({
  id,
  metric,
  period,
  currency,
  department,
}: {
  id: string;
  metric: Metric | undefined;
  period: PeriodKey;
  currency: string;
  department: Department;
}) {
  const ranges = periodRanges(period);
  const interval = PERIODS[period].interval;
  const series = useQuery(metricValueQueryOptions(id, { ...ranges.current, interval }));
  const split = department.splits?.[id];
  const byUser = useQuery(metricValueQueryOptions(id, { ...ranges.current, interval, by: split?.by ?? 'user' }));
  const name = metric?.name ?? id;
  const splitTitle = split ? split.title : `${name} by person`;
  const fmt = (v: number) => formatMetric(v, metric, currency);
  const href = recordsHref(id);
  const label = (p: string) =>
    interval === 'month'
      ? dayjs(p).format('MMM YYYY')
      : interval === 'week'
        ? `Week of ${dayjs(p).format('D MMM')}`
        : dayjs(p).format('D MMM');
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
      <Paper withBorder p="md" radius="md">
        {series.isError ? (
          <ErrorAlert error={series.error} title="The chart could not load" />
        ) : series.isPending ? (
          <Skeleton height={280} />
        ) : (
          <Chart
            kind="line"
            title={`${name}, ${interval} by ${interval}`}
            description={`${PERIODS[period].label}, ${department.label.toLowerCase()} dashboard. ${metric?.definition ?? ''}`}
            rows={series.data.series}
            rowKey={(r) => r.period}
            rowLabel={(r) => label(r.period)}
            rowHeader={interval === 'month' ? 'Month' : interval === 'week' ? 'Week' : 'Day'}
            series={[{ key: 'value', label: name, color: 'blue.6' }]}
            value={(r) => r.value}
            format={fmt}
          />
        )}
      </Paper>
      <Paper withBorder p="md" radius="md">
        {byUser.isError ? (
          <ErrorAlert error={byUser.error} title="The chart could not load" />
        ) : byUser.isPending ? (
          <Skeleton height={280} />
        ) : byUser.data.groups.length === 0 ? (
          <Stack gap={4}>
            <Text fw={600}>{splitTitle}</Text>
            <Text size="sm" c="dimmed">
              Nothing was counted in this period among the records you may see.
            </Text>
          </Stack>
        ) : (
          <Chart
            kind="bar"
            title={splitTitle}
            description={`${PERIODS[period].label}. ${split ? `Counted by ${split.header.toLowerCase()}.` : 'Counted by the person each record belongs to.'}`}
            rows={byUser.data.groups}
            rowKey={(g) => g.key ?? 'none'}
            rowLabel={(g) => g.label || 'Nobody'}
            rowHeader={split?.header ?? 'Person'}
            series={[{ key: 'value', label: name, color: 'teal.6' }]}
            value={(g) => g.value}
            format={fmt}
            href={href ? () => href : undefined}
            defaultView={byUser.data.groups.length > 12 ? 'table' : 'chart'}
          />
        )}
      </Paper>
    </SimpleGrid>
  );
}
