import { Alert, Stack } from '@mantine/core';
import { IconShare } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { AnchorLink } from '../../../ui/links.tsx';
import { PageHeader } from '../../../ui/PageHeader.tsx';
import { PageSkeleton } from '../../../ui/PageSkeleton.tsx';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { sharedDashboardDataQueryOptions, sharedDashboardQueryOptions } from '../api.ts';
import { DashboardGrid } from './DashboardGrid.tsx';
import { DashboardMeta } from './DashboardViewPage.tsx';

const route = getRouteApi('/app/dashboards/shared/$token');

/** `/dashboards/shared/{token}`: a dashboard someone shared by link, with the viewer's own access applied. */
export function SharedDashboardPage() {
  const { token } = route.useParams();
  const dashboard = useQuery(sharedDashboardQueryOptions(token));
  const data = useQuery(sharedDashboardDataQueryOptions(token));
  useDocumentTitle(dashboard.data?.name, 'Shared dashboard');
  if (dashboard.isPending) return <PageSkeleton />;
  if (dashboard.isError)
    return (
      <Stack>
        <ErrorAlert error={dashboard.error} title="This link does not open a dashboard" />
        <AnchorLink to="/dashboards/custom">See the dashboards you may open</AnchorLink>
      </Stack>
    );
  return (
    <Stack gap="md">
      <PageHeader title={dashboard.data.name} description={<DashboardMeta dashboard={dashboard.data} />} />
      <Alert variant="light" icon={<IconShare size={18} />} title="Shared with you by link">
        The numbers are yours: each widget counts only the records your role lets you see.
      </Alert>
      <DashboardGrid dashboard={dashboard.data} data={data.data} error={data.error} loading={data.isPending} />
    </Stack>
  );
}
