import { Badge, Group, Text } from '@mantine/core';
import { IconAlarm, IconAlertTriangle, IconPlayerPause } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { formatDateTime } from '../../../ui/format.ts';
import { CASE_PRIORITIES, CASE_STATUSES, type Case, dueInWords } from '../api.ts';

export function StatusBadge({ status }: { status: Case['status'] }) {
  const s = CASE_STATUSES.find((x) => x.value === status);
  return (
    <Badge variant="light" color={s?.color ?? 'gray'}>
      {s?.label ?? status}
    </Badge>
  );
}

export function PriorityBadge({ priority }: { priority: Case['priority'] }) {
  const p = CASE_PRIORITIES.find((x) => x.value === priority);
  return (
    <Badge variant="dot" color={p?.color ?? 'gray'}>
      {p?.label ?? priority} priority
    </Badge>
  );
}

/** The current time, moving every half minute, so due times count down while the page is open. */
export function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/** "due in 2 h" or, in red with an icon and the word, "breached 35 min ago"; "paused" while waiting on the customer. */
export function SlaDue({
  label,
  dueAt,
  paused,
  now,
}: {
  label?: string;
  dueAt: string | null | undefined;
  paused?: boolean;
  now: number;
}) {
  if (paused) {
    return (
      <Group gap={4} wrap="nowrap">
        <IconPlayerPause size={14} aria-hidden />
        <Text size="sm" c="dimmed">
          {label ? `${label}: ` : ''}paused
        </Text>
      </Group>
    );
  }
  if (!dueAt) return null;
  const due = dueInWords(dueAt, now);
  return (
    <Group gap={4} wrap="nowrap">
      {due.breached ? (
        <IconAlertTriangle size={14} color="var(--mantine-color-red-7)" aria-hidden />
      ) : (
        <IconAlarm size={14} aria-hidden />
      )}
      <Text size="sm" c={due.breached ? 'red.8' : undefined} fw={due.breached ? 600 : undefined}>
        {label ? `${label}: ` : ''}
        <time dateTime={dueAt} title={formatDateTime(dueAt)}>
          {due.text}
        </time>
      </Text>
    </Group>
  );
}

/** The nearest due time of a case still running: first response until answered, then resolution. */
export function nextDue(c: Case): { label: string; dueAt: string | null } {
  const sla = c.sla;
  if (!sla) return { label: '', dueAt: null };
  if (!c.firstRespondedAt && sla.firstResponseDueAt) return { label: 'First response', dueAt: sla.firstResponseDueAt };
  return { label: 'Resolution', dueAt: sla.resolutionDueAt };
}
