import { Paper, ScrollArea, Skeleton, Stack, Table, Text } from '@mantine/core';
import { useQueries } from '@tanstack/react-query';
import { Chart } from '../../../ui/Chart.tsx';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { formatMetric, type Metric, metricValueQueryOptions } from '../api.ts';
import { ADOPTION_FEATURES, ADOPTION_TEAM_VIEW, PERIODS, type PeriodKey, periodRanges } from '../dashboards.ts';

/**
 * The adoption dashboard's team view for managers: one row per person the reader may see, one column per adoption
 * metric, over the chosen period; then which parts of Rapport are used, by count of actions.
 */
export function AdoptionTeamView({
  period,
  registered,
  currency,
}: {
  period: PeriodKey;
  registered: Map<string, Metric>;
  currency: string;
}) {
  const range = periodRanges(period).current;
  const interval = PERIODS[period].interval;
  const columns = useQueries({
    queries: ADOPTION_TEAM_VIEW.map((c) => metricValueQueryOptions(c.metric, { ...range, interval, by: 'user' })),
  });
  const features = useQueries({
    queries: ADOPTION_FEATURES.map((f) => metricValueQueryOptions(f.metric, { ...range, interval })),
  });
  const failed = [...columns, ...features].find((q) => q.isError);
  const people = new Map<string, string>();
  for (const q of columns) for (const g of q.data?.groups ?? []) if (g.key) people.set(g.key, g.label);
  const rows = [...people].sort((a, b) => a[1].localeCompare(b[1]));
  const cell = (i: number, user: string) => {
    const col = ADOPTION_TEAM_VIEW[i]!;
    const v = columns[i]?.data?.groups.find((g) => g.key === user)?.value ?? null;
    return formatMetric(v, col.unit ? { unit: col.unit } : registered.get(col.metric), currency);
  };
  const featureRows = ADOPTION_FEATURES.map((f, i) => ({ ...f, value: features[i]?.data?.value ?? null }));
  return (
    <Stack gap="lg">
      {failed?.error ? <ErrorAlert error={failed.error} title="The team view could not load" /> : null}
      <Paper withBorder p="md" radius="md">
        <Stack gap="xs">
          <Text fw={600} component="h2" fz="md" m={0}>
            Team view
          </Text>
          <Text size="sm" c="dimmed">
            {PERIODS[period].label}, per person you may see: how much of the work happens in Rapport. A person who took
            no action in the period does not appear.
          </Text>
          {columns.some((q) => q.isPending) ? (
            <Skeleton height={120} />
          ) : rows.length === 0 ? (
            <Text size="sm" c="dimmed">
              Nobody you may see took an action in Rapport in this period. Once people log activities and update
              records, each appears here with their figures.
            </Text>
          ) : (
            <ScrollArea
              type="auto"
              viewportProps={{ tabIndex: 0, 'aria-label': 'Adoption per person (scrolls sideways)' }}
            >
              <Table striped highlightOnHover miw={640} aria-label="Adoption per person">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Person</Table.Th>
                    {ADOPTION_TEAM_VIEW.map((c) => (
                      <Table.Th key={c.metric} scope="col" ta="right">
                        {c.label}
                      </Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map(([id, name]) => (
                    <Table.Tr key={id}>
                      <Table.Th scope="row" fw={500}>
                        {name}
                      </Table.Th>
                      {ADOPTION_TEAM_VIEW.map((c, i) => (
                        <Table.Td key={c.metric} ta="right">
                          {cell(i, id)}
                        </Table.Td>
                      ))}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollArea>
          )}
        </Stack>
      </Paper>
      <Paper withBorder p="md" radius="md">
        {features.some((q) => q.isPending) ? (
          <Skeleton height={240} />
        ) : (
          <Chart
            kind="bar"
            title="Features used"
            description={`${PERIODS[period].label}: actions staff took in each part of Rapport. A part nobody uses is worth a look: is it needed, or is it worked around?`}
            rows={featureRows}
            rowKey={(r) => r.metric}
            rowLabel={(r) => r.label}
            rowHeader="Feature"
            series={[{ key: 'value', label: 'Actions', color: 'blue.6' }]}
            value={(r) => r.value}
            format={(v) => v.toLocaleString()}
          />
        )}
      </Paper>
    </Stack>
  );
}
