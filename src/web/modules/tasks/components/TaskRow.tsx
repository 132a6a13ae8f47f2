import { Badge, Checkbox, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconClock } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../../../api/client.ts';
import type { Task } from '../../../api/types.ts';
import { formatDateTime, fromNow } from '../../../ui/format.ts';
import { AnchorLink } from '../../../ui/links.tsx';
import { refreshTouchpoints } from '../../activities/api/activities.ts';
import { completeTask, reopenTask } from '../api/tasks.ts';

/** A task you tick off with one click; the toast offers to undo. */
export function TaskRow({ task, showRecord = false }: { task: Task; showRecord?: boolean }) {
  const queryClient = useQueryClient();
  const undo = useMutation({
    mutationFn: () => reopenTask(task.id),
    onSettled: () => refreshTouchpoints(queryClient),
  });
  const complete = useMutation({
    mutationFn: () => completeTask(task.id),
    onSuccess: async () => {
      const id = `task-done-${task.id}`;
      notifications.show({
        id,
        color: 'teal',
        autoClose: 6000,
        message: (
          <Group gap="xs" justify="space-between" wrap="nowrap">
            <Text size="sm">Done: {task.title}</Text>
            <Text
              component="button"
              type="button"
              size="sm"
              fw={600}
              c="rapport"
              style={{ background: 'none', border: 0, cursor: 'pointer' }}
              onClick={() => {
                notifications.hide(id);
                undo.mutate();
              }}
            >
              Undo
            </Text>
          </Group>
        ),
      });
      await refreshTouchpoints(queryClient);
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Not completed', message: errorMessage(error) }),
  });
  const record = task.person ?? task.company;
  return (
    <Group gap="sm" wrap="nowrap" align="flex-start" data-testid="task">
      <Checkbox
        mt={2}
        aria-label={`Complete: ${task.title}`}
        checked={complete.isPending || complete.isSuccess}
        disabled={complete.isPending}
        onChange={() => complete.mutate()}
      />
      <div style={{ minWidth: 0, flex: 1 }}>
        <Text
          size="sm"
          fw={500}
          td={complete.isSuccess ? 'line-through' : undefined}
          style={{ wordBreak: 'break-word' }}
        >
          {task.title}
        </Text>
        <Group gap={6} wrap="wrap">
          {task.overdue ? (
            <Badge color="red" variant="light" size="xs" tt="none" leftSection={<IconClock size={10} aria-hidden />}>
              Overdue
            </Badge>
          ) : null}
          {task.priority === 'high' ? (
            <Badge color="orange" variant="light" size="xs" tt="none">
              High priority
            </Badge>
          ) : null}
          <Text size="xs" c="dimmed">
            {task.dueAt ? <span title={formatDateTime(task.dueAt)}>Due {fromNow(task.dueAt)}</span> : 'No due date'}
            {showRecord && record ? ' · ' : ''}
          </Text>
          {showRecord && task.person ? (
            <AnchorLink to="/people/$personId" params={{ personId: task.person.id }} size="xs">
              {task.person.name}
            </AnchorLink>
          ) : showRecord && task.company ? (
            <AnchorLink to="/companies/$companyId" params={{ companyId: task.company.id }} size="xs">
              {task.company.name}
            </AnchorLink>
          ) : null}
        </Group>
      </div>
    </Group>
  );
}
