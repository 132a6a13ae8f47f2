import { Avatar, Button, Group, Menu, Modal, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconKey, IconKeyboard, IconLogout, IconLogout2, IconSettings } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { ChangePasswordModal } from '../../auth/components/ChangePasswordModal.tsx';
import { canSeeSettings, useMe } from '../../auth/hooks/useMe.ts';
import { useLogout } from '../hooks/useLogout.ts';
import { openShortcutsHelp } from './ShortcutsHelp.tsx';

export function UserMenu() {
  const me = useMe();
  const navigate = useNavigate();
  const logout = useLogout();
  const [confirmOpen, confirm] = useDisclosure(false);
  const [passwordOpen, password] = useDisclosure(false);
  const initials = me.user.name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase())
    .join('');

  return (
    <>
      <Menu position="bottom-end" shadow="md" width={240}>
        <Menu.Target>
          {/* The name starts with the initials the button shows, so voice control can say what it sees. */}
          <UnstyledButton aria-label={`${initials}, account menu for ${me.user.name}`} style={{ borderRadius: '50%' }}>
            <Avatar name={me.user.name} color="initials" radius="xl" size={36}>
              {initials}
            </Avatar>
          </UnstyledButton>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>
            <Text size="sm" fw={600} c="dark">
              {me.user.name}
            </Text>
            <Text size="xs" c="dimmed">
              {me.user.email} · {me.user.role.name}
            </Text>
          </Menu.Label>
          {canSeeSettings(me) ? (
            <Menu.Item
              leftSection={<IconSettings size={16} aria-hidden />}
              onClick={() => navigate({ to: '/settings' })}
            >
              Settings
            </Menu.Item>
          ) : null}
          <Menu.Item leftSection={<IconKey size={16} aria-hidden />} onClick={password.open}>
            Change password
          </Menu.Item>
          <Menu.Item leftSection={<IconKeyboard size={16} aria-hidden />} onClick={openShortcutsHelp}>
            Keyboard shortcuts
          </Menu.Item>
          <Menu.Divider />
          <Menu.Item leftSection={<IconLogout size={16} aria-hidden />} onClick={() => logout.mutate(false)}>
            Log out
          </Menu.Item>
          <Menu.Item leftSection={<IconLogout2 size={16} aria-hidden />} onClick={confirm.open}>
            Log out everywhere
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <ChangePasswordModal opened={passwordOpen} onClose={password.close} />
      <Modal opened={confirmOpen} onClose={confirm.close} title="Log out everywhere?" centered>
        <Text size="sm">
          This ends your sessions on every device and browser, including this one. API tokens keep working.
        </Text>
        <Group justify="flex-end" mt="lg">
          <Button variant="default" onClick={confirm.close}>
            Cancel
          </Button>
          <Button
            color="red"
            loading={logout.isPending}
            onClick={() => logout.mutate(true, { onSettled: confirm.close })}
          >
            Log out everywhere
          </Button>
        </Group>
      </Modal>
    </>
  );
}
