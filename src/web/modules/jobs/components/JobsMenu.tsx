import {
  ActionIcon,
  Anchor,
  Button,
  Group,
  Indicator,
  Popover,
  Progress,
  ScrollArea,
  Stack,
  Text,
} from '@mantine/core';
import { IconDownload, IconStack2 } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../../api/client.ts';
import { fromNow } from '../../../ui/format.ts';
import { cancelJob, fetchJobs, isActive, type Job, jobsKey, watchJob } from '../api/jobs.ts';

const TYPE_LABELS: Record<string, string> = { export: 'Export' };
const STATUS_LABELS: Record<Job['status'], string> = {
  queued: 'Waiting to start',
  running: 'Running',
  succeeded: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

function percent(j: Job): number | null {
  const { done, total } = j.progress;
  if (j.status === 'succeeded') return 100;
  if (!total) return null;
  return Math.min(100, Math.round((done / total) * 100));
}

function JobRow({ job, onCancel, cancelling }: { job: Job; onCancel: () => void; cancelling: boolean }) {
  const pct = percent(job);
  const counts =
    job.progress.total !== null
      ? `${job.progress.done.toLocaleString()} of ${job.progress.total.toLocaleString()}`
      : job.progress.done > 0
        ? `${job.progress.done.toLocaleString()} so far`
        : null;
  return (
    <Stack gap={4} px="sm" py="xs" style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}>
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text size="sm" fw={500} truncate>
          {TYPE_LABELS[job.type] ?? job.type}
          {job.resultName ? `: ${job.resultName}` : ''}
        </Text>
        <Text size="xs" c="dimmed">
          {STATUS_LABELS[job.status]}
        </Text>
      </Group>
      {isActive(job) ? (
        <Progress
          value={pct ?? 100}
          animated={pct === null}
          striped={pct === null}
          aria-label={`${TYPE_LABELS[job.type] ?? job.type} progress`}
        />
      ) : null}
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text size="xs" c="dimmed">
          {counts ?? fromNow(job.createdAt)}
          {job.status === 'failed' && job.error ? ` · ${job.error}` : ''}
        </Text>
        {isActive(job) ? (
          <Button size="compact-xs" variant="subtle" color="red" onClick={onCancel} loading={cancelling}>
            Cancel
          </Button>
        ) : job.resultUrl ? (
          <Anchor href={job.resultUrl} size="xs" download>
            <Group gap={4} wrap="nowrap">
              <IconDownload size={14} aria-hidden />
              Download
            </Group>
          </Anchor>
        ) : null}
      </Group>
    </Stack>
  );
}

/** The top bar's background work: running jobs with progress bars, finished ones with their download link. */
export function JobsMenu() {
  const queryClient = useQueryClient();
  const [opened, setOpened] = useState(false);
  const jobs = useQuery({
    queryKey: jobsKey,
    queryFn: fetchJobs,
    // Running jobs report over their event streams (below); the list itself is refreshed now and then.
    refetchInterval: (q) =>
      typeof EventSource === 'undefined' && (opened || q.state.data?.data.some(isActive)) ? 1500 : 30_000,
  });
  const activeIds = (jobs.data?.data ?? [])
    .filter(isActive)
    .map((j) => j.id)
    .join(',');
  useEffect(() => {
    if (!activeIds || typeof EventSource === 'undefined') return;
    const stops = activeIds.split(',').map((id) =>
      watchJob(
        id,
        (job) =>
          queryClient.setQueryData<{ data: Job[] }>(jobsKey, (old) =>
            old ? { data: old.data.map((j) => (j.id === job.id ? job : j)) } : old,
          ),
        () => void queryClient.invalidateQueries({ queryKey: jobsKey }),
      ),
    );
    return () => {
      for (const stop of stops) stop();
    };
  }, [activeIds, queryClient]);
  const cancel = useMutation({
    mutationFn: cancelJob,
    onSettled: () => queryClient.invalidateQueries({ queryKey: jobsKey }),
  });
  const list = jobs.data?.data ?? [];
  const active = list.filter(isActive).length;

  return (
    <Indicator label={active} size={18} disabled={active === 0} offset={4} processing>
      <Popover opened={opened} onChange={setOpened} position="bottom-end" width={340} shadow="md" withArrow>
        <Popover.Target>
          <ActionIcon
            variant="default"
            size="lg"
            onClick={() => setOpened((o) => !o)}
            aria-label={active ? `Background work, ${active} running` : 'Background work'}
            aria-expanded={opened}
          >
            <IconStack2 size={18} />
          </ActionIcon>
        </Popover.Target>
        <Popover.Dropdown p={0}>
          <Text fw={600} size="sm" px="sm" py="xs" style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}>
            Background work
          </Text>
          <ScrollArea.Autosize mah={420}>
            {jobs.isError ? (
              <Text size="sm" c="dimmed" p="sm">
                {errorMessage(jobs.error)}
              </Text>
            ) : list.length === 0 ? (
              <Text size="sm" c="dimmed" p="sm">
                Nothing running. Exports you start from a list run here, and their files wait here to download.
              </Text>
            ) : (
              list.map((j) => (
                <JobRow
                  key={j.id}
                  job={j}
                  onCancel={() => cancel.mutate(j.id)}
                  cancelling={cancel.isPending && cancel.variables === j.id}
                />
              ))
            )}
          </ScrollArea.Autosize>
        </Popover.Dropdown>
      </Popover>
    </Indicator>
  );
}
