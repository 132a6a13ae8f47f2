import { AppShell } from '@mantine/core';
import { useLocalStorage, useMediaQuery } from '@mantine/hooks';
import { Outlet } from '@tanstack/react-router';
import { Suspense } from 'react';
import { PageSkeleton } from '../../../ui/PageSkeleton.tsx';
import { BottomBar } from './BottomBar.tsx';
import { GlobalSearch } from './GlobalSearch.tsx';
import { ShortcutsHelp } from './ShortcutsHelp.tsx';
import { SideNav } from './SideNav.tsx';
import { TopBar } from './TopBar.tsx';

export const PHONE_QUERY = '(max-width: 47.99em)';

export function AppLayout() {
  const [collapsed, setCollapsed] = useLocalStorage({ key: 'rapport.nav.collapsed', defaultValue: false });
  const isPhone = useMediaQuery(PHONE_QUERY, false, { getInitialValueInEffect: false });

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: collapsed ? 68 : 232, breakpoint: 'sm', collapsed: { mobile: true } }}
      footer={{ height: 64, collapsed: !isPhone }}
      padding={isPhone ? 'sm' : 'md'}
    >
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <AppShell.Header>
        <TopBar />
      </AppShell.Header>
      <AppShell.Navbar aria-label="Main">
        <SideNav collapsed={collapsed} onToggle={() => setCollapsed((c) => !c)} />
      </AppShell.Navbar>
      <AppShell.Main id="main">
        <Suspense fallback={<PageSkeleton />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
      {isPhone ? (
        <AppShell.Footer>
          <BottomBar />
        </AppShell.Footer>
      ) : null}
      <GlobalSearch />
      <ShortcutsHelp />
    </AppShell>
  );
}
