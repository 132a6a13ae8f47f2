import { Badge, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconEdit, IconShare } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { CopyBox } from '../../../ui/CopyBox.tsx';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { formatDateTime } from '../../../ui/format.ts';
import { AnchorLink, ButtonLink } from '../../../ui/links.tsx';
import { PageHeader } from '../../../ui/PageHeader.tsx';
import { PageSkeleton } from '../../../ui/PageSkeleton.tsx';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import {
  type Dashboard,
  dashboardDataQueryOptions,
  dashboardQueryOptions,
  revokeShare,
  type Share,
  shareDashboard,
  sharesQueryOptions,
  VISIBILITY_LABELS,
} from '../api.ts';
import { DashboardGrid } from './DashboardGrid.tsx';

const route = getRouteApi('/app/dashboards/custom/$dashboardId');

/** `/dashboards/custom/{id}`: a custom dashboard, every number counting what the viewer may see. */
export function DashboardViewPage() {
  const { dashboardId } = route.useParams();
  const dashboard = useQuery(dashboardQueryOptions(dashboardId));
  const data = useQuery(dashboardDataQueryOptions(dashboardId));
  const [sharing, setSharing] = useState(false);
  useDocumentTitle(dashboard.data?.name, 'Dashboards');
  if (dashboard.isPending) return <PageSkeleton />;
  if (dashboard.isError)
    return (
      <Stack>
        <ErrorAlert error={dashboard.error} title="This dashboard could not be opened" />
        <AnchorLink to="/dashboards/custom">Back to the dashboards</AnchorLink>
      </Stack>
    );
  const d = dashboard.data;
  return (
    <Stack gap="md">
      <PageHeader
        title={d.name}
        description={<DashboardMeta dashboard={d} />}
        actions={
          d.canEdit ? (
            <>
              <ButtonLink
                to="/dashboards/custom/$dashboardId/edit"
                params={{ dashboardId }}
                variant="default"
                leftSection={<IconEdit size={16} />}
              >
                Edit
              </ButtonLink>
              <Button variant="default" leftSection={<IconShare size={16} />} onClick={() => setSharing(true)}>
                Share
              </Button>
            </>
          ) : null
        }
      />
      <DashboardGrid dashboard={d} data={data.data} error={data.error} loading={data.isPending} />
      {sharing ? <ShareDialog dashboard={d} onClose={() => setSharing(false)} /> : null}
    </Stack>
  );
}

export function DashboardMeta({ dashboard: d }: { dashboard: Dashboard }) {
  return (
    <Stack gap={4}>
      {d.description ? <Text size="sm">{d.description}</Text> : null}
      <Group gap="xs">
        <Badge variant="light" color="gray">
          {d.visibility === 'team' && d.team ? `Team: ${d.team.name}` : VISIBILITY_LABELS[d.visibility]}
        </Badge>
        <Text size="sm" c="dimmed">
          By {d.owner.name}. Every number counts only the records you may see.
        </Text>
      </Group>
    </Stack>
  );
}

function ShareDialog({ dashboard, onClose }: { dashboard: Dashboard; onClose: () => void }) {
  const queryClient = useQueryClient();
  const shares = useQuery(sharesQueryOptions(dashboard.id));
  const [created, setCreated] = useState<Share | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: sharesQueryOptions(dashboard.id).queryKey });
  const create = useMutation({
    mutationFn: () => shareDashboard(dashboard.id),
    onSuccess: (s) => {
      setCreated(s);
      void refresh();
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => revokeShare(dashboard.id, id),
    onSuccess: () => {
      notifications.show({ message: 'The link opens nothing any more.' });
      void refresh();
    },
  });
  const live = (shares.data ?? []).filter((s) => s.revokedAt === null);
  const link = created ? `${window.location.origin}/dashboards/shared/${created.token}` : null;
  return (
    <Modal opened onClose={onClose} title={`Share “${dashboard.name}”`} size="lg">
      <Stack>
        <Text size="sm">
          Anyone you send the link to must log in, and sees the dashboard with their own access: a rep sees the rep’s
          numbers, not yours.
        </Text>
        {link ? (
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              Copy the link now: it is shown only once.
            </Text>
            <CopyBox value={link} label="share link" />
          </Stack>
        ) : (
          <Button onClick={() => create.mutate()} loading={create.isPending} w="fit-content">
            Create a link
          </Button>
        )}
        {create.isError ? <ErrorAlert error={create.error} title="The link could not be created" /> : null}
        {revoke.isError ? <ErrorAlert error={revoke.error} title="The link could not be revoked" /> : null}
        <Text size="sm" fw={600}>
          Live links
        </Text>
        {live.length === 0 ? (
          <Text size="sm" c="dimmed">
            No live links. Create one to hand this dashboard to a colleague outside its audience.
          </Text>
        ) : (
          live.map((s) => (
            <Group key={s.id} justify="space-between">
              <Text size="sm">Created {formatDateTime(s.createdAt)}</Text>
              <Button
                size="xs"
                variant="light"
                color="red"
                onClick={() => revoke.mutate(s.id)}
                aria-label={`Revoke the link created ${formatDateTime(s.createdAt)}`}
              >
                Revoke
              </Button>
            </Group>
          ))
        )}
      </Stack>
    </Modal>
  );
}
