import { Sparkline } from '@mantine/charts';
import { Button, Group, Paper, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconPlus, IconTarget } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useState } from 'react';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { formatDate } from '../../../ui/format.ts';
import { AnchorLink } from '../../../ui/links.tsx';
import { PageHeader } from '../../../ui/PageHeader.tsx';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { can, useMe } from '../../auth/hooks/useMe.ts';
import { useUsers } from '../../settings/api/directory.ts';
import {
  describeTargetInput,
  formatMetric,
  type Metric,
  metricsQueryOptions,
  metricValueQueryOptions,
  type Objective,
  objectivesQueryOptions,
  STATUS,
} from '../api.ts';
import { NewObjectiveModal } from './ObjectiveForm.tsx';
import { StatusBadge } from './StatusBadge.tsx';

/** Monday of the week a day falls in (the metric series keys weeks by their Monday). */
export const weekOf = (d: dayjs.Dayjs) => d.subtract((d.day() + 6) % 7, 'day').startOf('day');

/** The last `weeks` complete weeks, as the metric query for a weekly trend. */
export function lastWeeks(weeks: number) {
  const lastMonday = weekOf(dayjs()).subtract(7, 'day');
  return {
    from: lastMonday.subtract(7 * (weeks - 1), 'day').format('YYYY-MM-DD'),
    to: lastMonday.add(6, 'day').format('YYYY-MM-DD'),
    interval: 'week' as const,
  };
}

/** `/objectives`: every objective as a card with its status, baseline → current → target and a small trend. */
export function ObjectivesPage() {
  useDocumentTitle('Objectives');
  const me = useMe();
  const mayWrite = can(me, 'settings', 'update');
  const [creating, setCreating] = useState(false);
  const objectives = useQuery(objectivesQueryOptions());
  const metrics = useQuery(metricsQueryOptions());
  const users = useUsers();
  const newButton = mayWrite ? (
    <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
      New objective
    </Button>
  ) : null;

  return (
    <Stack gap="md">
      <PageHeader
        title="Objectives"
        description="What the business wants to achieve, in numbers, measured live from Rapport’s own data."
        actions={newButton}
      />
      {objectives.isError ? (
        <ErrorAlert
          error={objectives.error}
          title="The objectives could not load"
          onRetry={() => objectives.refetch()}
        />
      ) : objectives.isPending ? (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <Skeleton height={180} />
          <Skeleton height={180} />
        </SimpleGrid>
      ) : objectives.data.length === 0 ? (
        <Paper withBorder radius="md" p="xl">
          <Stack gap="sm" align="flex-start">
            <IconTarget size={32} aria-hidden />
            <Title order={2} size="h3">
              No objectives yet
            </Title>
            <Text maw={640}>
              An objective is a measurable goal, e.g. raise first-contact resolution 25% by June. Rapport captures its
              baseline from your data, follows the metric every day and tells you whether you are on track.
            </Text>
            {newButton ?? (
              <Text size="sm" c="dimmed">
                An admin sets objectives; they show here for everyone.
              </Text>
            )}
          </Stack>
        </Paper>
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          {objectives.data.map((o) => (
            <ObjectiveCard
              key={o.id}
              objective={o}
              metric={metrics.data?.find((m) => m.id === o.metricId)}
              owner={
                users.data?.find((u) => u.id === o.ownerId)?.name ?? (o.ownerId === me.user.id ? me.user.name : null)
              }
              currency={me.workspace.defaultCurrency}
            />
          ))}
        </SimpleGrid>
      )}
      <NewObjectiveModal opened={creating} onClose={() => setCreating(false)} />
    </Stack>
  );
}

function ObjectiveCard({
  objective: o,
  metric,
  owner,
  currency,
}: {
  objective: Objective;
  metric: Metric | undefined;
  owner: string | null;
  currency: string;
}) {
  const fmt = (v: number | null) => formatMetric(v, metric, currency, { perWeek: true });
  return (
    <Paper withBorder radius="md" p="md" component="article" aria-label={o.name}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
          <Title order={2} size="h4">
            <AnchorLink to="/objectives/$objectiveId" params={{ objectiveId: o.id }} underline="hover">
              {o.name}
            </AnchorLink>
          </Title>
          <StatusBadge status={o.status} />
        </Group>
        {o.problem ? (
          <Text size="sm" lineClamp={2}>
            {o.problem}
          </Text>
        ) : null}
        <Text size="sm" c="dimmed">
          {metric?.name ?? o.metricId} · {owner ? `Owner: ${owner}` : 'Owner not known'} · until {formatDate(o.endDate)}
        </Text>
        <Group gap="xs" wrap="wrap">
          <Figure label="Baseline" value={fmt(o.baseline)} />
          <Text aria-hidden c="dimmed">
            →
          </Text>
          <Figure label="Current" value={fmt(o.current)} />
          <Text aria-hidden c="dimmed">
            →
          </Text>
          <Figure label="Target" value={fmt(o.target)} hint={describeTargetInput(o, metric, currency)} />
        </Group>
        <Trend objective={o} metric={metric} />
      </Stack>
    </Paper>
  );
}

function Figure({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600} title={hint}>
        {value}
      </Text>
    </Stack>
  );
}

/** The metric's last eight complete weeks, as a sparkline coloured like the status. */
function Trend({ objective: o, metric }: { objective: Objective; metric: Metric | undefined }) {
  const series = useQuery(metricValueQueryOptions(o.metricId, lastWeeks(8)));
  if (!series.data) return <Skeleton height={40} />;
  const values = series.data.series.map((s) => s.value ?? 0);
  const first = values[0] ?? 0;
  const last = values[values.length - 1] ?? 0;
  const way = last > first ? 'rising' : last < first ? 'falling' : 'flat';
  return (
    <Group gap="xs" wrap="nowrap">
      <Sparkline
        h={40}
        w="100%"
        data={values}
        curveType="linear"
        color={`${STATUS[o.status].color}.6`}
        fillOpacity={0.2}
        role="img"
        aria-label={`${metric?.name ?? 'Metric'} over the last 8 weeks: ${way}`}
      />
      <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
        8 weeks, {way}
      </Text>
    </Group>
  );
}
