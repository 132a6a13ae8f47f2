import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconKey, IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '../../../api/client.ts';
import type { ApiToken, TokenScope } from '../../../api/types.ts';
import { CopyBox } from '../../../ui/CopyBox.tsx';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { formatDate, fromNow } from '../../../ui/format.ts';
import { PageSkeleton } from '../../../ui/PageSkeleton.tsx';
import { objectsQueryOptions } from '../../records/api/records.ts';
import { createToken, fetchTokens, revokeToken, tokensQueryKey } from '../api/settings.ts';

/** The objects that are not kinds of record; the kinds come from `/meta/objects` (what the user may read). */
const SYSTEM_SCOPES = [
  { key: 'users', label: 'Users & teams' },
  { key: 'settings', label: 'Settings' },
  { key: 'audit', label: 'Audit log' },
  { key: 'privacy', label: 'Privacy requests' },
];
const EXPIRY = [
  { value: '7', label: '7 days' },
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '180', label: '180 days' },
  { value: '365', label: '1 year' },
];

function status(token: ApiToken): { label: string; color: string } {
  if (token.revokedAt) return { label: 'Revoked', color: 'gray' };
  if (token.expiresAt && new Date(token.expiresAt) < new Date()) return { label: 'Expired', color: 'orange' };
  return { label: 'Active', color: 'teal' };
}

function CreateTokenModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Record<string, TokenScope | 'none'>>({ people: 'read', companies: 'read' });
  const [expires, setExpires] = useState('90');
  const kinds = useQuery(objectsQueryOptions);
  const scopeObjects = [...(kinds.data ?? []).map((k) => ({ key: k.kind, label: k.label })), ...SYSTEM_SCOPES];
  const [created, setCreated] = useState<string | null>(null);
  const chosen = Object.fromEntries(Object.entries(scopes).filter(([, v]) => v !== 'none')) as Record<
    string,
    TokenScope
  >;
  const create = useMutation({
    mutationFn: () => createToken({ name: name.trim(), scopes: chosen, expiresInDays: Number(expires) }),
    onSuccess: async (token) => {
      setCreated(token.token);
      await queryClient.invalidateQueries({ queryKey: tokensQueryKey });
    },
  });
  const close = () => {
    setCreated(null);
    setName('');
    setScopes({ people: 'read', companies: 'read' });
    create.reset();
    onClose();
  };

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={created ? 'Copy your token now' : 'New API token'}
      centered
      size="lg"
      closeOnClickOutside={!created}
    >
      {created ? (
        <Stack>
          <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} aria-hidden />}>
            This is the only time the token is shown. Store it in your password manager or the integration’s secret
            settings. If you lose it, revoke it and create a new one.
          </Alert>
          <CopyBox value={created} label="API token" />
          <Text size="sm" c="dimmed">
            Send it as <code>Authorization: Bearer {'<token>'}</code>.
          </Text>
          <Group justify="flex-end">
            <Button onClick={close}>I have copied it</Button>
          </Group>
        </Stack>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim() && Object.keys(chosen).length) create.mutate();
          }}
        >
          <Stack>
            {create.isError ? <ErrorAlert error={create.error} title="Token not created" /> : null}
            <TextInput
              label="Name"
              description="What uses it, e.g. “Website form” or “Nightly export”."
              required
              data-autofocus
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
            />
            <Stack gap={6}>
              <Text size="sm" fw={500}>
                Access
              </Text>
              <Text size="xs" c="dimmed" mt={-4}>
                A token never does more than your own role allows. Read includes export.
              </Text>
              {scopeObjects.map((o) => (
                <Group key={o.key} justify="space-between" wrap="nowrap">
                  <Text size="sm">{o.label}</Text>
                  <SegmentedControl
                    size="xs"
                    aria-label={`${o.label} access`}
                    value={scopes[o.key] ?? 'none'}
                    onChange={(v) => setScopes((s) => ({ ...s, [o.key]: v as TokenScope | 'none' }))}
                    data={[
                      { value: 'none', label: 'None' },
                      { value: 'read', label: 'Read' },
                      { value: 'write', label: 'Write' },
                    ]}
                  />
                </Group>
              ))}
            </Stack>
            <Select
              label="Expires after"
              data={EXPIRY}
              value={expires}
              onChange={(v) => v && setExpires(v)}
              allowDeselect={false}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button
                type="submit"
                loading={create.isPending}
                disabled={!name.trim() || Object.keys(chosen).length === 0}
              >
                Create token
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

export function TokensPage() {
  const queryClient = useQueryClient();
  const tokens = useQuery({ queryKey: tokensQueryKey, queryFn: fetchTokens });
  const [creating, setCreating] = useState(false);
  const [confirm, setConfirm] = useState<ApiToken | null>(null);
  const revoke = useMutation({
    mutationFn: (t: ApiToken) => revokeToken(t.id),
    onSuccess: async (_d, t) => {
      await queryClient.invalidateQueries({ queryKey: tokensQueryKey });
      notifications.show({ message: `Token “${t.name}” revoked. Anything using it stops working now.` });
      setConfirm(null);
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Not revoked', message: errorMessage(error) }),
  });

  if (tokens.isPending) return <PageSkeleton />;
  if (tokens.isError)
    return <ErrorAlert error={tokens.error} title="Tokens could not load" onRetry={() => tokens.refetch()} />;

  return (
    <Stack>
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          Tokens let scripts and integrations use the API as you, limited to the access you choose.
        </Text>
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
          New token
        </Button>
      </Group>
      <Paper withBorder radius="md">
        {tokens.data.length === 0 ? (
          <Group p="md" gap="sm">
            <IconKey size={18} aria-hidden />
            <Text size="sm" c="dimmed">
              No tokens yet. Create one for each integration so you can revoke them one at a time.
            </Text>
          </Group>
        ) : (
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Access</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Expires</Table.Th>
                  <Table.Th>Last used</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {tokens.data.map((t) => {
                  const s = status(t);
                  return (
                    <Table.Tr key={t.id}>
                      <Table.Td>
                        <Text size="sm" fw={500}>
                          {t.name}
                        </Text>
                        <Text size="xs" c="dimmed">
                          <code>{t.prefix}…</code> · created {formatDate(t.createdAt)}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Group gap={4}>
                          {Object.entries(t.scopes).map(([object, scope]) => (
                            <Badge key={object} size="sm" variant="default" tt="none">
                              {object}: {scope}
                            </Badge>
                          ))}
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        <Badge color={s.color} variant="light" tt="none">
                          {s.label}
                        </Badge>
                      </Table.Td>
                      <Table.Td>{t.expiresAt ? formatDate(t.expiresAt) : 'Never'}</Table.Td>
                      <Table.Td>{t.lastUsedAt ? fromNow(t.lastUsedAt) : 'Never'}</Table.Td>
                      <Table.Td>
                        {!t.revokedAt ? (
                          <Button size="compact-sm" variant="subtle" color="red" onClick={() => setConfirm(t)}>
                            Revoke
                          </Button>
                        ) : null}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
      <CreateTokenModal opened={creating} onClose={() => setCreating(false)} />
      <Modal
        opened={confirm !== null}
        onClose={() => setConfirm(null)}
        title={`Revoke “${confirm?.name ?? ''}”?`}
        centered
      >
        <Text size="sm">Anything using this token stops working immediately. This cannot be undone.</Text>
        <Group justify="flex-end" mt="lg">
          <Button variant="default" onClick={() => setConfirm(null)}>
            Cancel
          </Button>
          <Button color="red" loading={revoke.isPending} onClick={() => confirm && revoke.mutate(confirm)}>
            Revoke token
          </Button>
        </Group>
      </Modal>
    </Stack>
  );
}
