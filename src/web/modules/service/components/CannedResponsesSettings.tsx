import { ActionIcon, Button, Group, Paper, Stack, Text, Textarea, TextInput, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { CANNED_PLACEHOLDERS } from '../../../../shared/canned-responses.ts';
import { errorMessage, isApiError } from '../../../api/client.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import {
  type CannedResponse,
  cannedResponsesKey,
  cannedResponsesQueryOptions,
  createCannedResponse,
  deleteCannedResponse,
  updateCannedResponse,
} from '../api.ts';

const fieldError = (error: unknown, pointer: string) =>
  isApiError(error)
    ? error.errors
        ?.filter((e) => e.pointer === pointer)
        .map((e) => e.detail)
        .join('; ') || undefined
    : undefined;

/** Settings → Case types & SLAs: the team's canned responses, added, edited and removed in place. */
export function CannedResponsesSettings() {
  const queryClient = useQueryClient();
  const list = useQuery(cannedResponsesQueryOptions());
  const [editing, setEditing] = useState<CannedResponse | null>(null);
  const [name, setName] = useState('');
  const [body, setBody] = useState('');
  const reset = () => {
    setEditing(null);
    setName('');
    setBody('');
  };
  const save = useMutation({
    mutationFn: () =>
      editing ? updateCannedResponse(editing.id, { name, body }) : createCannedResponse({ name, body }),
    onSuccess: async () => {
      notifications.show({ message: editing ? 'Canned response saved.' : 'Canned response added.' });
      reset();
      await queryClient.invalidateQueries({ queryKey: cannedResponsesKey });
    },
  });
  const remove = useMutation({
    mutationFn: (r: CannedResponse) => deleteCannedResponse(r.id),
    onSuccess: async (_, r) => {
      notifications.show({ message: `${r.name} removed.` });
      await queryClient.invalidateQueries({ queryKey: cannedResponsesKey });
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Not removed', message: errorMessage(error) }),
  });
  const rows = list.data?.data ?? [];
  return (
    <Paper withBorder radius="md" p="md">
      <Title order={2} size="h4" mb={4}>
        Canned responses
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Replies agents insert from a case’s reply box. Placeholders filled from the case:{' '}
        {CANNED_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}.
      </Text>
      {list.isError ? (
        <ErrorAlert error={list.error} title="Canned responses could not load" onRetry={() => list.refetch()} />
      ) : (
        <Stack gap="xs" mb="md" data-testid="canned-responses">
          {rows.length === 0 && !list.isPending ? (
            <Text size="sm" c="dimmed">
              No canned responses yet. Add the answers your team writes again and again, such as a greeting with{' '}
              {'{{person.firstName}}'} and the case reference.
            </Text>
          ) : (
            rows.map((r) => (
              <Group key={r.id} justify="space-between" wrap="nowrap" align="flex-start">
                <div style={{ minWidth: 0 }}>
                  <Text size="sm" fw={600}>
                    {r.name}
                  </Text>
                  <Text size="xs" c="dimmed" lineClamp={2} style={{ whiteSpace: 'pre-wrap' }}>
                    {r.body}
                  </Text>
                </div>
                <Group gap={4} wrap="nowrap">
                  <Tooltip label={`Edit ${r.name}`}>
                    <ActionIcon
                      variant="subtle"
                      aria-label={`Edit ${r.name}`}
                      onClick={() => {
                        setEditing(r);
                        setName(r.name);
                        setBody(r.body);
                        save.reset();
                      }}
                    >
                      <IconPencil size={16} aria-hidden />
                    </ActionIcon>
                  </Tooltip>
                  <Tooltip label={`Remove ${r.name}`}>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={`Remove ${r.name}`}
                      loading={remove.isPending && remove.variables?.id === r.id}
                      onClick={() => remove.mutate(r)}
                    >
                      <IconTrash size={16} aria-hidden />
                    </ActionIcon>
                  </Tooltip>
                </Group>
              </Group>
            ))
          )}
        </Stack>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Stack gap="xs">
          <TextInput
            label={editing ? `Name (editing ${editing.name})` : 'Name'}
            required
            maxLength={100}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={fieldError(save.error, '/name')}
          />
          <Textarea
            label="Text"
            required
            autosize
            minRows={3}
            value={body}
            onChange={(e) => setBody(e.currentTarget.value)}
            error={fieldError(save.error, '/body')}
          />
          {save.error && !fieldError(save.error, '/body') && !fieldError(save.error, '/name') ? (
            <ErrorAlert error={save.error} />
          ) : null}
          <Group justify="flex-end">
            {editing ? (
              <Button variant="default" onClick={reset}>
                Cancel
              </Button>
            ) : null}
            <Button type="submit" loading={save.isPending} disabled={!name.trim() || !body.trim()}>
              {editing ? 'Save canned response' : 'Add canned response'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
