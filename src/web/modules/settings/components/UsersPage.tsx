import {
  ActionIcon,
  Avatar,
  Badge,
  Button,
  Group,
  Menu,
  Modal,
  MultiSelect,
  Paper,
  PasswordInput,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconDots,
  IconKey,
  IconMailForward,
  IconPencil,
  IconUserCheck,
  IconUserOff,
  IconUserPlus,
} from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { errorMessage, type FieldProblem } from '../../../api/client.ts';
import { applyServerErrors } from '../../../api/forms.ts';
import type { User } from '../../../api/types.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { fromNow } from '../../../ui/format.ts';
import { PageSkeleton } from '../../../ui/PageSkeleton.tsx';
import { can, useMe } from '../../auth/hooks/useMe.ts';
import {
  createUser,
  forcePasswordReset,
  inviteUser,
  updateUser,
  useRoles,
  usersQueryKey,
  useTeams,
  useUsers,
} from '../api/directory.ts';

interface UserValues {
  email: string;
  name: string;
  password: string;
  roleId: string | null;
  teamIds: string[];
}

const FIELDS = new Set(['email', 'name', 'password', 'roleId', 'teamIds']);

function UserModal({
  user,
  opened,
  onClose,
  invite = false,
}: {
  user: User | null;
  opened: boolean;
  onClose: () => void;
  /** Invite by email: no password here; they set their own through the mailed link. */
  invite?: boolean;
}) {
  const queryClient = useQueryClient();
  const roles = useRoles();
  const teams = useTeams();
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const form = useForm<UserValues>({
    values: {
      email: user?.email ?? '',
      name: user?.name ?? '',
      password: '',
      roleId: user?.role.id ?? null,
      teamIds: user?.teams.map((t) => t.id) ?? [],
    },
  });
  const {
    register,
    control,
    formState: { errors },
  } = form;
  const mutation = useMutation({
    mutationFn: (v: UserValues) =>
      user
        ? updateUser(user.id, { name: v.name.trim(), roleId: v.roleId ?? undefined, teamIds: v.teamIds })
        : invite
          ? inviteUser({ email: v.email.trim(), name: v.name.trim(), roleId: v.roleId ?? '', teamIds: v.teamIds })
          : createUser({
              email: v.email.trim(),
              name: v.name.trim(),
              password: v.password,
              roleId: v.roleId ?? '',
              teamIds: v.teamIds,
            }),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: usersQueryKey });
      notifications.show({
        color: 'teal',
        message: user
          ? `${saved.name} updated.`
          : invite
            ? `Invitation sent to ${saved.email}. It is valid for 7 days.`
            : `${saved.name} can now sign in.`,
      });
      onClose();
    },
    onError: (error) => setProblems(applyServerErrors(error, form.setError, (p) => FIELDS.has(p))),
  });

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={user ? `Edit ${user.name}` : invite ? 'Invite a user' : 'Add a user'}
      centered
      size="lg"
    >
      <form
        noValidate
        onSubmit={form.handleSubmit((v) => {
          setProblems([]);
          mutation.mutate(v);
        })}
      >
        <Stack>
          {mutation.isError ? <ErrorAlert error={mutation.error} title="Not saved" problems={problems} /> : null}
          <TextInput
            label="Name"
            required
            data-autofocus
            error={errors.name?.message}
            {...register('name', { validate: (v) => v.trim() !== '' || 'Enter a name' })}
          />
          <TextInput
            label="Email"
            type="email"
            required
            readOnly={Boolean(user)}
            description={user ? 'The sign-in email cannot be changed here.' : undefined}
            error={errors.email?.message}
            {...register('email', { validate: (v) => /^\S+@\S+\.\S+$/.test(v.trim()) || 'Enter a valid email' })}
          />
          {invite ? (
            <Text size="sm" c="dimmed">
              They get an email with a link to set their own password. The link is valid for 7 days.
            </Text>
          ) : null}
          {!user && !invite ? (
            <PasswordInput
              label="Temporary password"
              description="Share it privately; they can change it after signing in. At least 12 characters."
              required
              autoComplete="new-password"
              error={errors.password?.message}
              {...register('password', { minLength: { value: 12, message: 'Use at least 12 characters' } })}
            />
          ) : null}
          <Controller
            control={control}
            name="roleId"
            rules={{ required: 'Choose a role' }}
            render={({ field, fieldState }) => (
              <Select
                label="Role"
                required
                ref={field.ref}
                data={(roles.data ?? []).map((r) => ({ value: r.id, label: r.name }))}
                value={field.value}
                onChange={field.onChange}
                error={fieldState.error?.message ?? (roles.isError ? errorMessage(roles.error) : undefined)}
              />
            )}
          />
          <Controller
            control={control}
            name="teamIds"
            render={({ field, fieldState }) => (
              <MultiSelect
                label="Teams"
                ref={field.ref}
                data={(teams.data ?? []).map((t) => ({ value: t.id, label: t.name }))}
                value={field.value}
                onChange={field.onChange}
                searchable
                error={fieldState.error?.message}
              />
            )}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              {user ? 'Save' : invite ? 'Send invitation' : 'Add user'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function UsersPage() {
  const me = useMe();
  const queryClient = useQueryClient();
  const users = useUsers();
  const [editing, setEditing] = useState<User | null>(null);
  const [modalOpen, setModalOpen] = useState(false);
  const [confirm, setConfirm] = useState<User | null>(null);
  const [inviting, setInviting] = useState(false);
  const [resetting, setResetting] = useState<User | null>(null);
  const canCreate = can(me, 'users', 'create');
  const canUpdate = can(me, 'users', 'update');

  const toggleActive = useMutation({
    mutationFn: (user: User) => updateUser(user.id, { active: !user.active }),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: usersQueryKey });
      notifications.show({
        message: saved.active ? `${saved.name} can sign in again.` : `${saved.name} is deactivated and signed out.`,
      });
      setConfirm(null);
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Not changed', message: errorMessage(error) }),
  });

  const forceReset = useMutation({
    mutationFn: (user: User) => forcePasswordReset(user.id),
    onSuccess: (_saved, user) => {
      notifications.show({
        message: `${user.name} is signed out and was mailed a link to set a new password.`,
      });
      setResetting(null);
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Not reset', message: errorMessage(error) }),
  });

  if (users.isPending) return <PageSkeleton />;
  if (users.isError)
    return <ErrorAlert error={users.error} title="Users could not load" onRetry={() => users.refetch()} />;

  return (
    <Stack>
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {users.data.filter((u) => u.active).length} active of {users.data.length} users
        </Text>
        {canCreate ? (
          <Group gap="xs">
            <Button
              variant="default"
              leftSection={<IconUserPlus size={16} aria-hidden />}
              onClick={() => {
                setEditing(null);
                setModalOpen(true);
              }}
            >
              Add with a password
            </Button>
            <Button leftSection={<IconMailForward size={16} aria-hidden />} onClick={() => setInviting(true)}>
              Invite by email
            </Button>
          </Group>
        ) : null}
      </Group>
      <Paper withBorder radius="md">
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="sm" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Teams</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Last sign-in</Table.Th>
                {canUpdate ? (
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                ) : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {users.data.map((user) => (
                <Table.Tr key={user.id}>
                  <Table.Td>
                    <Group gap="sm" wrap="nowrap">
                      <Avatar name={user.name} color="initials" radius="xl" size={32} />
                      <div>
                        <Text size="sm" fw={500}>
                          {user.name}
                          {user.id === me.user.id ? ' (you)' : ''}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {user.email}
                        </Text>
                      </div>
                    </Group>
                  </Table.Td>
                  <Table.Td>{user.role.name}</Table.Td>
                  <Table.Td>{user.teams.map((t) => t.name).join(', ') || '—'}</Table.Td>
                  <Table.Td>
                    {user.active ? (
                      <Badge color="teal" variant="light" tt="none">
                        Active
                      </Badge>
                    ) : (
                      <Badge color="gray" variant="light" tt="none">
                        Deactivated
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{user.lastLoginAt ? fromNow(user.lastLoginAt) : 'Never'}</Table.Td>
                  {canUpdate ? (
                    <Table.Td>
                      <Menu position="bottom-end">
                        <Menu.Target>
                          <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${user.name}`}>
                            <IconDots size={16} />
                          </ActionIcon>
                        </Menu.Target>
                        <Menu.Dropdown>
                          <Menu.Item
                            leftSection={<IconPencil size={16} aria-hidden />}
                            onClick={() => {
                              setEditing(user);
                              setModalOpen(true);
                            }}
                          >
                            Edit
                          </Menu.Item>
                          {user.id !== me.user.id && user.active ? (
                            <Menu.Item
                              leftSection={<IconKey size={16} aria-hidden />}
                              onClick={() => setResetting(user)}
                            >
                              Force password reset
                            </Menu.Item>
                          ) : null}
                          {user.id !== me.user.id ? (
                            <Menu.Item
                              color={user.active ? 'red' : undefined}
                              leftSection={
                                user.active ? (
                                  <IconUserOff size={16} aria-hidden />
                                ) : (
                                  <IconUserCheck size={16} aria-hidden />
                                )
                              }
                              onClick={() => (user.active ? setConfirm(user) : toggleActive.mutate(user))}
                            >
                              {user.active ? 'Deactivate' : 'Reactivate'}
                            </Menu.Item>
                          ) : null}
                        </Menu.Dropdown>
                      </Menu>
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
      <UserModal user={editing} opened={modalOpen} onClose={() => setModalOpen(false)} />
      <UserModal user={null} invite opened={inviting} onClose={() => setInviting(false)} />
      <Modal
        opened={resetting !== null}
        onClose={() => setResetting(null)}
        title={`Force a password reset for ${resetting?.name ?? ''}?`}
        centered
      >
        <Text size="sm">
          Their current password stops working at once and they are signed out everywhere. They get an email with a link
          to set a new password (valid 24 hours).
        </Text>
        <Group justify="flex-end" mt="lg">
          <Button variant="default" onClick={() => setResetting(null)}>
            Cancel
          </Button>
          <Button color="red" loading={forceReset.isPending} onClick={() => resetting && forceReset.mutate(resetting)}>
            Reset password
          </Button>
        </Group>
      </Modal>
      <Modal
        opened={confirm !== null}
        onClose={() => setConfirm(null)}
        title={`Deactivate ${confirm?.name ?? ''}?`}
        centered
      >
        <Text size="sm">
          They are signed out everywhere and cannot sign in. Their records keep them as owner; you can reactivate them
          at any time.
        </Text>
        <Group justify="flex-end" mt="lg">
          <Button variant="default" onClick={() => setConfirm(null)}>
            Cancel
          </Button>
          <Button color="red" loading={toggleActive.isPending} onClick={() => confirm && toggleActive.mutate(confirm)}>
            Deactivate
          </Button>
        </Group>
      </Modal>
    </Stack>
  );
}
