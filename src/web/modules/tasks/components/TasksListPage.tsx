import { Badge, Group } from '@mantine/core';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import type { Task } from '../../../api/types.ts';
import { AnchorLink } from '../../../ui/links.tsx';
import { useMe } from '../../auth/hooks/useMe.ts';
import { type QuickFilter, QuickFilters } from '../../records/components/QuickFilters.tsx';
import { RecordList, type RecordListConfig } from '../../records/components/RecordList.tsx';
import { TaskModal } from './TaskModal.tsx';

const route = getRouteApi('/app/tasks');

/** The presets of the tasks list, with date bounds taken when the page opens (they go into the URL as they are). */
export function taskPresets(userId: string, at: dayjs.Dayjs = dayjs()): QuickFilter[] {
  const open = 'status:eq:open';
  return [
    { label: 'Assigned to me', filters: [`assigneeId:eq:${userId}`, open] },
    { label: 'Overdue', filters: [open, `dueAt:lt:${at.toISOString()}`] },
    {
      label: 'Due this week',
      filters: [
        open,
        `dueAt:gte:${at.startOf('day').toISOString()}`,
        `dueAt:lt:${at.startOf('day').add(7, 'day').toISOString()}`,
      ],
    },
    { label: 'Done', filters: ['status:eq:done'] },
  ];
}

/** `/tasks`: every task you may see, as a list with saved views, filters, columns, export and keyboard. */
export function TasksListPage() {
  const search = route.useSearch();
  const navigate = useNavigate();
  const me = useMe();
  const [creating, setCreating] = useState(false);
  const go = (next: typeof search, replace = false) => void navigate({ to: '/tasks', search: next, replace });
  const presets = useMemo(() => taskPresets(me.user.id), [me.user.id]);

  const config = useMemo<RecordListConfig<Task>>(
    () => ({
      object: 'tasks',
      title: 'Tasks',
      singular: 'task',
      plural: 'tasks',
      nameFieldKeys: ['title'],
      exportNameColumns: ['title'],
      nameColumn: {
        label: 'Task',
        sortKey: 'title',
        render: (task) => (
          <Group gap="xs" wrap="nowrap">
            <AnchorLink
              to="/tasks/$itemId"
              params={{ itemId: task.id }}
              size="sm"
              fw={500}
              c="dark"
              truncate
              td={task.status === 'done' ? 'line-through' : undefined}
              onClick={(e) => e.stopPropagation()}
            >
              {task.title}
            </AnchorLink>
            {task.overdue ? (
              <Badge size="xs" color="red" variant="light">
                Overdue
              </Badge>
            ) : null}
          </Group>
        ),
      },
      defaultColumns: ['status', 'dueAt', 'priority', 'assigneeId', 'personId', 'companyId'],
      emptyText:
        'Tasks are follow-ups with a due time and a reminder: a call to return, a quote to send. Add them here or from a person or company, and tick them off in My day.',
      onOpen: (task) => void navigate({ to: '/tasks/$itemId', params: { itemId: task.id } }),
      onCreate: () => setCreating(true),
      filterOnly: ['teamId'],
      noBin: true,
      excel: true,
      toolbar: (
        <QuickFilters
          presets={presets}
          search={search}
          onSearch={(next) => void navigate({ to: '/tasks', search: next, replace: true })}
        />
      ),
    }),
    [navigate, presets, search],
  );

  return (
    <>
      <RecordList<Task>
        config={config}
        search={search}
        onSearch={(next, options) => go(next, options?.replace ?? false)}
      />
      <TaskModal opened={creating} onClose={() => setCreating(false)} about="" />
    </>
  );
}
