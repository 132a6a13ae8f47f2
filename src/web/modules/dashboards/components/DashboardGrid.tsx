import { Grid, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { metricsQueryOptions } from '../../objectives/api.ts';
import type { Dashboard, DashboardData } from '../api.ts';
import { WidgetCard } from './WidgetCard.tsx';

/** How many of 12 grid columns a widget spans on a desk, by the dashboard's columns and the widget's size. */
function span(size: string, columns: number): number {
  const one = 12 / columns;
  if (size === 'large') return 12;
  if (size === 'medium') return Math.min(12, one * 2);
  return one;
}

/**
 * The widgets of a dashboard in order: on a desk in the dashboard's columns (a widget spans one, two or the whole row),
 * on a tablet two, on a phone one column.
 */
export function DashboardGrid({
  dashboard,
  data,
  error,
  loading,
}: {
  dashboard: Dashboard;
  data: DashboardData | undefined;
  error: unknown;
  loading: boolean;
}) {
  const metrics = useQuery(metricsQueryOptions());
  const registered = new Map((metrics.data ?? []).map((m) => [m.id, m]));
  const byWidget = new Map((data?.widgets ?? []).map((w) => [w.widgetId, w]));
  if (dashboard.widgets.length === 0)
    return (
      <Text c="dimmed">
        This dashboard has no widgets yet.{' '}
        {dashboard.canEdit
          ? 'Edit it to add numbers, trends, bars, funnels or tables of records.'
          : 'Its owner has not added any.'}
      </Text>
    );
  return (
    <>
      {error ? <ErrorAlert error={error} title="The dashboard’s numbers could not load" /> : null}
      <Grid gap="md">
        {dashboard.widgets.map((w) => (
          <Grid.Col
            key={w.id}
            span={{ base: 12, sm: w.size === 'small' ? 6 : 12, lg: span(w.size, dashboard.layout.columns) }}
          >
            <WidgetCard widget={w} data={byWidget.get(w.id)} metrics={registered} loading={loading} />
          </Grid.Col>
        ))}
      </Grid>
    </>
  );
}
