import { Anchor, Group, Paper, ScrollArea, Skeleton, Stack, Table, Text } from '@mantine/core';
import { IconArrowDownRight, IconArrowUpRight, IconMinus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import type { FieldMeta } from '../../../api/types.ts';
import { Chart } from '../../../ui/Chart.tsx';
import { formatMoney } from '../../../ui/format.ts';
import { AnchorLink } from '../../../ui/links.tsx';
import { useMe } from '../../auth/hooks/useMe.ts';
import { formatMetric, type Metric, recordsHref } from '../../objectives/api.ts';
import { change } from '../../objectives/dashboards.ts';
import { fieldsQueryOptions } from '../../records/api/records.ts';
import { FieldValue } from '../../records/components/FieldValue.tsx';
import { readField } from '../../records/fieldValues.ts';
import { PERIOD_LABELS, RECORD_OBJECTS, type Widget, type WidgetData } from '../api.ts';

const periodLabel = (p: string, interval: string | undefined) =>
  interval === 'month'
    ? dayjs(p).format('MMM YYYY')
    : interval === 'week'
      ? `Week of ${dayjs(p).format('D MMM')}`
      : dayjs(p).format('D MMM');

/** One widget of a dashboard, drawn from its computed data (numbers the viewer may see). */
export function WidgetCard({
  widget,
  data,
  metrics,
  loading,
}: {
  widget: Widget;
  data: WidgetData | undefined;
  metrics: Map<string, Metric>;
  loading: boolean;
}) {
  return (
    <Paper withBorder p="md" radius="md" h="100%" component="section" aria-label={widget.title}>
      <Stack gap="xs">
        <Group justify="space-between" gap={4} wrap="wrap">
          <Text fw={600} component="h2" fz="md" m={0}>
            {widget.title}
          </Text>
          <Text size="xs" c="dimmed">
            {PERIOD_LABELS[widget.period]}
          </Text>
        </Group>
        {loading || !data ? (
          <Skeleton height={widget.kind === 'metric' ? 60 : 200} />
        ) : data.error ? (
          <Text size="sm" c="dimmed">
            {data.error.detail} This widget counts only what you may see; nothing here is for your role.
          </Text>
        ) : (
          <WidgetBody widget={widget} data={data} metrics={metrics} />
        )}
      </Stack>
    </Paper>
  );
}

function WidgetBody({ widget, data, metrics }: { widget: Widget; data: WidgetData; metrics: Map<string, Metric> }) {
  const currency = useMe().workspace.defaultCurrency;
  const metric = widget.metricId ? metrics.get(widget.metricId) : undefined;
  const fmt = (v: number | null | undefined) => formatMetric(v ?? null, metric, currency);
  const href = widget.metricId ? recordsHref(widget.metricId) : null;
  const name = metric?.name ?? widget.metricId ?? '';
  switch (widget.kind) {
    case 'metric': {
      const c = change(data.value ?? null, data.previous?.value ?? null, metric?.direction ?? 'up');
      const Arrow = !c || c.delta === 0 ? IconMinus : c.delta > 0 ? IconArrowUpRight : IconArrowDownRight;
      const color = !c || c.good === null ? 'dimmed' : c.good ? 'teal.9' : 'red.9';
      const verdict = !c ? 'no earlier value' : c.good === null ? 'no change' : c.good ? 'better' : 'worse';
      const delta = c
        ? metric?.unit === 'ratio'
          ? `${c.delta >= 0 ? '+' : '−'}${Math.abs(Math.round(c.delta * 1000) / 10)} pts`
          : `${c.delta >= 0 ? '+' : '−'}${fmt(Math.abs(c.delta))}`
        : '';
      const value = fmt(data.value);
      return (
        <Stack gap={4}>
          <Text size="sm" c="dimmed">
            {name}
          </Text>
          {href ? (
            <AnchorLink
              to={href as '/deals'}
              fz={28}
              fw={700}
              lh={1.2}
              aria-label={`${value}: open the records behind it`}
            >
              {value}
            </AnchorLink>
          ) : (
            <Text fz={28} fw={700} lh={1.2}>
              {value}
            </Text>
          )}
          <Text size="sm" c={color} style={{ display: 'flex', alignItems: 'center', gap: 4, flexWrap: 'wrap' }}>
            <Arrow size={16} aria-hidden />
            {delta ? <span>{delta}</span> : null}
            <Text span size="xs" c="dimmed">
              {c ? `${verdict} than the period before (${fmt(data.previous?.value)})` : verdict}
            </Text>
          </Text>
        </Stack>
      );
    }
    case 'trend': {
      const withTarget = data.objective && data.objective.target !== null;
      const rows = data.series ?? [];
      return rows.length === 0 ? (
        <Empty />
      ) : (
        <Chart
          kind="line"
          title={name}
          description={
            withTarget
              ? `Against the target of “${data.objective!.name}”${data.objective!.perWeek ? ' (its weekly rate, over each period’s days)' : ''}.`
              : metric?.definition
          }
          rows={rows}
          rowKey={(r) => r.period}
          rowLabel={(r) => periodLabel(r.period, data.interval)}
          rowHeader={data.interval === 'month' ? 'Month' : data.interval === 'week' ? 'Week' : 'Day'}
          series={[
            { key: 'value', label: name, color: 'blue.6' },
            ...(withTarget ? [{ key: 'target', label: 'Target', color: 'orange.7' }] : []),
          ]}
          value={(r, key) => (key === 'target' ? (r.target ?? null) : r.value)}
          format={(v) => fmt(v)}
          href={href ? (_r, key) => (key === 'value' ? href : null) : undefined}
          height={220}
        />
      );
    }
    case 'bar': {
      const groups = data.groups ?? [];
      return groups.length === 0 ? (
        <Empty />
      ) : (
        <Chart
          kind="bar"
          title={`${name} by ${widget.by === 'user' ? 'person' : (widget.by ?? '')}`}
          rows={groups}
          rowKey={(g) => g.key ?? 'none'}
          rowLabel={(g) => g.label || 'Nobody'}
          rowHeader={widget.by === 'user' ? 'Person' : widget.by === 'team' ? 'Team' : 'Group'}
          series={[{ key: 'value', label: name, color: 'teal.6' }]}
          value={(g) => g.value}
          format={(v) => fmt(v)}
          href={href ? () => href : undefined}
          defaultView={groups.length > 12 ? 'table' : 'chart'}
          height={220}
        />
      );
    }
    case 'funnel': {
      const steps = data.steps ?? [];
      const first = steps[0]?.value ?? null;
      const isPipeline = widget.pipelineId !== undefined;
      return steps.length === 0 ? (
        <Empty />
      ) : (
        <Chart
          kind="bar"
          title={isPipeline ? 'Deals by stage' : 'Steps'}
          description={
            first
              ? `Each step as a share of the first: ${steps.map((s) => `${s.label} ${Math.round(((s.value ?? 0) / first) * 100)}%`).join(', ')}.`
              : 'Nothing counted yet in the first step.'
          }
          rows={steps}
          rowKey={(s) => s.key}
          rowLabel={(s) => s.label}
          rowHeader={isPipeline ? 'Stage' : 'Step'}
          series={[{ key: 'value', label: isPipeline ? 'Deals' : 'Value', color: 'grape.6' }]}
          value={(s) => s.value}
          format={(v) =>
            isPipeline ? v.toLocaleString() : formatMetric(v, metrics.get(steps[0]?.key ?? ''), currency)
          }
          href={
            isPipeline ? (s) => `/deals?filter=${encodeURIComponent(`stageId:eq:${s.key}`)}` : (s) => recordsHref(s.key)
          }
          height={220}
        />
      );
    }
    case 'records':
      return <RecordsTable data={data} />;
  }
}

function Empty() {
  return (
    <Text size="sm" c="dimmed">
      Nothing was counted in this period among the records you may see.
    </Text>
  );
}

function RecordsTable({ data }: { data: WidgetData }) {
  const r = data.records!;
  const object = RECORD_OBJECTS.find((o) => o.value === r.object);
  const fields = useQuery({ ...fieldsQueryOptions(r.object as 'people'), enabled: object !== undefined });
  const byKey = new Map((fields.data ?? []).map((f: FieldMeta) => [f.key, f]));
  const currency = useMe().workspace.defaultCurrency;
  const listSearch = { filter: r.filters.length > 0 ? r.filters : undefined, sort: r.sort ?? undefined };
  const total = r.totalCapped ? `${r.total.toLocaleString()}+` : r.total.toLocaleString();
  if (r.rows.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No records match, among those you may see.
      </Text>
    );
  return (
    <Stack gap="xs">
      <ScrollArea type="auto">
        <Table striped highlightOnHover fz="sm" miw={320}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              {r.columns
                .filter((k) => k !== 'name')
                .map((k) => (
                  <Table.Th key={k}>{byKey.get(k)?.label ?? k}</Table.Th>
                ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {r.rows.map((row) => {
              const id = String(row.id);
              const label = String(row.name ?? row.subject ?? row.number ?? id);
              return (
                <Table.Tr key={id}>
                  <Table.Td>
                    {object ? (
                      <Anchor href={`${object.path}/${encodeURIComponent(id)}`} size="sm">
                        {label}
                      </Anchor>
                    ) : (
                      label
                    )}
                  </Table.Td>
                  {r.columns
                    .filter((k) => k !== 'name')
                    .map((k) => {
                      const field = byKey.get(k);
                      const value = readField(row, k);
                      return (
                        <Table.Td key={k}>
                          {field ? (
                            <FieldValue field={field} value={value} compact />
                          ) : typeof value === 'object' && value !== null && 'amountMinor' in value ? (
                            formatMoney(Number((value as { amountMinor: number }).amountMinor), currency)
                          ) : (
                            String(value ?? '—')
                          )}
                        </Table.Td>
                      );
                    })}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </ScrollArea>
      {object ? (
        <AnchorLink size="sm" to={object.path} search={listSearch as never}>
          {`All ${total} ${object.label.toLowerCase()}`}
        </AnchorLink>
      ) : (
        <Text size="sm" c="dimmed">{`${total} in all`}</Text>
      )}
    </Stack>
  );
}
