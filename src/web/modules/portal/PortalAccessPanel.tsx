import { Badge, Button, Group, Paper, Stack, Switch, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, errorMessage } from '../../api/client.ts';
import type { components } from '../../api/schema.d.ts';
import { formatDateTime, fromNow } from '../../ui/format.ts';
import { can, useMe } from '../auth/hooks/useMe.ts';

type PortalAccess = components['schemas']['PortalAccess'];

const STATUS: Record<PortalAccess['status'], { label: string; color: string }> = {
  none: { label: 'Not invited', color: 'gray' },
  invited: { label: 'Invited', color: 'yellow' },
  active: { label: 'Active', color: 'teal' },
  revoked: { label: 'Revoked', color: 'red' },
};

/** On a person's page: their customer portal access, with invite, resend, revoke and company administrator. */
export function PortalAccessPanel({ personId, hasEmail }: { personId: string; hasEmail: boolean }) {
  const me = useMe();
  const queryClient = useQueryClient();
  const enabled = me.workspace.modules.portal && can(me, 'people', 'read');
  const key = ['portal', 'access', personId];
  const access = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api.get<PortalAccess>(`/portal/access/${encodeURIComponent(personId)}`, undefined, signal),
    enabled,
  });
  const act = useMutation({
    mutationFn: async (what: 'invite' | 'resend' | 'revoke' | 'admin-on' | 'admin-off'): Promise<string> => {
      const base = `/portal/access/${encodeURIComponent(personId)}`;
      if (what === 'invite') {
        const r = await api.post<{ skipped: { reason: string }[] }>('/portal/invitations', { personIds: [personId] });
        if (r.skipped.length > 0) throw new Error(`Not invited: this person ${r.skipped[0]!.reason}.`);
        return 'Invitation sent.';
      }
      if (what === 'resend') await api.post(`${base}/resend`);
      if (what === 'revoke') await api.post(`${base}/revoke`);
      if (what === 'admin-on' || what === 'admin-off') await api.patch(base, { companyAdmin: what === 'admin-on' });
      return { resend: 'Invitation sent again.', revoke: 'Portal access revoked.' }[what as 'resend'] ?? 'Saved.';
    },
    onSuccess: async (message) => {
      notifications.show({ color: 'teal', message });
      await queryClient.invalidateQueries({ queryKey: key });
      await queryClient.invalidateQueries({ queryKey: ['timeline'] });
    },
    onError: (e) => notifications.show({ color: 'red', title: 'Not done', message: errorMessage(e) }),
  });
  if (!enabled) return null;
  const a = access.data;
  const writable = can(me, 'people', 'update');
  const status = STATUS[a?.status ?? 'none'];
  return (
    <Paper withBorder p="md" radius="md">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4">
          Customer portal
        </Title>
        <Badge color={status.color} variant="light" data-testid="portal-status">
          {status.label}
        </Badge>
      </Group>
      {a && a.status !== 'none' ? (
        <Stack gap={2} mb="sm">
          <Text size="sm">Signs in as {a.email}</Text>
          {a.invitedAt ? (
            <Text size="xs" c="dimmed">
              Invited {formatDateTime(a.invitedAt)}
            </Text>
          ) : null}
          <Text size="xs" c="dimmed">
            {a.lastVisitAt ? `Last visit ${fromNow(a.lastVisitAt)}` : 'Has not signed in yet'}
          </Text>
        </Stack>
      ) : (
        <Text size="sm" c="dimmed" mb="sm">
          {hasEmail
            ? 'Invite them to find answers, raise and follow requests, and keep their details and consent up to date.'
            : 'Add an email address to invite them to the portal.'}
        </Text>
      )}
      {writable ? (
        <Stack gap="xs">
          {a && a.status !== 'none' && a.status !== 'revoked' ? (
            <Switch
              label="Company administrator (sees all the company's requests)"
              checked={a.companyAdmin}
              onChange={(e) => act.mutate(e.currentTarget.checked ? 'admin-on' : 'admin-off')}
            />
          ) : null}
          <Group gap="xs">
            {!a || a.status === 'none' ? (
              <Button size="xs" onClick={() => act.mutate('invite')} disabled={!hasEmail} loading={act.isPending}>
                Invite to the portal
              </Button>
            ) : (
              <Button size="xs" variant="default" onClick={() => act.mutate('resend')} loading={act.isPending}>
                {a.status === 'revoked' ? 'Invite again' : 'Resend invitation'}
              </Button>
            )}
            {a && (a.status === 'invited' || a.status === 'active') ? (
              <Button size="xs" variant="subtle" color="red" onClick={() => act.mutate('revoke')}>
                Revoke access
              </Button>
            ) : null}
          </Group>
        </Stack>
      ) : null}
    </Paper>
  );
}
