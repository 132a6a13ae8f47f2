import '@mantine/charts/styles.css';
import { BarChart, DonutChart, LineChart } from '@mantine/charts';
import { Anchor, Group, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { useRouter } from '@tanstack/react-router';
import { type MouseEvent, type ReactNode, useId, useState } from 'react';

/**
 * A chart for dashboards (Mantine charts: bars, lines or a donut) with its numbers one click away as a table, so every
 * value can be read without seeing colours and reached by keyboard; each bar, segment, point and cell can lead to the
 * records behind it (`href`).
 */

export interface ChartSeries {
  key: string;
  label: string;
  /** A Mantine colour ("blue.6"). */
  color: string;
}

export interface ChartProps<R> {
  kind: 'bar' | 'line' | 'donut';
  /** The chart's caption, also its name for screen readers. */
  title: string;
  /** A sentence under the title: what is counted, for which period. */
  description?: ReactNode;
  rows: R[];
  rowKey: (row: R) => string;
  rowLabel: (row: R) => string;
  /** Heading of the rows' column in the table ("Owner"). */
  rowHeader: string;
  /** A donut draws the first series, one segment per row. */
  series: ChartSeries[];
  value: (row: R, series: string) => number | null;
  format: (value: number) => string;
  /** Where a value leads (the records behind it); null when it leads nowhere. */
  href?: (row: R, series: string) => string | null;
  /** A last table row (totals), not drawn in the chart. */
  totalRow?: R;
  height?: number;
  /** Start on the table (a phone, a long list). */
  defaultView?: 'chart' | 'table';
}

export function Chart<R>(props: ChartProps<R>) {
  const { title, description, defaultView = 'chart' } = props;
  const [view, setView] = useState<'chart' | 'table'>(defaultView);
  const titleId = useId();
  return (
    <Stack gap="xs" component="figure" m={0} aria-labelledby={titleId}>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
        <Stack gap={0}>
          <Text fw={600} id={titleId} component="div">
            {title}
          </Text>
          {description ? (
            <Text size="sm" c="dimmed" component="div">
              {description}
            </Text>
          ) : null}
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
      {view === 'chart' ? <ChartDrawing {...props} /> : <ChartTable {...props} />}
    </Stack>
  );
}

function ChartDrawing<R>({ kind, title, rows, rowLabel, series, value, format, href, height = 260 }: ChartProps<R>) {
  const router = useRouter();
  const go = (row: R | undefined, key: string | undefined) => {
    if (row === undefined || key === undefined || !href) return;
    const to = href(row, key);
    if (to) router.history.push(to);
  };
  const data = rows.map((row) => {
    const point: Record<string, string | number> = { label: rowLabel(row) };
    for (const s of series) point[s.key] = value(row, s.key) ?? 0;
    return point;
  });
  const summary = `${title}. Switch to Table to read each value.`;
  const clickable = href ? { cursor: 'pointer' } : {};

  if (kind === 'donut') {
    const first = series[0];
    const colors = ['blue.6', 'teal.6', 'violet.6', 'orange.6', 'cyan.6', 'pink.6', 'lime.7', 'gray.6'];
    return (
      <div role="img" aria-label={summary}>
        <DonutChart
          h={height}
          withTooltip
          tooltipDataSource="segment"
          valueFormatter={format}
          data={rows.map((row, i) => ({
            name: rowLabel(row),
            value: first ? (value(row, first.key) ?? 0) : 0,
            color: colors[i % colors.length] ?? 'gray.6',
          }))}
          pieProps={{ onClick: (_data, index) => go(rows[index], first?.key), style: clickable }}
        />
      </div>
    );
  }
  const common = {
    h: height,
    data,
    dataKey: 'label',
    series: series.map((s) => ({ name: s.key, label: s.label, color: s.color })),
    valueFormatter: format,
    withLegend: true,
    legendProps: { verticalAlign: 'bottom' as const },
  };
  if (kind === 'line') {
    return (
      <div role="img" aria-label={summary}>
        <LineChart
          {...common}
          curveType="linear"
          lineChartProps={{
            onClick: (state: { activeTooltipIndex?: number | string | null }) =>
              go(rows[Number(state?.activeTooltipIndex)], series[0]?.key),
            style: clickable,
          }}
        />
      </div>
    );
  }
  return (
    <div role="img" aria-label={summary}>
      <BarChart
        {...common}
        barProps={(s) => ({
          onClick: (_data: unknown, index: number) => go(rows[index], s.name),
          style: clickable,
        })}
      />
    </div>
  );
}

function ChartTable<R>({
  title,
  rows,
  rowKey,
  rowLabel,
  rowHeader,
  series,
  value,
  format,
  href,
  totalRow,
}: ChartProps<R>) {
  const router = useRouter();
  const cell = (row: R, key: string) => {
    const v = value(row, key);
    if (v === null)
      return (
        <Text span c="dimmed">
          —
        </Text>
      );
    const to = href?.(row, key);
    if (!to) return format(v);
    return (
      <Anchor
        href={to}
        underline="always"
        onClick={(event: MouseEvent<HTMLAnchorElement>) => {
          if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
          event.preventDefault();
          router.history.push(to);
        }}
      >
        {format(v)}
      </Anchor>
    );
  };
  return (
    <Table.ScrollContainer minWidth={360}>
      <Table striped highlightOnHover aria-label={title}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{rowHeader}</Table.Th>
            {series.map((s) => (
              <Table.Th key={s.key} scope="col" ta="right">
                {s.label}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={rowKey(row)}>
              <Table.Th scope="row" fw={500}>
                {rowLabel(row)}
              </Table.Th>
              {series.map((s) => (
                <Table.Td key={s.key} ta="right">
                  {cell(row, s.key)}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
        {totalRow !== undefined ? (
          <Table.Tfoot>
            <Table.Tr>
              <Table.Th scope="row">{rowLabel(totalRow)}</Table.Th>
              {series.map((s) => (
                <Table.Td key={s.key} ta="right" fw={600}>
                  {cell(totalRow, s.key)}
                </Table.Td>
              ))}
            </Table.Tr>
          </Table.Tfoot>
        ) : null}
      </Table>
    </Table.ScrollContainer>
  );
}
