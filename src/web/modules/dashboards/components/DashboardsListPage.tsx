import { Badge, Group, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { AnchorLink, ButtonLink } from '../../../ui/links.tsx';
import { PageHeader } from '../../../ui/PageHeader.tsx';
import { PageSkeleton } from '../../../ui/PageSkeleton.tsx';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { dashboardsQueryOptions, VISIBILITY_LABELS } from '../api.ts';

/** `/dashboards/custom`: the custom dashboards the user may open (theirs, their teams', everyone's). */
export function DashboardsListPage() {
  useDocumentTitle('Custom dashboards');
  const list = useQuery(dashboardsQueryOptions());
  return (
    <Stack gap="md">
      <PageHeader
        title="Custom dashboards"
        description="Dashboards people build from widgets: numbers, trends against targets, bars, funnels and tables of records. Everyone sees them with their own access."
        actions={
          <>
            <ButtonLink to="/dashboards" variant="default">
              Department dashboards
            </ButtonLink>
            <ButtonLink to="/dashboards/custom/new" leftSection={<IconPlus size={16} />}>
              New dashboard
            </ButtonLink>
          </>
        }
      />
      {list.isPending ? (
        <PageSkeleton rows={3} />
      ) : list.isError ? (
        <ErrorAlert error={list.error} title="The dashboards could not load" onRetry={() => void list.refetch()} />
      ) : list.data.length === 0 ? (
        <Paper withBorder p="lg" radius="md">
          <Stack gap="xs" align="flex-start">
            <Text fw={600}>No custom dashboards yet</Text>
            <Text size="sm" c="dimmed">
              A dashboard gathers the numbers you watch in one place: a metric with its change, a trend against an
              objective’s target, a split by person, a pipeline’s funnel, a table of records. Keep it to yourself or
              share it with your team.
            </Text>
            <ButtonLink to="/dashboards/custom/new" leftSection={<IconPlus size={16} />}>
              Build your first dashboard
            </ButtonLink>
          </Stack>
        </Paper>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
          {list.data.map((d) => (
            <Paper key={d.id} withBorder p="md" radius="md">
              <Stack gap={6}>
                <AnchorLink to="/dashboards/custom/$dashboardId" params={{ dashboardId: d.id }} fw={600}>
                  {d.name}
                </AnchorLink>
                {d.description ? (
                  <Text size="sm" lineClamp={2}>
                    {d.description}
                  </Text>
                ) : null}
                <Group gap="xs">
                  <Badge variant="light" color="gray">
                    {d.visibility === 'team' && d.team ? `Team: ${d.team.name}` : VISIBILITY_LABELS[d.visibility]}
                  </Badge>
                  <Text size="xs" c="dimmed">
                    {d.widgetCount === 1 ? '1 widget' : `${d.widgetCount} widgets`} · by {d.owner.name}
                  </Text>
                </Group>
              </Stack>
            </Paper>
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}
