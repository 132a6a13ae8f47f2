import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Popover,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconAlertTriangle,
  IconCalendarRepeat,
  IconCheck,
  IconClock,
  IconMessageReport,
  IconX,
} from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useState } from 'react';
import { errorMessage } from '../../../api/client.ts';
import type { CustomerPromise } from '../../../api/types.ts';
import { formatDateTime, fromNow, humanize } from '../../../ui/format.ts';
import { AnchorLink } from '../../../ui/links.tsx';
import { showUndoToast } from '../../../ui/undoToast.tsx';
import { refreshTouchpoints } from '../../activities/api/activities.ts';
import { localToIso, toLocalInput } from '../../tasks/components/TaskModal.tsx';
import { breakPromise, keepPromise, renegotiatePromise, reopenPromise, tellCustomer } from '../api/promises.ts';

const TELL_CHANNELS = ['phone', 'email', 'sms', 'whatsapp', 'chat', 'video', 'in_person', 'post'];

export function needsTelling(p: CustomerPromise): boolean {
  return (p.status === 'broken' || p.status === 'renegotiated') && !p.customerToldAt;
}

function StatusBadge({ promise }: { promise: CustomerPromise }) {
  if (promise.status === 'open' && promise.overdue)
    return (
      <Badge color="red" variant="light" size="sm" tt="none" leftSection={<IconClock size={12} aria-hidden />}>
        Overdue
      </Badge>
    );
  if (promise.status === 'open')
    return (
      <Badge color="blue" variant="light" size="sm" tt="none" leftSection={<IconClock size={12} aria-hidden />}>
        Due {fromNow(promise.dueAt)}
      </Badge>
    );
  if (promise.status === 'kept')
    return (
      <Badge color="teal" variant="light" size="sm" tt="none" leftSection={<IconCheck size={12} aria-hidden />}>
        Kept
      </Badge>
    );
  if (promise.status === 'broken')
    return (
      <Badge color="red" variant="filled" size="sm" tt="none" leftSection={<IconX size={12} aria-hidden />}>
        Broken
      </Badge>
    );
  return (
    <Badge color="gray" variant="light" size="sm" tt="none" leftSection={<IconCalendarRepeat size={12} aria-hidden />}>
      Renegotiated
    </Badge>
  );
}

/** What to tell the customer when a promise is missed: a message, logged as an activity on their timeline. */
export function TellCustomerModal({
  promise,
  opened,
  onClose,
}: {
  promise: CustomerPromise;
  opened: boolean;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const [channel, setChannel] = useState<string>('email');
  const [body, setBody] = useState(
    `We promised to ${promise.description.replace(/\.$/, '')} by ${dayjs(promise.dueAt).format('D MMMM')}, and we did not manage it. We are sorry.`,
  );
  const mutation = useMutation({
    mutationFn: () =>
      tellCustomer(promise.id, {
        channel,
        body: body.trim(),
        subject: `Update on our promise: ${promise.description}`.slice(0, 200),
      }),
    onSuccess: async () => {
      notifications.show({ color: 'teal', message: 'Logged on the timeline: the customer was told.' });
      onClose();
      await refreshTouchpoints(queryClient);
    },
  });
  return (
    <Modal opened={opened} onClose={onClose} title="Tell the customer" centered>
      <Stack gap="sm">
        <Text size="sm">
          Say what happened and what comes next. This is logged on {promise.person?.name ?? promise.company?.name}'s
          timeline.
        </Text>
        <Select
          label="How you told them"
          data={TELL_CHANNELS.map((c) => ({ value: c, label: humanize(c) }))}
          value={channel}
          onChange={(v) => setChannel(v ?? 'email')}
          allowDeselect={false}
        />
        <Textarea
          label="What you told them"
          autosize
          minRows={3}
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
          data-autofocus
        />
        {mutation.isError ? (
          <Alert color="red" role="alert">
            {errorMessage(mutation.error)}
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Later
          </Button>
          <Button onClick={() => mutation.mutate()} loading={mutation.isPending} disabled={!body.trim()}>
            Log that they were told
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** One promise with its one-click outcomes: kept, broken, new date, tell the customer. */
export function PromiseCard({
  promise,
  showRecord = false,
  onTell,
}: {
  promise: CustomerPromise;
  showRecord?: boolean;
  /**
   * Where the tell-the-customer dialog lives when this card may leave the list once broken (My day); called with
   * null to close it (the break was undone).
   */
  onTell?: (promise: CustomerPromise | null) => void;
}) {
  const queryClient = useQueryClient();
  const [tellingHere, setTellingHere] = useState(false);
  const setTelling = (value: boolean) => {
    if (value && onTell) onTell(promise);
    else setTellingHere(value);
  };
  const [moving, setMoving] = useState(false);
  const [newDue, setNewDue] = useState(() => toLocalInput(dayjs().add(2, 'day').hour(17).minute(0)));
  const onError = (error: unknown) =>
    notifications.show({ color: 'red', title: 'Not saved', message: errorMessage(error) });
  const reopen = async () => {
    await reopenPromise(promise.id);
    await refreshTouchpoints(queryClient);
  };
  const keep = useMutation({
    mutationFn: () => keepPromise(promise.id),
    onSuccess: async () => {
      showUndoToast({ message: 'Promise kept. Nice.', onUndo: reopen, undone: 'The promise is open again.' });
      await refreshTouchpoints(queryClient);
    },
    onError,
  });
  const broke = useMutation({
    mutationFn: () => breakPromise(promise.id),
    onSuccess: async (broken) => {
      if (onTell) onTell(broken);
      else setTellingHere(true);
      showUndoToast({
        message: 'Promise marked broken.',
        color: 'red',
        onUndo: async () => {
          if (onTell) onTell(null);
          else setTellingHere(false);
          await reopen();
        },
        undone: 'The promise is open again.',
      });
      await refreshTouchpoints(queryClient);
    },
    onError,
  });
  const move = useMutation({
    mutationFn: () => renegotiatePromise(promise.id, localToIso(newDue) ?? ''),
    onSuccess: async () => {
      setMoving(false);
      notifications.show({ color: 'teal', message: `New date agreed: ${dayjs(newDue).format('D MMM HH:mm')}` });
      await refreshTouchpoints(queryClient);
    },
    onError,
  });
  const record = promise.person
    ? { to: '/people/$personId' as const, params: { personId: promise.person.id }, name: promise.person.name }
    : promise.company
      ? { to: '/companies/$companyId' as const, params: { companyId: promise.company.id }, name: promise.company.name }
      : null;
  const untold = needsTelling(promise);

  return (
    <Paper
      withBorder
      radius="md"
      p="sm"
      data-testid="promise"
      style={untold ? { borderColor: 'var(--mantine-color-red-6)', borderWidth: 2 } : undefined}
    >
      <Stack gap={6}>
        <Group justify="space-between" wrap="wrap" align="flex-start" gap="xs">
          <Text size="sm" fw={500} style={{ wordBreak: 'break-word', flex: '1 1 120px' }}>
            {promise.description}
          </Text>
          <StatusBadge promise={promise} />
        </Group>
        <Text size="xs" c="dimmed">
          {showRecord && record ? (
            <>
              To{' '}
              {record.to === '/people/$personId' ? (
                <AnchorLink to="/people/$personId" params={{ personId: promise.person?.id ?? '' }} size="xs">
                  {record.name}
                </AnchorLink>
              ) : (
                <AnchorLink to="/companies/$companyId" params={{ companyId: promise.company?.id ?? '' }} size="xs">
                  {record.name}
                </AnchorLink>
              )}
              {' · '}
            </>
          ) : null}
          Due {formatDateTime(promise.dueAt)}
          {promise.owner ? ` · ${promise.owner.name}` : ''} · {humanize(promise.department)}
        </Text>
        {untold ? (
          <Alert
            color="red"
            variant="light"
            p="xs"
            icon={<IconAlertTriangle size={18} aria-hidden />}
            title={
              promise.status === 'broken' ? 'Broken: the customer has not been told' : 'Changed: tell the customer'
            }
          >
            <Button
              size="xs"
              color="red"
              leftSection={<IconMessageReport size={14} aria-hidden />}
              onClick={() => setTelling(true)}
            >
              Tell the customer
            </Button>
          </Alert>
        ) : null}
        {promise.status === 'open' ? (
          <Group gap={6} wrap="wrap">
            <Button
              size="compact-sm"
              variant="light"
              color="teal"
              leftSection={<IconCheck size={14} aria-hidden />}
              onClick={() => keep.mutate()}
              loading={keep.isPending}
            >
              Kept
            </Button>
            <Button
              size="compact-sm"
              variant="light"
              color="red"
              leftSection={<IconX size={14} aria-hidden />}
              onClick={() => broke.mutate()}
              loading={broke.isPending}
            >
              Broken
            </Button>
            <Popover opened={moving} onChange={setMoving} trapFocus position="bottom-start" withArrow shadow="md">
              <Popover.Target>
                <Button
                  size="compact-sm"
                  variant="default"
                  leftSection={<IconCalendarRepeat size={14} aria-hidden />}
                  onClick={() => setMoving((m) => !m)}
                >
                  New date
                </Button>
              </Popover.Target>
              <Popover.Dropdown>
                <Stack gap="xs">
                  <TextInput
                    type="datetime-local"
                    label="New date agreed with the customer"
                    value={newDue}
                    onChange={(e) => setNewDue(e.currentTarget.value)}
                  />
                  <Button size="xs" onClick={() => move.mutate()} loading={move.isPending}>
                    Renegotiate
                  </Button>
                </Stack>
              </Popover.Dropdown>
            </Popover>
          </Group>
        ) : null}
      </Stack>
      {tellingHere ? <TellCustomerModal promise={promise} opened onClose={() => setTellingHere(false)} /> : null}
    </Paper>
  );
}
