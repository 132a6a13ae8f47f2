import { ActionIcon, Group, Kbd, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { UnstyledLink } from '../../../ui/links.tsx';
import { useMe } from '../../auth/hooks/useMe.ts';
import { JobsMenu } from '../../jobs/components/JobsMenu.tsx';
import { openSearch } from './GlobalSearch.tsx';
import { NewMenu } from './NewMenu.tsx';
import { NotificationsBell } from './NotificationsBell.tsx';
import classes from './TopBar.module.css';
import { UserMenu } from './UserMenu.tsx';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

export function TopBar() {
  const me = useMe();
  return (
    <Group h="100%" px="md" gap="sm" wrap="nowrap" justify="space-between">
      {/* The name is the visible text (WCAG 2.5.3): the logo's letter is drawn by CSS, the rest is for screen readers. */}
      <UnstyledLink to="/" className={classes.brand}>
        <span className={classes.logo} aria-hidden />
        <VisuallyHidden>Rapport, </VisuallyHidden>
        <Text fw={650} visibleFrom="xs" truncate maw={180}>
          {me.workspace.name || 'Rapport'}
        </Text>
        <VisuallyHidden>: My day</VisuallyHidden>
      </UnstyledLink>

      <UnstyledButton className={classes.search} onClick={() => openSearch()} visibleFrom="sm">
        <IconSearch size={16} aria-hidden />
        <Text size="sm" c="dimmed" style={{ flex: 1 }}>
          Search people, companies, phone or email
        </Text>
        <Kbd size="xs">{isMac ? '⌘' : 'Ctrl'} K</Kbd>
      </UnstyledButton>

      <Group gap="xs" wrap="nowrap">
        <ActionIcon
          variant="default"
          size="lg"
          hiddenFrom="sm"
          onClick={() => openSearch()}
          aria-label="Search people and companies"
        >
          <IconSearch size={18} />
        </ActionIcon>
        <NewMenu />
        <JobsMenu />
        <NotificationsBell />
        <UserMenu />
      </Group>
    </Group>
  );
}
