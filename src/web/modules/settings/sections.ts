import type { Me } from '../../api/types.ts';
import { can } from '../auth/hooks/useMe.ts';

export interface SettingsSection {
  to:
    | '/settings/workspace'
    | '/settings/users'
    | '/settings/teams'
    | '/settings/roles'
    | '/settings/fields'
    | '/settings/tokens'
    | '/settings/audit';
  label: string;
  description: string;
  allowed: (me: Me) => boolean;
}

const settingsRead = (me: Me) => can(me, 'settings', 'read');
const usersRead = (me: Me) => can(me, 'users', 'read');

export const SETTINGS_SECTIONS: SettingsSection[] = [
  { to: '/settings/workspace', label: 'Workspace', description: 'Name, region, hours, modules', allowed: settingsRead },
  { to: '/settings/users', label: 'Users', description: 'Who can sign in', allowed: usersRead },
  { to: '/settings/teams', label: 'Teams', description: 'Groups of users', allowed: usersRead },
  { to: '/settings/roles', label: 'Roles & permissions', description: 'What each role may do', allowed: usersRead },
  { to: '/settings/fields', label: 'Custom fields', description: 'Extra fields on records', allowed: settingsRead },
  {
    to: '/settings/tokens',
    label: 'API tokens',
    description: 'Access for scripts and integrations',
    allowed: (me) => settingsRead(me) || usersRead(me),
  },
  {
    to: '/settings/audit',
    label: 'Audit log',
    description: 'Who did what, when',
    allowed: (me) => can(me, 'audit', 'read'),
  },
];

export function visibleSections(me: Me): SettingsSection[] {
  if (!settingsRead(me) && !usersRead(me)) return [];
  return SETTINGS_SECTIONS.filter((s) => s.allowed(me));
}
