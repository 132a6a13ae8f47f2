import { ActionIcon, Button, Group, Indicator, Popover, ScrollArea, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconBell, IconChecks } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import type { AppNotification } from '../../../api/types.ts';
import { fromNow } from '../../../ui/format.ts';
import { fetchNotifications, markAllRead, markRead, notificationsKey } from '../api/notifications.ts';

/** Where a notification leads in the web app: the record it is about (tasks and promises open on their customer). */
function target(n: AppNotification): string | null {
  if (n.record?.object === 'people') return `/people/${n.record.id}`;
  if (n.record?.object === 'companies') return `/companies/${n.record.id}`;
  if (n.record?.object === 'tasks') return `/tasks/${n.record.id}`;
  if (n.record?.object === 'promises') return `/promises/${n.record.id}`;
  return n.link?.startsWith('/') ? n.link : null;
}

/** Reminders and missed promises: the unread count on the bell, the list, mark read, and links to the record. */
export function NotificationsBell() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [opened, setOpened] = useState(false);
  const list = useQuery({
    queryKey: notificationsKey,
    queryFn: fetchNotifications,
    refetchInterval: 60_000,
    staleTime: 30_000,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: notificationsKey });
  const readOne = useMutation({ mutationFn: markRead, onSettled: refresh });
  const readAll = useMutation({ mutationFn: markAllRead, onSettled: refresh });
  const unread = list.data?.unread ?? 0;

  return (
    // The indicator wraps the popover, so the popover's aria-expanded lands on the button, not on the badge's div.
    <Indicator label={unread > 99 ? '99+' : unread} size={18} color="red" disabled={unread === 0} offset={4}>
      <Popover opened={opened} onChange={setOpened} position="bottom-end" width={360} shadow="md" withArrow>
        <Popover.Target>
          <ActionIcon
            variant="default"
            size="lg"
            onClick={() => setOpened((o) => !o)}
            aria-label={unread ? `Notifications, ${unread} unread` : 'Notifications'}
            aria-expanded={opened}
          >
            <IconBell size={18} />
          </ActionIcon>
        </Popover.Target>
        <Popover.Dropdown p={0}>
          <Group
            justify="space-between"
            px="sm"
            py="xs"
            style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}
          >
            <Text fw={600} size="sm">
              Notifications
            </Text>
            {unread > 0 ? (
              <Button
                size="compact-xs"
                variant="subtle"
                leftSection={<IconChecks size={14} aria-hidden />}
                onClick={() => readAll.mutate()}
                loading={readAll.isPending}
              >
                Mark all read
              </Button>
            ) : null}
          </Group>
          <ScrollArea.Autosize mah={420}>
            {list.isError ? (
              <Text size="sm" c="dimmed" p="sm">
                Notifications could not load. They will try again in a minute.
              </Text>
            ) : !list.data || list.data.data.length === 0 ? (
              <Text size="sm" c="dimmed" p="sm">
                Nothing new. Reminders for your tasks and promises, and missed promises, show up here.
              </Text>
            ) : (
              <Stack gap={0}>
                {list.data.data.map((n) => {
                  const to = target(n);
                  return (
                    <UnstyledButton
                      key={n.id}
                      px="sm"
                      py="xs"
                      style={{
                        borderBottom: '1px solid var(--mantine-color-gray-1)',
                        background: n.readAt ? undefined : 'var(--mantine-color-rapport-0)',
                      }}
                      onClick={() => {
                        if (!n.readAt) readOne.mutate(n.id);
                        setOpened(false);
                        if (to) void navigate({ to });
                      }}
                    >
                      <Group gap="xs" wrap="nowrap" align="flex-start">
                        {!n.readAt ? (
                          <Text size="xs" c="red.7" fw={700} aria-label="Unread" mt={2}>
                            ●
                          </Text>
                        ) : null}
                        <div style={{ minWidth: 0 }}>
                          <Text size="sm" fw={n.readAt ? 400 : 600}>
                            {n.title}
                          </Text>
                          {n.body ? (
                            <Text size="xs" c="dimmed">
                              {n.body}
                            </Text>
                          ) : null}
                          <Text size="xs" c="dimmed">
                            {fromNow(n.createdAt)}
                          </Text>
                        </div>
                      </Group>
                    </UnstyledButton>
                  );
                })}
              </Stack>
            )}
          </ScrollArea.Autosize>
        </Popover.Dropdown>
      </Popover>
    </Indicator>
  );
}
