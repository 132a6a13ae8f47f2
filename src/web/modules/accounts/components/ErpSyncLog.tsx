import { Badge, Button, Group, Paper, Progress, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { errorMessage } from '../../../api/client.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { formatDateTime } from '../../../ui/format.ts';
import { AnchorLink } from '../../../ui/links.tsx';
import { can, useMe } from '../../auth/hooks/useMe.ts';
import { ERP_ENTITY_LABEL, type ErpSyncRun, erpRunsQuery, runErpSync } from '../api/accounts.ts';

const STATUS: Record<ErpSyncRun['status'], { label: string; color: string }> = {
  queued: { label: 'Queued', color: 'gray.8' },
  running: { label: 'Running', color: 'blue.9' },
  succeeded: { label: 'Done', color: 'teal.9' },
  failed: { label: 'Failed', color: 'red.9' },
};

const sum = (run: ErpSyncRun, key: 'rowsIn' | 'created' | 'updated' | 'unchanged' | 'rejected') =>
  run.entities.reduce((s, e) => s + e[key], 0);

/** The sync log on the Accounts page: the latest pulls from the ERP, per entity counts and rejections, "Pull now". */
export function ErpSyncLog() {
  const me = useMe();
  const queryClient = useQueryClient();
  const mayRun = can(me, 'invoices', 'update');
  const [open, setOpen] = useState<string | null>(null);
  const runs = useQuery({
    ...erpRunsQuery,
    // While a run is queued or running, look again every two seconds.
    refetchInterval: (q) =>
      q.state.data?.data.some((r) => r.status === 'queued' || r.status === 'running') ? 2000 : false,
  });
  const pull = useMutation({
    mutationFn: runErpSync,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: erpRunsQuery.queryKey });
      notifications.show({ message: 'Pull from the ERP queued.' });
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Not started', message: errorMessage(error) }),
  });
  const latest = runs.data?.data[0];
  const wasRunning = latest && (latest.status === 'queued' || latest.status === 'running');
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="erp-sync-log">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id="erp-sync-log">
          ERP sync log
        </Title>
        {mayRun ? (
          <Group gap="xs">
            <AnchorLink to="/settings/erp-connection" size="sm">
              ERP connection
            </AnchorLink>
            <AnchorLink to="/imports/new" search={{ kind: 'invoices' }} size="sm">
              Import a CSV export
            </AnchorLink>
            <Button size="xs" onClick={() => pull.mutate()} loading={pull.isPending} disabled={Boolean(wasRunning)}>
              Pull now
            </Button>
          </Group>
        ) : null}
      </Group>
      {runs.isError ? (
        <ErrorAlert error={runs.error} title="The sync log could not load" onRetry={() => runs.refetch()} />
      ) : !runs.data ? null : runs.data.data.length === 0 ? (
        <Text size="sm" c="dimmed">
          No pulls yet. The ERP can push its records through the sync API, or Rapport can pull them from feeds the ERP
          publishes: set them up under Settings → ERP connection, then pull now or on a schedule.
        </Text>
      ) : (
        <Stack gap="xs">
          {wasRunning ? <Progress value={100} animated aria-label="A pull is in progress" /> : null}
          <Table.ScrollContainer minWidth={560}>
            <Table fz="sm" aria-label="ERP sync runs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Started</Table.Th>
                  <Table.Th>How</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th ta="right">Rows in</Table.Th>
                  <Table.Th ta="right">Created</Table.Th>
                  <Table.Th ta="right">Updated</Table.Th>
                  <Table.Th ta="right">Unchanged</Table.Th>
                  <Table.Th ta="right">Rejected</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Details</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {runs.data.data.map((run) => (
                  <Fragment key={run.id}>
                    <Table.Tr>
                      <Table.Td>{formatDateTime(run.startedAt ?? run.createdAt)}</Table.Td>
                      <Table.Td>
                        {run.trigger === 'schedule' ? (
                          'Schedule'
                        ) : run.trigger === 'import' && run.importId ? (
                          <AnchorLink to="/imports/$importId" params={{ importId: run.importId }} size="sm">
                            CSV import{run.requestedBy ? ` by ${run.requestedBy.name}` : ''}
                          </AnchorLink>
                        ) : (
                          (run.requestedBy?.name ?? 'By hand')
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Badge color={STATUS[run.status].color} variant="outline" tt="none">
                          {STATUS[run.status].label}
                        </Badge>
                      </Table.Td>
                      <Table.Td ta="right">{sum(run, 'rowsIn')}</Table.Td>
                      <Table.Td ta="right">{sum(run, 'created')}</Table.Td>
                      <Table.Td ta="right">{sum(run, 'updated')}</Table.Td>
                      <Table.Td ta="right">{sum(run, 'unchanged')}</Table.Td>
                      <Table.Td ta="right">{sum(run, 'rejected')}</Table.Td>
                      <Table.Td>
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          aria-expanded={open === run.id}
                          onClick={() => setOpen(open === run.id ? null : run.id)}
                        >
                          {open === run.id ? 'Hide' : 'Details'}
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                    {open === run.id ? (
                      <Table.Tr>
                        <Table.Td colSpan={9}>
                          <RunDetails run={run} />
                        </Table.Td>
                      </Table.Tr>
                    ) : null}
                  </Fragment>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Stack>
      )}
    </Paper>
  );
}

function RunDetails({ run }: { run: ErpSyncRun }) {
  return (
    <Stack gap="xs">
      {run.finishedAt ? (
        <Text size="xs" c="dimmed">
          Finished {formatDateTime(run.finishedAt)}
        </Text>
      ) : null}
      {run.entities.length === 0 ? (
        <Text size="sm" c="dimmed">
          {run.error ?? 'Nothing read yet.'}
        </Text>
      ) : null}
      {run.entities.map((e) => (
        <Stack key={e.entity} gap={2}>
          <Text size="sm" fw={500}>
            {ERP_ENTITY_LABEL[e.entity]}: {e.rowsIn} in, {e.created} created, {e.updated} updated, {e.unchanged}{' '}
            unchanged, {e.rejected} rejected
          </Text>
          {e.error ? (
            <Text size="sm" c="red.8">
              Feed not read: {e.error}
            </Text>
          ) : null}
          {e.rejections.map((r) => (
            <Text key={`${r.row}-${r.externalId}`} size="xs">
              Row {r.row}
              {r.externalId ? ` (${r.externalId})` : ''}:{' '}
              {r.errors.map((x) => `${x.field || 'record'} ${x.detail}`).join('; ')}
            </Text>
          ))}
          {e.rejected > e.rejections.length ? (
            <Text size="xs" c="dimmed">
              … and {e.rejected - e.rejections.length} more rejected
            </Text>
          ) : null}
        </Stack>
      ))}
    </Stack>
  );
}
