import {
  ActionIcon,
  Badge,
  Button,
  Chip,
  Group,
  Menu,
  Modal,
  Paper,
  Skeleton,
  Stack,
  Text,
  ThemeIcon,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconBuildingStore,
  IconCalendarEvent,
  IconCircleCheck,
  IconDots,
  IconHandFinger,
  IconMail,
  IconMapPin,
  IconMessage,
  IconMessages,
  IconNote,
  IconPencil,
  IconPhone,
  IconPlus,
  IconTimeline,
  IconTrash,
} from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '../../../api/client.ts';
import { ACTIVITY_TYPES, type AnchorKind, DEPARTMENTS, type TimelineEntry } from '../../../api/types.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { formatDateTime, humanize } from '../../../ui/format.ts';
import { AnchorLink } from '../../../ui/links.tsx';
import { can, useMe } from '../../auth/hooks/useMe.ts';
import { deleteActivity, refreshTouchpoints, type TimelineFilters, useTimeline } from '../api/activities.ts';
import { ActivityEditModal } from './ActivityEditModal.tsx';

const TYPE_ICONS: Record<string, typeof IconPhone> = {
  call: IconPhone,
  email: IconMail,
  meeting: IconCalendarEvent,
  note: IconNote,
  sms: IconMessage,
  chat: IconMessages,
  visit: IconMapPin,
};

function entryIcon(entry: TimelineEntry) {
  const activityType = typeof entry.payload.type === 'string' ? entry.payload.type : null;
  if (entry.object === 'activities' && activityType) return TYPE_ICONS[activityType] ?? IconNote;
  if (entry.type.startsWith('promise')) return IconHandFinger;
  if (entry.type.startsWith('task')) return IconCircleCheck;
  if (entry.type.endsWith('created')) return IconPlus;
  if (entry.object === 'companies') return IconBuildingStore;
  return IconPencil;
}

function channelText(entry: TimelineEntry): string | null {
  const p = entry.payload;
  const parts: string[] = [];
  if (typeof p.channel === 'string') parts.push(humanize(p.channel));
  if (p.direction === 'in') parts.push('inbound');
  if (p.direction === 'out') parts.push('outbound');
  return parts.length ? parts.join(', ') : null;
}

function dayLabel(day: dayjs.Dayjs): string {
  const today = dayjs().startOf('day');
  if (day.isSame(today, 'day')) return 'Today';
  if (day.isSame(today.subtract(1, 'day'), 'day')) return 'Yesterday';
  return day.toDate().toLocaleDateString(undefined, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    ...(day.year() === today.year() ? {} : { year: 'numeric' }),
  });
}

function Entry({
  entry,
  showPerson,
  onEdit,
  onDelete,
}: {
  entry: TimelineEntry;
  showPerson: boolean;
  /** Given for a touchpoint the reader may correct (its author, or a manager). */
  onEdit?: (() => void) | undefined;
  onDelete?: (() => void) | undefined;
}) {
  const Icon = entryIcon(entry);
  const channel = channelText(entry);
  const excerpt = typeof entry.payload.excerpt === 'string' ? entry.payload.excerpt.replace(/\s+/g, ' ').trim() : '';
  return (
    <Group gap="sm" wrap="nowrap" align="flex-start" component="li" data-testid="timeline-entry">
      <ThemeIcon variant="light" color={entry.object === 'activities' ? 'rapport' : 'gray'} radius="xl" size={32}>
        <Icon size={16} aria-hidden />
      </ThemeIcon>
      <div style={{ minWidth: 0, flex: 1 }}>
        <Group gap={4} wrap="nowrap" align="flex-start" justify="space-between">
          <Text size="sm" fw={500} style={{ wordBreak: 'break-word' }}>
            {entry.summary}
          </Text>
          {onEdit || onDelete ? (
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <ActionIcon variant="subtle" color="gray" size="sm" aria-label={`Actions for ${entry.summary}`}>
                  <IconDots size={16} aria-hidden />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                {onEdit ? (
                  <Menu.Item leftSection={<IconPencil size={14} aria-hidden />} onClick={onEdit}>
                    Edit
                  </Menu.Item>
                ) : null}
                {onDelete ? (
                  <Menu.Item color="red" leftSection={<IconTrash size={14} aria-hidden />} onClick={onDelete}>
                    Delete
                  </Menu.Item>
                ) : null}
              </Menu.Dropdown>
            </Menu>
          ) : null}
        </Group>
        <Group gap={6} wrap="wrap">
          <Text size="xs" c="dimmed">
            {entry.actor?.name ?? 'System'}
            {' · '}
            <Tooltip label={formatDateTime(entry.at)} withArrow>
              <time dateTime={entry.at}>{dayjs(entry.at).format('HH:mm')}</time>
            </Tooltip>
            {channel ? ` · ${channel}` : ''}
          </Text>
          {entry.department ? (
            <Badge size="xs" variant="default" tt="none" fw={500}>
              {humanize(entry.department)}
            </Badge>
          ) : null}
          {showPerson && entry.person ? (
            <Text size="xs">
              with{' '}
              <AnchorLink to="/people/$personId" params={{ personId: entry.person.id }} size="xs">
                {entry.person.name}
              </AnchorLink>
            </Text>
          ) : null}
        </Group>
        {excerpt ? (
          <Text size="sm" c="dimmed" lineClamp={3} mt={2}>
            {excerpt}
          </Text>
        ) : null}
      </div>
    </Group>
  );
}

/** Newest first, grouped by day, filtered by department and type chips, loading older pages as you scroll. */
export function TimelineFeed({
  kind,
  id,
  filters,
  onFilters,
}: {
  kind: AnchorKind;
  id: string;
  filters: TimelineFilters;
  onFilters: (filters: TimelineFilters) => void;
}) {
  const timeline = useTimeline(kind, id, filters);
  const me = useMe();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<TimelineEntry | null>(null);
  const moderator = me.user.role.key === 'admin' || me.user.role.key === 'manager';
  const mayChange = (entry: TimelineEntry, action: 'update' | 'delete') =>
    entry.object === 'activities' &&
    entry.type === 'activity.logged' &&
    can(me, 'activities', action) &&
    (moderator || entry.actor?.id === me.user.id);
  const remove = useMutation({
    mutationFn: (entry: TimelineEntry) => deleteActivity(entry.recordId),
    onSuccess: async () => {
      setDeleting(null);
      notifications.show({ color: 'teal', message: 'Deleted: it is off the timelines.' });
      await refreshTouchpoints(queryClient);
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Not deleted', message: errorMessage(error) }),
  });
  const sentinel = useRef<HTMLDivElement | null>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = timeline;

  useEffect(() => {
    const el = sentinel.current;
    if (!el || !hasNextPage) return;
    const observer = new IntersectionObserver((items) => {
      if (items.some((i) => i.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const entries = timeline.data?.pages.flatMap((p) => p.data) ?? [];
  const days: { key: string; label: string; entries: TimelineEntry[] }[] = [];
  for (const entry of entries) {
    const day = dayjs(entry.at).startOf('day');
    const key = day.format('YYYY-MM-DD');
    const last = days[days.length - 1];
    if (last?.key === key) last.entries.push(entry);
    else days.push({ key, label: dayLabel(day), entries: [entry] });
  }
  const filtered = filters.department.length > 0 || filters.activityType.length > 0;

  return (
    <Stack gap="sm">
      <Stack gap={6} aria-label="Filter the timeline" role="group">
        <Chip.Group
          multiple
          value={filters.department}
          onChange={(department) => onFilters({ ...filters, department })}
        >
          <Group gap={6} wrap="wrap">
            {DEPARTMENTS.map((d) => (
              <Chip key={d} value={d} size="xs" variant="outline">
                {humanize(d)}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
        <Chip.Group
          multiple
          value={filters.activityType}
          onChange={(activityType) => onFilters({ ...filters, activityType })}
        >
          <Group gap={6} wrap="wrap">
            {ACTIVITY_TYPES.map((t) => (
              <Chip key={t} value={t} size="xs" variant="outline">
                {humanize(t)}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
      </Stack>
      {timeline.isPending ? (
        <Stack gap="sm" aria-busy="true" aria-label="Loading the timeline">
          {[0, 1, 2, 3].map((i) => (
            <Group key={i} gap="sm" wrap="nowrap">
              <Skeleton circle height={32} />
              <Stack gap={4} style={{ flex: 1 }}>
                <Skeleton height={14} width="70%" />
                <Skeleton height={10} width="40%" />
              </Stack>
            </Group>
          ))}
        </Stack>
      ) : timeline.isError ? (
        <ErrorAlert error={timeline.error} title="The timeline could not load" onRetry={() => timeline.refetch()} />
      ) : entries.length === 0 ? (
        <Paper withBorder radius="md" p="md">
          <Group gap="sm" wrap="nowrap">
            <IconTimeline size={20} aria-hidden />
            <Text size="sm" c="dimmed">
              {filtered
                ? 'Nothing matches these filters. Clear a chip to see more.'
                : 'No touchpoints yet. Log a call, note, email or meeting above and it shows here, newest first.'}
            </Text>
          </Group>
        </Paper>
      ) : (
        <Stack gap="md" aria-label="Timeline">
          {days.map((day) => (
            <section key={day.key} aria-label={day.label}>
              <Text size="xs" fw={700} c="dimmed" tt="uppercase" mb={6} style={{ letterSpacing: 0.4 }}>
                {day.label}
              </Text>
              <Stack gap="sm" component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
                {day.entries.map((entry) => (
                  <Entry
                    key={entry.id}
                    entry={entry}
                    showPerson={kind === 'companies'}
                    onEdit={mayChange(entry, 'update') ? () => setEditing(entry.recordId) : undefined}
                    onDelete={mayChange(entry, 'delete') ? () => setDeleting(entry) : undefined}
                  />
                ))}
              </Stack>
            </section>
          ))}
          <div ref={sentinel} />
          {hasNextPage ? (
            <Button variant="subtle" onClick={() => fetchNextPage()} loading={isFetchingNextPage}>
              Load older entries
            </Button>
          ) : (
            <Text size="xs" c="dimmed" ta="center">
              That is everything.
            </Text>
          )}
        </Stack>
      )}
      {editing ? <ActivityEditModal activityId={editing} onClose={() => setEditing(null)} /> : null}
      <Modal opened={deleting !== null} onClose={() => setDeleting(null)} title="Delete this touchpoint?" centered>
        <Stack gap="sm">
          <Text size="sm">
            “{deleting?.summary}” leaves this timeline and every other. The audit log keeps a record of it.
          </Text>
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={() => setDeleting(null)}>
              Keep it
            </Button>
            <Button color="red" loading={remove.isPending} onClick={() => deleting && remove.mutate(deleting)}>
              Delete
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
