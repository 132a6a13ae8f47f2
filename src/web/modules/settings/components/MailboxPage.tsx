import { Alert, Anchor, Badge, Code, Group, Paper, Skeleton, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { IconInfoCircle, IconMail } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { formatDateTime, fromNow } from '../../../ui/format.ts';
import { PageSkeleton } from '../../../ui/PageSkeleton.tsx';
import { fetchDevMail, fetchMailbox, mailboxQueryKey } from '../api/settings.ts';

const URL_PATTERN = /https?:\/\/[^\s<>"]+/g;

function MailView({ id }: { id: string }) {
  const mail = useQuery({ queryKey: [...mailboxQueryKey, id], queryFn: () => fetchDevMail(id) });
  if (mail.isPending) return <Skeleton height={240} />;
  if (mail.isError) return <ErrorAlert error={mail.error} title="This mail could not load" />;
  const m = mail.data;
  const links = [...new Set(m.text.match(URL_PATTERN) ?? [])];
  return (
    <Stack gap="sm">
      <div>
        <Title order={2} size="h4">
          {m.subject}
        </Title>
        <Text size="sm" c="dimmed">
          From {m.from} to {m.to} · {formatDateTime(m.createdAt)}
        </Text>
      </div>
      {links.length > 0 ? (
        <Group gap="xs">
          <Text size="sm">Links:</Text>
          {links.map((href) => (
            <Anchor key={href} href={href} size="sm" td="underline" style={{ wordBreak: 'break-all' }}>
              {href}
            </Anchor>
          ))}
        </Group>
      ) : null}
      <Tabs defaultValue="html">
        <Tabs.List>
          <Tabs.Tab value="html">HTML</Tabs.Tab>
          <Tabs.Tab value="text">Plain text</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="html" pt="sm">
          {/* Sandboxed: the mail's HTML can neither run scripts nor reach this page. */}
          <iframe
            title={`HTML of "${m.subject}"`}
            sandbox=""
            srcDoc={m.html}
            style={{ width: '100%', height: 480, border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8 }}
          />
        </Tabs.Panel>
        <Tabs.Panel value="text" pt="sm">
          <Code block style={{ whiteSpace: 'pre-wrap' }}>
            {m.text}
          </Code>
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

/** What Rapport would have sent while no SMTP server is configured (RAPPORT_MAIL_URL unset). */
export function MailboxPage() {
  const mailbox = useQuery({ queryKey: mailboxQueryKey, queryFn: fetchMailbox, refetchInterval: 5_000 });
  const [selected, setSelected] = useState<string | null>(null);
  if (mailbox.isPending) return <PageSkeleton />;
  if (mailbox.isError)
    return <ErrorAlert error={mailbox.error} title="The mailbox could not load" onRetry={() => mailbox.refetch()} />;
  const { mode, outbox, data } = mailbox.data;
  const open = selected ?? data[0]?.id ?? null;

  return (
    <Stack>
      <Alert
        variant="light"
        color={mode === 'smtp' ? 'blue' : 'yellow'}
        icon={<IconInfoCircle size={18} aria-hidden />}
      >
        {mode === 'smtp'
          ? 'Mail is sent through your SMTP server (RAPPORT_MAIL_URL). Mails kept here are from before it was set.'
          : 'No mail server is set (RAPPORT_MAIL_URL), so nothing leaves this server: each mail lands here instead. These mails hold live password and invitation links; pass one on only to the person it is for.'}
      </Alert>
      {outbox.pending > 0 || outbox.failed > 0 ? (
        <Group gap="xs">
          {outbox.pending > 0 ? (
            <Badge color="blue" variant="light" tt="none">
              {outbox.pending} waiting to be sent
            </Badge>
          ) : null}
          {outbox.failed > 0 ? (
            <Badge color="red" variant="light" tt="none">
              {outbox.failed} failed after every retry
            </Badge>
          ) : null}
        </Group>
      ) : null}
      {data.length === 0 ? (
        <Paper withBorder radius="md" p="xl">
          <Stack align="center" gap="xs">
            <IconMail size={32} aria-hidden />
            <Text fw={500}>No mail yet</Text>
            <Text size="sm" c="dimmed" ta="center">
              Password resets and invitations appear here. Invite a user in Settings → Users to see one.
            </Text>
          </Stack>
        </Paper>
      ) : (
        <Group align="flex-start" gap="md" wrap="wrap">
          <Paper withBorder radius="md" style={{ flex: '1 1 320px', minWidth: 0 }}>
            <Table highlightOnHover verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Mail</Table.Th>
                  <Table.Th>When</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.map((m) => (
                  <Table.Tr
                    key={m.id}
                    bg={m.id === open ? 'var(--mantine-color-blue-light)' : undefined}
                    aria-selected={m.id === open}
                  >
                    <Table.Td>
                      <Anchor
                        component="button"
                        type="button"
                        size="sm"
                        fw={500}
                        c="inherit"
                        ta="left"
                        onClick={() => setSelected(m.id)}
                      >
                        {m.subject}
                      </Anchor>
                      {/* On the selected row's tint the dimmed grey falls below 4.5:1: plain text there. */}
                      <Text size="xs" c={m.id === open ? undefined : 'dimmed'}>
                        To {m.to}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs">{fromNow(m.createdAt)}</Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
          <Paper withBorder radius="md" p="md" style={{ flex: '2 1 420px', minWidth: 0 }}>
            {open ? <MailView id={open} /> : null}
          </Paper>
        </Group>
      )}
    </Stack>
  );
}
