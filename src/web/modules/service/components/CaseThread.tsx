import { Anchor, Badge, Button, Checkbox, Group, Paper, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { fillPlaceholders } from '../../../../shared/canned-responses.ts';
import { errorMessage } from '../../../api/client.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { formatDateTime } from '../../../ui/format.ts';
import { personQueryOptions } from '../../people/api/people.ts';
import { cannedResponsesQueryOptions, caseAttachmentUrl, caseMessagesQueryOptions, postCaseMessage } from '../api.ts';

/** What canned responses' placeholders are filled from. */
export interface ReplyContext {
  reference: string;
  subject: string;
  personId: string | null;
  agentName: string;
}

const sizeLabel = (n: number) =>
  n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : n >= 1024 ? `${Math.round(n / 1024)} KB` : `${n} B`;

/** A case's thread: what the customer wrote, the replies sent to them, and internal notes; a reply box on top. */
export function CaseThread({
  caseId,
  canReply,
  context,
}: {
  caseId: string;
  canReply: boolean;
  context: ReplyContext;
}) {
  const queryClient = useQueryClient();
  const thread = useQuery(caseMessagesQueryOptions(caseId));
  const canned = useQuery({ ...cannedResponsesQueryOptions(), enabled: canReply });
  const person = useQuery({ ...personQueryOptions(context.personId ?? ''), enabled: canReply && !!context.personId });
  const [body, setBody] = useState('');
  const [internal, setInternal] = useState(false);
  const send = useMutation({
    mutationFn: () => postCaseMessage(caseId, { body: body.trim(), direction: 'out', internal }),
    onSuccess: async () => {
      setBody('');
      notifications.show({ color: 'teal', message: internal ? 'Note added.' : 'Reply sent to the customer.' });
      await queryClient.invalidateQueries({ queryKey: ['cases'] });
      await queryClient.invalidateQueries({ queryKey: ['timeline'] });
    },
    onError: (e) => notifications.show({ color: 'red', title: 'Not sent', message: errorMessage(e) }),
  });
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={2} size="h4" mb="sm">
        Conversation
      </Title>
      {canReply ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (body.trim()) send.mutate();
          }}
        >
          <Stack gap="xs" mb="md">
            <Select
              label="Insert a canned response"
              placeholder={
                (canned.data?.data ?? []).length === 0
                  ? 'None yet: add them in Settings → Case types & SLAs'
                  : 'Search canned responses'
              }
              searchable
              clearable
              value={null}
              data={(canned.data?.data ?? []).map((r) => ({ value: r.id, label: r.name }))}
              disabled={(canned.data?.data ?? []).length === 0}
              nothingFoundMessage="No canned response by that name"
              onChange={(id) => {
                const r = canned.data?.data.find((x) => x.id === id);
                if (!r) return;
                const p = person.data?.record;
                const text = fillPlaceholders(r.body, {
                  'person.firstName': p?.firstName ?? '',
                  'person.lastName': p?.lastName ?? '',
                  'person.name': p ? [p.firstName, p.lastName].filter(Boolean).join(' ') : '',
                  'case.reference': context.reference,
                  'case.subject': context.subject,
                  'agent.name': context.agentName,
                });
                setBody((b) => (b.trim() ? `${b.trimEnd()}\n\n${text}` : text));
              }}
            />
            <Textarea
              id="case-reply"
              aria-keyshortcuts="r"
              label={internal ? 'Internal note' : 'Reply to the customer'}
              description={internal ? 'Only staff see it' : 'Emailed to the customer and shown in their portal'}
              autosize
              minRows={3}
              value={body}
              onChange={(e) => setBody(e.currentTarget.value)}
            />
            <Group justify="space-between">
              <Checkbox
                label="Internal note"
                checked={internal}
                onChange={(e) => setInternal(e.currentTarget.checked)}
              />
              <Button type="submit" loading={send.isPending} disabled={!body.trim()}>
                {internal ? 'Add note' : 'Send reply'}
              </Button>
            </Group>
          </Stack>
        </form>
      ) : null}
      {thread.error ? <ErrorAlert error={thread.error} /> : null}
      <Stack gap="sm" data-testid="case-thread">
        {(thread.data?.data ?? []).length === 0 ? (
          <Text size="sm" c="dimmed">
            No messages yet. A reply here is emailed to the customer.
          </Text>
        ) : (
          [...(thread.data?.data ?? [])].reverse().map((m) => (
            <Paper
              key={m.id}
              p="sm"
              radius="sm"
              bg={m.internal ? 'yellow.0' : m.direction === 'in' ? 'gray.0' : 'blue.0'}
            >
              <Group gap="xs" mb={4}>
                <Text size="sm" fw={600}>
                  {m.author?.name ?? (m.direction === 'in' ? 'Customer' : 'Agent')}
                </Text>
                <Badge size="xs" variant="light" color={m.internal ? 'yellow' : m.direction === 'in' ? 'gray' : 'blue'}>
                  {m.internal ? 'Internal note' : m.direction === 'in' ? `From the customer (${m.channel})` : 'Reply'}
                </Badge>
                {m.automated ? (
                  <Badge size="xs" variant="outline" color="gray">
                    Automatic reply or bounce
                  </Badge>
                ) : null}
                {m.emailFrom ? (
                  <Text size="xs" c="dimmed">
                    {m.emailFrom}
                  </Text>
                ) : null}
                <Text size="xs" c="dimmed">
                  {formatDateTime(m.createdAt)}
                </Text>
              </Group>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {m.body}
              </Text>
              {m.attachments.length > 0 ? (
                <Stack gap={2} mt="xs" aria-label="Attachments">
                  {m.attachments.map((a) =>
                    a.stored ? (
                      <Anchor key={a.id} size="sm" href={caseAttachmentUrl(caseId, a.id)} download={a.filename}>
                        {a.filename} ({sizeLabel(a.size)})
                      </Anchor>
                    ) : (
                      <Text key={a.id} size="sm" c="dimmed">
                        {a.filename}: not kept ({a.refusedReason})
                      </Text>
                    ),
                  )}
                </Stack>
              ) : null}
            </Paper>
          ))
        )}
      </Stack>
    </Paper>
  );
}
