import { Group, Paper, SegmentedControl, Select, Skeleton, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconChartBar, IconInfoCircle } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import dayjs from 'dayjs';
import { api } from '../../../api/client.ts';
import type { components } from '../../../api/schema.d.ts';
import { Chart } from '../../../ui/Chart.tsx';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { formatMoney } from '../../../ui/format.ts';
import { ButtonLink } from '../../../ui/links.tsx';
import { PageHeader } from '../../../ui/PageHeader.tsx';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import type { PerformanceSearch } from '../performanceSearch.ts';
import { usePipelines } from './DealsPage.tsx';

type Performance = components['schemas']['SalesPerformance'];
type Row = Performance['rows'][number];

const route = getRouteApi('/app/deals/performance');

const RANGES = [
  { value: 'quarter', label: 'This quarter' },
  { value: 'last-quarter', label: 'Last quarter' },
  { value: 'year', label: 'This year' },
  { value: '12m', label: 'Last 12 months' },
] as const;

/** [from, to) of a named range, as dates (to is exclusive: tomorrow for ranges that end today). */
export function rangeOf(range: PerformanceSearch['range'], today = dayjs()): { from: string; to: string } {
  const quarterStart = today.startOf('month').subtract(today.month() % 3, 'month');
  const tomorrow = today.add(1, 'day').format('YYYY-MM-DD');
  switch (range) {
    case 'last-quarter':
      return {
        from: quarterStart.subtract(3, 'month').format('YYYY-MM-DD'),
        to: quarterStart.format('YYYY-MM-DD'),
      };
    case 'year':
      return { from: today.startOf('year').format('YYYY-MM-DD'), to: tomorrow };
    case '12m':
      return { from: today.subtract(12, 'month').add(1, 'day').format('YYYY-MM-DD'), to: tomorrow };
    default:
      return { from: quarterStart.format('YYYY-MM-DD'), to: tomorrow };
  }
}

/** `/deals/performance`: how each rep or team sells over a period, and where deals drop out of the pipeline. */
export function PerformancePage() {
  const search = route.useSearch();
  const navigate = useNavigate();
  useDocumentTitle('Sales performance', 'Deals');
  const pipelines = usePipelines();
  const by = search.by ?? 'owner';
  const range = search.range ?? 'quarter';
  const { from, to } = rangeOf(range);
  const report = useQuery({
    queryKey: ['deals', 'performance', from, to, by, search.pipeline ?? ''],
    queryFn: () =>
      api.get<Performance>('/sales/performance', {
        from,
        to,
        by,
        ...(search.pipeline ? { pipelineId: search.pipeline } : {}),
      }),
  });
  const go = (next: PerformanceSearch) => void navigate({ to: '/deals/performance', search: next, replace: true });
  const data = report.data;
  const metric = (id: string) => data?.metrics.find((m) => m.id === id);
  const show = (id: string, value: number | null | undefined) => {
    if (value === null || value === undefined) return '—';
    const unit = metric(id)?.unit;
    if (unit === 'money' && data) return formatMoney(value, data.currency);
    if (unit === 'percent') return `${value}%`;
    if (unit === 'days') return `${value} d`;
    return value.toLocaleString();
  };
  const columns = data?.metrics.filter((m) => m.id !== 'sales.stage_conversion') ?? [];

  return (
    <Stack gap="md">
      <PageHeader
        title="Sales performance"
        description={`${dayjs(from).format('D MMM YYYY')} – ${dayjs(to).subtract(1, 'day').format('D MMM YYYY')}, over the deals you may see.`}
        actions={
          <ButtonLink variant="default" to="/deals/forecast" leftSection={<IconChartBar size={16} aria-hidden />}>
            Forecast
          </ButtonLink>
        }
      />
      <Group gap="xs" align="flex-end" wrap="wrap">
        <Select
          label="Period"
          size="sm"
          w={180}
          allowDeselect={false}
          data={RANGES.map((r) => ({ value: r.value, label: r.label }))}
          value={range}
          onChange={(v) => go({ ...search, range: (v ?? 'quarter') as PerformanceSearch['range'] })}
        />
        <Select
          label="Funnel of"
          size="sm"
          w={200}
          allowDeselect={false}
          data={[
            { value: '', label: 'First pipeline' },
            ...pipelines.active.map((p) => ({ value: p.id, label: p.name })),
          ]}
          value={search.pipeline ?? ''}
          onChange={(v) => go({ ...search, pipeline: v || undefined })}
        />
        <SegmentedControl
          aria-label="Group by"
          value={by}
          onChange={(v) => go({ ...search, by: v === 'team' ? 'team' : undefined })}
          data={[
            { value: 'owner', label: 'By rep' },
            { value: 'team', label: 'By team' },
          ]}
        />
      </Group>
      {report.isError ? (
        <ErrorAlert error={report.error} title="The report could not load" onRetry={() => report.refetch()} />
      ) : !data ? (
        <Skeleton height={320} aria-label="Loading the report" />
      ) : (
        <>
          <Paper withBorder p="md" radius="md">
            <Chart<Row>
              kind="bar"
              title={`Won by ${by === 'owner' ? 'rep' : 'team'}`}
              description="The amount of the deals won in the period, and how many."
              rows={data.rows.filter((r) => (r.values['sales.won_amount'] ?? 0) > 0)}
              rowKey={(r) => r.key ?? 'none'}
              rowLabel={(r) => r.label}
              rowHeader={by === 'owner' ? 'Rep' : 'Team'}
              series={[{ key: 'won', label: 'Won amount', color: 'teal.7' }]}
              value={(r) => r.values['sales.won_amount'] ?? null}
              format={(v) => formatMoney(v, data.currency)}
              totalRow={data.total}
              height={Math.max(160, 36 * data.rows.length)}
            />
          </Paper>
          <Paper withBorder radius="md">
            <Table.ScrollContainer minWidth={860}>
              <Table verticalSpacing="xs" striped aria-label="Sales performance by rep or team">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{by === 'owner' ? 'Rep' : 'Team'}</Table.Th>
                    {columns.map((m) => (
                      <Table.Th key={m.id} ta="right">
                        <Group gap={4} justify="flex-end" wrap="nowrap">
                          {m.name}
                          <Tooltip
                            label={`${m.definition} ${m.goodDirection === 'up' ? 'Higher is better.' : 'Lower is better.'}`}
                            multiline
                            w={260}
                          >
                            <IconInfoCircle size={14} aria-label={`What ${m.name} means`} />
                          </Tooltip>
                        </Group>
                      </Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.rows.map((r) => (
                    <Table.Tr key={r.key ?? 'none'}>
                      <Table.Td>{r.label}</Table.Td>
                      {columns.map((m) => (
                        <Table.Td key={m.id} ta="right">
                          {show(m.id, r.values[m.id])}
                        </Table.Td>
                      ))}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
                <Table.Tfoot>
                  <Table.Tr>
                    <Table.Th>Total</Table.Th>
                    {columns.map((m) => (
                      <Table.Th key={m.id} ta="right">
                        {show(m.id, data.total.values[m.id])}
                      </Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Tfoot>
              </Table>
            </Table.ScrollContainer>
          </Paper>
          {data.funnel ? (
            <Paper withBorder p="md" radius="md">
              <Chart<(typeof data.funnel.stages)[number]>
                kind="bar"
                title={`Funnel: ${data.funnel.pipelineName}`}
                description={metric('sales.stage_conversion')?.definition}
                rows={data.funnel.stages}
                rowKey={(s) => s.stageId}
                rowLabel={(s) => (s.conversion === null ? s.name : `${s.name} (${s.conversion}% go on)`)}
                rowHeader="Stage"
                series={[
                  { key: 'entered', label: 'Entered', color: 'blue.6' },
                  { key: 'reachedNext', label: 'Went on to the next stage', color: 'teal.7' },
                ]}
                value={(s, key) => (key === 'entered' ? s.entered : s.reachedNext)}
                format={(v) => v.toLocaleString()}
              />
            </Paper>
          ) : null}
          {data.rows.length === 0 ? (
            <Text size="sm" c="dimmed">
              No deals closed in this period among those you may see. Pick a longer period, or win one.
            </Text>
          ) : null}
        </>
      )}
    </Stack>
  );
}
