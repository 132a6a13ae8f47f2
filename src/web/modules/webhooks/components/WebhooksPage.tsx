import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  MultiSelect,
  Paper,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconPlus, IconWebhook } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage, isApiError } from '../../../api/client.ts';
import { CopyBox } from '../../../ui/CopyBox.tsx';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { fromNow } from '../../../ui/format.ts';
import { PageSkeleton } from '../../../ui/PageSkeleton.tsx';
import {
  createWebhook,
  deleteWebhook,
  deliveriesKey,
  fetchDeliveries,
  fetchWebhooks,
  replayDelivery,
  updateWebhook,
  WEBHOOK_EVENTS,
  type WebhookEndpoint,
  webhooksKey,
} from '../api/webhooks.ts';

const eventLabel = (v: string) => WEBHOOK_EVENTS.find((e) => e.value === v)?.label ?? v;

function CreateWebhookModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<string[]>(['person.created', 'person.updated']);
  const [secret, setSecret] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: () => createWebhook({ url: url.trim(), events }),
    onSuccess: async (hook) => {
      setSecret(hook.secret);
      await queryClient.invalidateQueries({ queryKey: webhooksKey });
    },
  });
  const urlError =
    isApiError(create.error) && create.error.errors?.some((e) => e.pointer === '/url')
      ? create.error.errors.find((e) => e.pointer === '/url')?.detail
      : undefined;
  const close = () => {
    setSecret(null);
    setUrl('');
    create.reset();
    onClose();
  };
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={secret ? 'Copy the signing secret now' : 'New webhook'}
      centered
      size="lg"
    >
      {secret ? (
        <Stack>
          <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} aria-hidden />}>
            This is the only time the secret is shown. The receiver uses it to check the <code>webhook-signature</code>{' '}
            header (Standard Webhooks). If you lose it, delete the endpoint and register it again.
          </Alert>
          <CopyBox value={secret} label="Signing secret" />
          <Group justify="flex-end">
            <Button onClick={close}>I have copied it</Button>
          </Group>
        </Stack>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (url.trim() && events.length) create.mutate();
          }}
        >
          <Stack>
            {create.isError && !urlError ? <ErrorAlert error={create.error} title="Webhook not created" /> : null}
            <TextInput
              label="URL"
              description="Rapport POSTs each event here as JSON, signed with the endpoint's secret."
              placeholder="https://example.com/hooks/rapport"
              required
              data-autofocus
              value={url}
              error={urlError}
              onChange={(e) => setUrl(e.currentTarget.value)}
            />
            <MultiSelect
              label="Events"
              description="What to send. “Every event” includes types added later."
              data={WEBHOOK_EVENTS}
              value={events}
              onChange={setEvents}
              searchable
              required
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending} disabled={!url.trim() || events.length === 0}>
                Create webhook
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

function DeliveriesModal({ hook, onClose }: { hook: WebhookEndpoint | null; onClose: () => void }) {
  const queryClient = useQueryClient();
  const deliveries = useQuery({
    queryKey: deliveriesKey(hook?.id ?? ''),
    queryFn: () => fetchDeliveries(hook!.id),
    enabled: hook !== null,
    refetchInterval: 5000,
  });
  const replay = useMutation({
    mutationFn: (deliveryId: string) => replayDelivery(hook!.id, deliveryId),
    onSuccess: async () => {
      notifications.show({ message: 'Queued again. It is sent within a few seconds.' });
      await queryClient.invalidateQueries({ queryKey: deliveriesKey(hook!.id) });
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Not replayed', message: errorMessage(error) }),
  });
  return (
    <Modal opened={hook !== null} onClose={onClose} title={`Deliveries to ${hook?.url ?? ''}`} size="xl" centered>
      {deliveries.isPending ? (
        <PageSkeleton />
      ) : deliveries.isError ? (
        <ErrorAlert error={deliveries.error} title="Deliveries could not load" />
      ) : deliveries.data.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing sent yet. Deliveries appear here as soon as a subscribed event happens.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Event</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Response</Table.Th>
                <Table.Th>Attempts</Table.Th>
                <Table.Th>When</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {deliveries.data.map((d) => (
                <Table.Tr key={d.id}>
                  <Table.Td>
                    <Text size="sm">{eventLabel(d.type)}</Text>
                    {d.replayOf ? (
                      <Text size="xs" c="dimmed">
                        Replay
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <Badge
                      variant="light"
                      tt="none"
                      color={d.status === 'succeeded' ? 'teal' : d.status === 'failed' ? 'red' : 'yellow'}
                    >
                      {d.status === 'succeeded' ? 'Delivered' : d.status === 'failed' ? 'Gave up' : 'Retrying'}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{d.lastStatusCode ?? '—'}</Text>
                    {d.lastError ? (
                      <Text size="xs" c="dimmed">
                        {d.lastError}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>{d.attempts}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{fromNow(d.createdAt)}</Text>
                    {d.nextAttemptAt ? (
                      <Text size="xs" c="dimmed">
                        next try {fromNow(d.nextAttemptAt)}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <Button
                      size="compact-sm"
                      variant="subtle"
                      loading={replay.isPending && replay.variables === d.id}
                      onClick={() => replay.mutate(d.id)}
                    >
                      Replay
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Modal>
  );
}

/** Settings → Webhooks: endpoints that receive events, switching them on and off, and their delivery log. */
export function WebhooksPage() {
  const queryClient = useQueryClient();
  const hooks = useQuery({ queryKey: webhooksKey, queryFn: fetchWebhooks });
  const [creating, setCreating] = useState(false);
  const [viewing, setViewing] = useState<WebhookEndpoint | null>(null);
  const [confirm, setConfirm] = useState<WebhookEndpoint | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: webhooksKey });
  const toggle = useMutation({
    mutationFn: (h: WebhookEndpoint) => updateWebhook(h.id, { enabled: !h.enabled }),
    onSuccess: (h) => {
      notifications.show({ message: h.enabled ? 'Switched on. Waiting deliveries go out now.' : 'Switched off.' });
      return refresh();
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Not changed', message: errorMessage(error) }),
  });
  const remove = useMutation({
    mutationFn: (h: WebhookEndpoint) => deleteWebhook(h.id),
    onSuccess: async () => {
      setConfirm(null);
      notifications.show({ message: 'Webhook deleted.' });
      await refresh();
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Not deleted', message: errorMessage(error) }),
  });

  if (hooks.isPending) return <PageSkeleton />;
  if (hooks.isError)
    return <ErrorAlert error={hooks.error} title="Webhooks could not load" onRetry={() => hooks.refetch()} />;

  return (
    <Stack>
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          Webhooks tell other systems when something changes in Rapport, within seconds, retried for over a day.
        </Text>
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
          New webhook
        </Button>
      </Group>
      <Paper withBorder radius="md">
        {hooks.data.length === 0 ? (
          <Group p="md" gap="sm">
            <IconWebhook size={18} aria-hidden />
            <Text size="sm" c="dimmed">
              No webhooks yet. Add one to send new and changed people, companies and activities to another system.
            </Text>
          </Group>
        ) : (
          <Table.ScrollContainer minWidth={720}>
            <Table verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>URL</Table.Th>
                  <Table.Th>Events</Table.Th>
                  <Table.Th>On</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {hooks.data.map((h) => (
                  <Table.Tr key={h.id}>
                    <Table.Td>
                      <Text size="sm" fw={500} style={{ wordBreak: 'break-all' }}>
                        {h.url}
                      </Text>
                      {h.disabledReason ? (
                        <Text size="xs" c="red.8">
                          {h.disabledReason}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {h.events.map((e) => (
                          <Badge key={e} size="sm" variant="default" tt="none">
                            {eventLabel(e)}
                          </Badge>
                        ))}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Switch
                        checked={h.enabled}
                        onChange={() => toggle.mutate(h)}
                        aria-label={`${h.enabled ? 'Switch off' : 'Switch on'} ${h.url}`}
                        label={h.enabled ? 'On' : 'Off'}
                      />
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap" justify="flex-end">
                        <Button size="compact-sm" variant="subtle" onClick={() => setViewing(h)}>
                          Deliveries
                        </Button>
                        <Button size="compact-sm" variant="subtle" color="red" onClick={() => setConfirm(h)}>
                          Delete
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
      <CreateWebhookModal opened={creating} onClose={() => setCreating(false)} />
      <DeliveriesModal hook={viewing} onClose={() => setViewing(null)} />
      <Modal opened={confirm !== null} onClose={() => setConfirm(null)} title="Delete this webhook?" centered>
        <Text size="sm">
          {confirm?.url} stops receiving events, and its delivery log is deleted with it. This cannot be undone.
        </Text>
        <Group justify="flex-end" mt="lg">
          <Button variant="default" onClick={() => setConfirm(null)}>
            Cancel
          </Button>
          <Button color="red" loading={remove.isPending} onClick={() => confirm && remove.mutate(confirm)}>
            Delete webhook
          </Button>
        </Group>
      </Modal>
    </Stack>
  );
}
