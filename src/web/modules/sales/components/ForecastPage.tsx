import { Group, Paper, SegmentedControl, Select, Skeleton, Stack, Text } from '@mantine/core';
import { IconLayoutKanban, IconTrendingUp } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { Chart } from '../../../ui/Chart.tsx';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { currencyDigits, formatMoney } from '../../../ui/format.ts';
import { ButtonLink } from '../../../ui/links.tsx';
import { PageHeader } from '../../../ui/PageHeader.tsx';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { stringifySearchParams } from '../../records/listSearch.ts';
import { type ForecastRow, forecastQueryOptions } from '../api/deals.ts';
import type { Pipeline } from '../api/pipelines.ts';
import type { ForecastSearch } from '../search.ts';
import { usePipelines } from './DealsPage.tsx';

const route = getRouteApi('/app/deals/forecast');

type Measure = 'weighted' | 'bestCase' | 'commit' | 'closedWon' | 'quota';

const SERIES: { key: Measure; label: string; color: string }[] = [
  { key: 'weighted', label: 'Weighted', color: 'blue.6' },
  { key: 'bestCase', label: 'Best case', color: 'cyan.6' },
  { key: 'commit', label: 'Commit', color: 'violet.6' },
  { key: 'closedWon', label: 'Closed won', color: 'teal.7' },
  { key: 'quota', label: 'Quota', color: 'gray.6' },
];

function currentQuarter(): string {
  const now = dayjs();
  return `${now.year()}-Q${Math.floor(now.month() / 3) + 1}`;
}

/** Quarters or months around a period, for the picker. */
function periodsAround(period: string): { value: string; label: string }[] {
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  if (q) {
    const index = Number(q[1]) * 4 + Number(q[2]) - 1;
    return Array.from({ length: 13 }, (_, i) => {
      const n = index - 6 + i;
      const value = `${Math.floor(n / 4)}-Q${(n % 4) + 1}`;
      return { value, label: `Q${(n % 4) + 1} ${Math.floor(n / 4)}` };
    });
  }
  const start = dayjs(`${period}-01`);
  return Array.from({ length: 25 }, (_, i) => {
    const d = start.add(i - 12, 'month');
    return {
      value: d.format('YYYY-MM'),
      label: d.toDate().toLocaleDateString(undefined, { month: 'long', year: 'numeric' }),
    };
  });
}

/** `/deals/forecast`: weighted pipeline, best case, commit and closed won per owner or team, each linking to its deals. */
export function ForecastPage() {
  const search = route.useSearch();
  const navigate = useNavigate();
  useDocumentTitle('Forecast', 'Deals');
  const pipelines = usePipelines();
  const period = search.period ?? currentQuarter();
  const by = search.by ?? 'owner';
  const pipeline = pipelines.active.find((p) => p.id === search.pipeline);
  const forecast = useQuery(
    forecastQueryOptions({ period, by, ...(search.pipeline ? { pipelineId: search.pipeline } : {}) }),
  );
  const go = (next: ForecastSearch) => void navigate({ to: '/deals/forecast', search: next, replace: true });
  const isQuarter = period.includes('Q');
  const periods = useMemo(() => periodsAround(period), [period]);

  return (
    <Stack gap="md">
      <PageHeader
        title="Forecast"
        description="Deals counted by expected close date in the period; closed won by the date they were won."
        actions={
          <>
            <ButtonLink
              variant="default"
              to="/deals/performance"
              leftSection={<IconTrendingUp size={16} aria-hidden />}
            >
              Performance
            </ButtonLink>
            <ButtonLink
              variant="default"
              to="/deals"
              search={search.pipeline ? { pipeline: search.pipeline } : {}}
              leftSection={<IconLayoutKanban size={16} aria-hidden />}
            >
              Board
            </ButtonLink>
          </>
        }
      />
      <Group gap="xs" align="flex-end" wrap="wrap">
        <Select
          label="Pipeline"
          size="sm"
          w={200}
          allowDeselect={false}
          data={[
            { value: '', label: 'All pipelines' },
            ...pipelines.active.map((p) => ({ value: p.id, label: p.name })),
          ]}
          value={search.pipeline ?? ''}
          onChange={(v) => go({ ...search, pipeline: v || undefined })}
        />
        <SegmentedControl
          aria-label="Period length"
          value={isQuarter ? 'quarter' : 'month'}
          onChange={(v) => {
            const now = dayjs();
            go({ ...search, period: v === 'quarter' ? currentQuarter() : now.format('YYYY-MM') });
          }}
          data={[
            { value: 'quarter', label: 'Quarter' },
            { value: 'month', label: 'Month' },
          ]}
        />
        <Select
          label="Period"
          size="sm"
          w={180}
          allowDeselect={false}
          data={periods}
          value={period}
          onChange={(v) => v && go({ ...search, period: v })}
        />
        <SegmentedControl
          aria-label="Group by"
          value={by}
          onChange={(v) => go({ ...search, by: v === 'team' ? 'team' : undefined })}
          data={[
            { value: 'owner', label: 'By owner' },
            { value: 'team', label: 'By team' },
          ]}
        />
      </Group>
      {forecast.isError ? (
        <ErrorAlert error={forecast.error} title="The forecast could not load" onRetry={() => forecast.refetch()} />
      ) : !forecast.data ? (
        <Skeleton height={320} aria-label="Loading the forecast" />
      ) : forecast.data.rows.length === 0 ? (
        <Paper withBorder p="lg" radius="md">
          <Text fw={600}>Nothing to forecast for this period</Text>
          <Text size="sm" c="dimmed" mb="sm">
            The forecast adds up open deals expected to close in the period and the deals won in it. Give your deals an
            expected close date, or pick another period.
          </Text>
          <ButtonLink to="/deals" search={search.pipeline ? { pipeline: search.pipeline } : {}}>
            Open the board
          </ButtonLink>
        </Paper>
      ) : (
        <Paper withBorder p="md" radius="md">
          <ForecastChart
            rows={forecast.data.rows}
            total={forecast.data.total}
            currency={forecast.data.currency}
            from={forecast.data.from}
            to={forecast.data.to}
            by={by}
            pipeline={pipeline}
            pipelines={pipelines.active}
            periodLabel={periods.find((p) => p.value === period)?.label ?? period}
          />
        </Paper>
      )}
    </Stack>
  );
}

function ForecastChart({
  rows,
  total,
  currency,
  from,
  to,
  by,
  pipeline,
  pipelines,
  periodLabel,
}: {
  rows: ForecastRow[];
  total: ForecastRow;
  currency: string;
  from: string;
  to: string;
  by: 'owner' | 'team';
  pipeline: Pipeline | undefined;
  pipelines: Pipeline[];
  periodLabel: string;
}) {
  const digits = currencyDigits(currency);
  const scope = pipeline ? [pipeline] : pipelines;
  const stageIds = (outcome: 'open' | 'won') =>
    scope.flatMap((p) => p.stages.filter((s) => s.outcome === outcome).map((s) => s.id)).join('|');
  const withQuota = rows.some((r) => r.quota !== null);
  const series = SERIES.filter((s) => s.key !== 'quota' || withQuota);

  /** The deals behind a number, as the deals table filtered to them. */
  const href = (row: ForecastRow, measure: string): string | null => {
    if (measure === 'quota') return null;
    const filter: string[] = [];
    if (pipeline) filter.push(`pipelineId:eq:${pipeline.id}`);
    if (row !== total) {
      const field = by === 'owner' ? 'ownerId' : 'teamId';
      filter.push(row.key === null ? `${field}:empty` : `${field}:eq:${row.key}`);
    }
    if (measure === 'closedWon') {
      const won = stageIds('won');
      if (won) filter.push(`stageId:in:${won}`);
      filter.push(`closedAt:gte:${from}`, `closedAt:lt:${to}`);
    } else {
      const open = stageIds('open');
      if (open) filter.push(`stageId:in:${open}`);
      filter.push(`expectedCloseDate:gte:${from}`, `expectedCloseDate:lt:${to}`);
      if (measure === 'commit') filter.push('commit:eq:true');
    }
    return `/deals${stringifySearchParams({ layout: 'table', pipeline: pipeline?.id, filter })}`;
  };

  return (
    <Chart<ForecastRow>
      kind="bar"
      title={`Forecast for ${periodLabel}, by ${by}`}
      description={`In ${currency}. Weighted is each open deal's amount times its stage's win probability; best case counts every open deal in full; commit, the deals their owner committed.`}
      rows={rows}
      totalRow={total}
      rowKey={(r) => r.key ?? '(none)'}
      rowLabel={(r) => r.label}
      rowHeader={by === 'owner' ? 'Owner' : 'Team'}
      series={series}
      value={(r, key) => {
        const m = r[key as Measure];
        return m ? m.amountMinor / 10 ** digits : null;
      }}
      format={(v) => formatMoney(Math.round(v * 10 ** digits), currency)}
      href={href}
    />
  );
}
