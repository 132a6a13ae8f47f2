import { Drawer, NavLink, SimpleGrid, Stack, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconDots, IconLogout } from '@tabler/icons-react';
import { useRouterState } from '@tanstack/react-router';
import { NavLinkLink, UnstyledLink } from '../../../ui/links.tsx';
import { useMe } from '../../auth/hooks/useMe.ts';
import { useLogout } from '../hooks/useLogout.ts';
import { isActive, visibleNav } from '../nav.ts';
import classes from './BottomBar.module.css';

/** Phone navigation: the most used entries, and "More" for the rest. */
export function BottomBar() {
  const me = useMe();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const [opened, { open, close }] = useDisclosure(false);
  const logout = useLogout();
  const entries = visibleNav(me);
  const primary = entries.filter((e) => e.primary).slice(0, 4);
  const more = entries.filter((e) => !primary.includes(e));

  return (
    <>
      <SimpleGrid cols={primary.length + 1} spacing={0} h="100%" component="nav" aria-label="Main">
        {primary.map((entry) => {
          const Icon = entry.icon;
          const active = isActive(pathname, entry.to);
          return (
            <UnstyledLink
              key={entry.to}
              to={entry.to}
              className={classes.item}
              data-active={active || undefined}
              aria-current={active ? 'page' : undefined}
            >
              <Icon size={22} stroke={1.6} aria-hidden />
              <Text size="xs">{entry.label}</Text>
            </UnstyledLink>
          );
        })}
        <UnstyledButton className={classes.item} onClick={open} aria-haspopup="dialog" aria-expanded={opened}>
          <IconDots size={22} stroke={1.6} aria-hidden />
          <Text size="xs">More</Text>
        </UnstyledButton>
      </SimpleGrid>
      <Drawer opened={opened} onClose={close} position="bottom" title="More" size="auto">
        <Stack gap={4} pb="md">
          {more.map((entry) => {
            const Icon = entry.icon;
            return (
              <NavLinkLink
                key={entry.to}
                to={entry.to}
                label={entry.label}
                leftSection={<Icon size={20} aria-hidden />}
                onClick={close}
              />
            );
          })}
          <Text size="sm" c="dimmed" px="sm" pt="sm">
            Signed in as {me.user.name} ({me.user.email})
          </Text>
          <NavLink
            component="button"
            label="Log out"
            leftSection={<IconLogout size={20} aria-hidden />}
            onClick={() => logout.mutate(false)}
          />
          <NavLink
            component="button"
            label="Log out everywhere"
            description="Ends your sessions on every device"
            leftSection={<IconLogout size={20} aria-hidden />}
            onClick={() => logout.mutate(true)}
          />
        </Stack>
      </Drawer>
    </>
  );
}
