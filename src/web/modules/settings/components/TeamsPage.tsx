import {
  ActionIcon,
  Button,
  Group,
  Modal,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconPencil, IconPlus, IconTrash, IconX } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '../../../api/client.ts';
import type { Team } from '../../../api/types.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { PageSkeleton } from '../../../ui/PageSkeleton.tsx';
import { can, useMe } from '../../auth/hooks/useMe.ts';
import { createTeam, deleteTeam, renameTeam, teamsQueryKey, useTeams, useUsers } from '../api/directory.ts';

function TeamRow({
  team,
  members,
  canEdit,
  canDelete,
}: {
  team: Team;
  members: number | null;
  canEdit: boolean;
  canDelete: boolean;
}) {
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(team.name);
  const [confirm, setConfirm] = useState(false);
  const rename = useMutation({
    mutationFn: () => renameTeam(team.id, name.trim()),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: teamsQueryKey });
      setEditing(false);
    },
  });
  const remove = useMutation({
    mutationFn: () => deleteTeam(team.id),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: teamsQueryKey });
      notifications.show({ message: `Team “${team.name}” deleted.` });
      setConfirm(false);
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Not deleted', message: errorMessage(error) }),
  });

  return (
    <Table.Tr>
      <Table.Td>
        {editing ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (name.trim()) rename.mutate();
            }}
          >
            <Group gap="xs" wrap="nowrap">
              <TextInput
                aria-label="Team name"
                size="xs"
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
                error={rename.error ? errorMessage(rename.error) : undefined}
                autoFocus
                onKeyDown={(e) => e.key === 'Escape' && setEditing(false)}
              />
              <ActionIcon type="submit" variant="filled" loading={rename.isPending} aria-label="Save team name">
                <IconCheck size={16} />
              </ActionIcon>
              <ActionIcon variant="subtle" color="gray" onClick={() => setEditing(false)} aria-label="Cancel renaming">
                <IconX size={16} />
              </ActionIcon>
            </Group>
          </form>
        ) : (
          <Text size="sm" fw={500}>
            {team.name}
          </Text>
        )}
      </Table.Td>
      <Table.Td>{members ?? '—'}</Table.Td>
      {canEdit || canDelete ? (
        <Table.Td>
          <Group gap={4} justify="flex-end" wrap="nowrap">
            {canEdit ? (
              <Tooltip label="Rename">
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  onClick={() => setEditing(true)}
                  aria-label={`Rename ${team.name}`}
                >
                  <IconPencil size={16} />
                </ActionIcon>
              </Tooltip>
            ) : null}
            {canDelete ? (
              <Tooltip label="Delete">
                <ActionIcon
                  variant="subtle"
                  color="red"
                  onClick={() => setConfirm(true)}
                  aria-label={`Delete ${team.name}`}
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Tooltip>
            ) : null}
          </Group>
          <Modal opened={confirm} onClose={() => setConfirm(false)} title={`Delete team “${team.name}”?`} centered>
            <Text size="sm">
              Members stay, they just leave this team. Records owned by the team keep their owners; team-only visibility
              no longer includes them.
            </Text>
            <Group justify="flex-end" mt="lg">
              <Button variant="default" onClick={() => setConfirm(false)}>
                Cancel
              </Button>
              <Button color="red" loading={remove.isPending} onClick={() => remove.mutate()}>
                Delete team
              </Button>
            </Group>
          </Modal>
        </Table.Td>
      ) : null}
    </Table.Tr>
  );
}

export function TeamsPage() {
  const me = useMe();
  const queryClient = useQueryClient();
  const teams = useTeams();
  const users = useUsers();
  const [name, setName] = useState('');
  const canCreate = can(me, 'users', 'create');
  const canEdit = can(me, 'users', 'update');
  const canDelete = can(me, 'users', 'delete');
  const add = useMutation({
    mutationFn: () => createTeam(name.trim()),
    onSuccess: async (team) => {
      await queryClient.invalidateQueries({ queryKey: teamsQueryKey });
      setName('');
      notifications.show({ color: 'teal', message: `Team “${team.name}” created.` });
    },
  });

  if (teams.isPending) return <PageSkeleton />;
  if (teams.isError)
    return <ErrorAlert error={teams.error} title="Teams could not load" onRetry={() => teams.refetch()} />;

  const memberCount = (id: string) =>
    users.data ? users.data.filter((u) => u.teams.some((t) => t.id === id)).length : null;

  return (
    <Stack>
      <Text size="sm" c="dimmed">
        Teams group users. A role with “team” visibility sees the records owned by anyone in the same team.
      </Text>
      {canCreate ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim()) add.mutate();
          }}
        >
          <Group align="flex-start" gap="xs">
            <TextInput
              placeholder="New team name"
              aria-label="New team name"
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={add.error ? errorMessage(add.error) : undefined}
              style={{ flex: 1, maxWidth: 320 }}
            />
            <Button
              type="submit"
              leftSection={<IconPlus size={16} aria-hidden />}
              loading={add.isPending}
              disabled={!name.trim()}
            >
              Add team
            </Button>
          </Group>
        </form>
      ) : null}
      <Paper withBorder radius="md">
        {teams.data.length === 0 ? (
          <Text size="sm" c="dimmed" p="md">
            No teams yet. Create one per group that shares customers, e.g. “Sales North” or “Support”.
          </Text>
        ) : (
          <Table verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Team</Table.Th>
                <Table.Th>Members</Table.Th>
                {canEdit || canDelete ? (
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                ) : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {teams.data.map((team) => (
                <TeamRow
                  key={team.id}
                  team={team}
                  members={team.memberCount ?? memberCount(team.id)}
                  canEdit={canEdit}
                  canDelete={canDelete}
                />
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
    </Stack>
  );
}
