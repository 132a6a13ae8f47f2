import { ActionIcon, Box, Stack, Tooltip } from '@mantine/core';
import { IconLayoutSidebarLeftCollapse, IconLayoutSidebarLeftExpand } from '@tabler/icons-react';
import { useRouterState } from '@tanstack/react-router';
import { NavLinkLink } from '../../../ui/links.tsx';
import { useMe } from '../../auth/hooks/useMe.ts';
import { isActive, visibleNav } from '../nav.ts';

export function SideNav({ collapsed, onToggle }: { collapsed: boolean; onToggle: () => void }) {
  const me = useMe();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const entries = visibleNav(me);
  const main = entries.filter((e) => e.to !== '/settings');
  const bottom = entries.filter((e) => e.to === '/settings');

  const render = (entry: (typeof entries)[number]) => {
    const Icon = entry.icon;
    const link = (
      <NavLinkLink
        key={entry.to}
        to={entry.to}
        label={collapsed ? undefined : entry.label}
        aria-label={collapsed ? entry.label : undefined}
        leftSection={<Icon size={20} stroke={1.6} aria-hidden />}
        active={isActive(pathname, entry.to)}
        aria-current={isActive(pathname, entry.to) ? 'page' : undefined}
        styles={{ root: { borderRadius: 'var(--mantine-radius-md)' } }}
      />
    );
    return collapsed ? (
      <Tooltip key={entry.to} label={entry.label} position="right" withArrow>
        {link}
      </Tooltip>
    ) : (
      link
    );
  };

  return (
    <Stack justify="space-between" h="100%" p="xs" gap="xs">
      <Stack gap={4}>{main.map(render)}</Stack>
      <Stack gap={4}>
        {bottom.map(render)}
        <Box>
          <Tooltip label={collapsed ? 'Expand navigation' : 'Collapse navigation'} position="right" withArrow>
            <ActionIcon
              variant="subtle"
              color="gray"
              size="lg"
              onClick={onToggle}
              aria-label={collapsed ? 'Expand navigation' : 'Collapse navigation'}
              aria-expanded={!collapsed}
              ml={collapsed ? 6 : 4}
            >
              {collapsed ? <IconLayoutSidebarLeftExpand size={20} /> : <IconLayoutSidebarLeftCollapse size={20} />}
            </ActionIcon>
          </Tooltip>
        </Box>
      </Stack>
    </Stack>
  );
}
