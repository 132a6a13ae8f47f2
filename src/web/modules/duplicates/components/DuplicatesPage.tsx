import {
  Badge,
  Button,
  Card,
  Group,
  Modal,
  NumberInput,
  Progress,
  SegmentedControl,
  Stack,
  Table,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { api, errorMessage } from '../../../api/client.ts';
import type { components } from '../../../api/schema.d.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { AnchorLink } from '../../../ui/links.tsx';
import { PageHeader } from '../../../ui/PageHeader.tsx';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { can, useMe } from '../../auth/hooks/useMe.ts';
import { type Job, watchJob } from '../../jobs/api/jobs.ts';
import { MergeDialog } from './MergeDialog.tsx';

type Pair = components['schemas']['DuplicatePair'];
type Kind = 'people' | 'companies';
const route = getRouteApi('/app/duplicates');

/** A record of a pair, linked to its page: a person by name, a company by name. */
function RecordLink({ kind, record }: { kind: Kind; record: Record<string, unknown> }) {
  const id = String(record.id);
  const label =
    kind === 'people'
      ? String(record.fullName ?? `${record.firstName ?? ''} ${record.lastName ?? ''}`)
      : String(record.name ?? '');
  const detail =
    kind === 'people'
      ? ((record.emails as { email: string }[] | undefined)?.[0]?.email ?? '')
      : String(record.domain ?? '');
  return (
    <Stack gap={0}>
      {kind === 'people' ? (
        <AnchorLink to="/people/$personId" params={{ personId: id }} underline="always">
          {label.trim() || 'A person'}
        </AnchorLink>
      ) : (
        <AnchorLink to="/companies/$companyId" params={{ companyId: id }} underline="always">
          {label || 'A company'}
        </AnchorLink>
      )}
      {detail ? (
        <Text size="xs" c="dimmed">
          {detail}
        </Text>
      ) : null}
    </Stack>
  );
}

/** The review queue of likely duplicates: run a scan, see pairs highest score first, dismiss "not a duplicate". */
export function DuplicatesPage() {
  const { kind = 'people' } = route.useSearch();
  const navigate = useNavigate();
  const me = useMe();
  const queryClient = useQueryClient();
  useDocumentTitle('Duplicates', kind === 'people' ? 'People' : 'Companies');
  const key = ['duplicates', kind] as const;
  const list = useQuery({
    queryKey: key,
    queryFn: () => api.get<{ data: Pair[]; nextCursor: string | null }>('/duplicates', { kind, limit: 100 }),
  });
  const [job, setJob] = useState<Job | null>(null);
  const stop = useRef<(() => void) | null>(null);
  useEffect(() => () => stop.current?.(), []);
  const scan = useMutation({
    mutationFn: () => api.post<Job>('/duplicates/scan', { kind }),
    onSuccess: (started) => {
      setJob(started);
      stop.current = watchJob(started.id, setJob, () => {
        setJob(null);
        void queryClient.invalidateQueries({ queryKey: key });
      });
    },
    onError: (error) =>
      notifications.show({ color: 'red', title: 'The scan did not start', message: errorMessage(error) }),
  });
  const dismiss = useMutation({
    mutationFn: (id: string) => api.post<Pair>(`/duplicates/${encodeURIComponent(id)}/dismiss`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: key }),
    onError: (error) => notifications.show({ color: 'red', title: 'Not dismissed', message: errorMessage(error) }),
  });
  const pairs = list.data?.data ?? [];
  const mayUpdate = can(me, kind, 'update');
  const mayMerge = mayUpdate && can(me, kind, 'delete');
  const [merging, setMerging] = useState<Pair | null>(null);
  const [bulkOpen, setBulkOpen] = useState(false);
  const [threshold, setThreshold] = useState<number>(95);
  const above = pairs.filter((p) => p.score * 100 >= threshold).length;
  const bulk = useMutation({
    mutationFn: () => api.post<Job>('/duplicates/merge', { kind, minScore: threshold / 100 }),
    onSuccess: (started) => {
      setBulkOpen(false);
      setJob(started);
      let last: Job = started;
      stop.current = watchJob(
        started.id,
        (j) => {
          last = j;
          setJob(j);
        },
        () => {
          setJob(null);
          void queryClient.invalidateQueries({ queryKey: key });
          notifications.show({ message: last.message ?? 'Bulk merge finished.' });
        },
      );
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Not merged', message: errorMessage(error) }),
  });

  return (
    <Stack>
      <PageHeader
        title="Duplicates"
        description="Records that are likely the same, found by scanning everything you may see, most likely first."
        actions={
          <>
            <SegmentedControl
              aria-label="Records"
              value={kind}
              onChange={(v) => void navigate({ to: '/duplicates', search: { kind: v as Kind } })}
              data={[
                { value: 'people', label: 'People' },
                { value: 'companies', label: 'Companies' },
              ]}
            />
            {mayMerge && pairs.length > 0 ? (
              <Button variant="default" onClick={() => setBulkOpen(true)} disabled={job !== null}>
                Merge many…
              </Button>
            ) : null}
            {mayUpdate ? (
              <Button onClick={() => scan.mutate()} loading={scan.isPending} disabled={job !== null}>
                Scan for duplicates
              </Button>
            ) : null}
          </>
        }
      />
      {job ? (
        <Card withBorder>
          <Text size="sm" mb={4}>
            {job.message ?? 'Scanning…'}
          </Text>
          <Progress
            value={job.progress.total ? (job.progress.done / job.progress.total) * 100 : 50}
            animated
            aria-label="Scan progress"
          />
        </Card>
      ) : null}
      {list.error ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
      {list.data && pairs.length === 0 ? (
        <Text c="dimmed">
          No likely duplicates. Scan to look for them: pairs you say are not duplicates stay out of this list.
        </Text>
      ) : null}
      {pairs.length > 0 ? (
        <Table striped withTableBorder aria-label="Likely duplicates">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Likely</Table.Th>
              <Table.Th>Record</Table.Th>
              <Table.Th>Record</Table.Th>
              <Table.Th>Why</Table.Th>
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {pairs.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td>
                  <Badge variant="light" style={{ overflow: 'visible' }} miw={48}>
                    {Math.round(p.score * 100)}%
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <RecordLink kind={kind} record={p.records[0] ?? {}} />
                </Table.Td>
                <Table.Td>
                  <RecordLink kind={kind} record={p.records[1] ?? {}} />
                </Table.Td>
                <Table.Td>{p.reasons.join(', ')}</Table.Td>
                <Table.Td>
                  {mayUpdate ? (
                    <Group justify="flex-end" gap="xs" wrap="nowrap">
                      {mayMerge && p.records.length === 2 ? (
                        <Button size="xs" onClick={() => setMerging(p)}>
                          Merge…
                        </Button>
                      ) : null}
                      <Button
                        size="xs"
                        variant="default"
                        onClick={() => dismiss.mutate(p.id)}
                        loading={dismiss.isPending && dismiss.variables === p.id}
                      >
                        Not a duplicate
                      </Button>
                    </Group>
                  ) : null}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : null}
      <Modal opened={bulkOpen} onClose={() => setBulkOpen(false)} title="Merge every likely pair above a score">
        <Stack>
          <NumberInput
            label="At least (% likely)"
            min={50}
            max={100}
            value={threshold}
            onChange={(v) => setThreshold(typeof v === 'number' ? v : Number(v) || 95)}
          />
          <Text size="sm">
            {list.data?.nextCursor ? 'At least ' : ''}
            {above} {above === 1 ? 'pair scores' : 'pairs score'} at least {threshold}%. Each is merged with the
            defaults: the more recently updated record stays and every field keeps the most recent value. Each merge can
            be undone from the record's page.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setBulkOpen(false)}>
              Cancel
            </Button>
            <Button onClick={() => bulk.mutate()} loading={bulk.isPending} disabled={above === 0}>
              Merge {list.data?.nextCursor ? 'them all' : above === 1 ? '1 pair' : `${above} pairs`}
            </Button>
          </Group>
        </Stack>
      </Modal>
      {merging ? (
        <MergeDialog
          key={merging.id}
          kind={kind}
          records={merging.records as [Pair['records'][0] & { id: string }, Pair['records'][0] & { id: string }]}
          opened
          onClose={() => setMerging(null)}
        />
      ) : null}
    </Stack>
  );
}
