import {
  type Icon,
  IconBook,
  IconBuildingSkyscraper,
  IconChartBar,
  IconChecklist,
  IconCoins,
  IconHeadset,
  IconHeartHandshake,
  IconHome,
  IconLayoutKanban,
  IconListCheck,
  IconNotebook,
  IconSettings,
  IconTarget,
  IconUsers,
} from '@tabler/icons-react';
import type { Me, ModuleFlags } from '../../api/types.ts';
import { can, canSeeSettings } from '../auth/hooks/useMe.ts';

export interface NavEntry {
  to:
    | '/'
    | '/people'
    | '/companies'
    | '/tasks'
    | '/promises'
    | '/deals'
    | '/cases'
    | '/knowledge'
    | '/accounts'
    | '/objectives'
    | '/dashboards'
    | '/handbook'
    | '/data-quality'
    | '/settings';
  label: string;
  icon: Icon;
  /** A workspace module that must be switched on for the entry to show. */
  module?: keyof ModuleFlags;
  allowed: (me: Me) => boolean;
  /** Shown in the phone's bottom bar (the rest go under "More"). */
  primary: boolean;
}

/** The left navigation, in order. Module pages (Deals, Cases, ...) add themselves here with their `module` flag. */
export const NAV_ENTRIES: NavEntry[] = [
  { to: '/', label: 'My day', icon: IconHome, allowed: () => true, primary: true },
  { to: '/people', label: 'People', icon: IconUsers, allowed: (me) => can(me, 'people', 'read'), primary: true },
  {
    to: '/companies',
    label: 'Companies',
    icon: IconBuildingSkyscraper,
    allowed: (me) => can(me, 'companies', 'read'),
    primary: true,
  },
  { to: '/tasks', label: 'Tasks', icon: IconListCheck, allowed: (me) => can(me, 'tasks', 'read'), primary: false },
  {
    to: '/promises',
    label: 'Promises',
    icon: IconHeartHandshake,
    allowed: (me) => can(me, 'promises', 'read'),
    primary: false,
  },
  {
    to: '/deals',
    label: 'Deals',
    icon: IconLayoutKanban,
    module: 'sales',
    allowed: (me) => can(me, 'deals', 'read'),
    primary: true,
  },
  {
    to: '/cases',
    label: 'Cases',
    icon: IconHeadset,
    module: 'service',
    allowed: (me) => can(me, 'cases', 'read'),
    primary: true,
  },
  {
    to: '/accounts',
    label: 'Accounts',
    icon: IconCoins,
    module: 'accounts',
    allowed: (me) => can(me, 'invoices', 'read'),
    primary: false,
  },
  {
    to: '/knowledge',
    label: 'Knowledge',
    icon: IconBook,
    module: 'service',
    allowed: (me) => can(me, 'articles', 'read'),
    primary: false,
  },
  { to: '/objectives', label: 'Objectives', icon: IconTarget, allowed: () => true, primary: false },
  { to: '/dashboards', label: 'Dashboards', icon: IconChartBar, allowed: () => true, primary: false },
  { to: '/handbook', label: 'Handbook', icon: IconNotebook, allowed: () => true, primary: false },
  {
    to: '/data-quality',
    label: 'Data quality',
    icon: IconChecklist,
    allowed: (me) => can(me, 'people', 'read') || can(me, 'companies', 'read'),
    primary: false,
  },
  { to: '/settings', label: 'Settings', icon: IconSettings, allowed: canSeeSettings, primary: false },
];

export function visibleNav(me: Me): NavEntry[] {
  return NAV_ENTRIES.filter((entry) => entry.allowed(me) && (!entry.module || me.workspace.modules[entry.module]));
}

export function isActive(pathname: string, to: string): boolean {
  return to === '/' ? pathname === '/' : pathname === to || pathname.startsWith(`${to}/`);
}
