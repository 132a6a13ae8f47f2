import type { Me } from '../../api/types.ts';
import { can } from '../auth/hooks/useMe.ts';
import { IMPORT_KINDS, mayImport } from '../imports/api/imports.ts';

export interface SettingsSection {
  to:
    | '/settings/workspace'
    | '/settings/users'
    | '/settings/teams'
    | '/settings/roles'
    | '/settings/fields'
    | '/settings/tokens'
    | '/settings/webhooks'
    | '/settings/pipelines'
    | '/settings/products'
    | '/settings/web-forms'
    | '/settings/case-types'
    | '/settings/portal'
    | '/settings/quotas'
    | '/settings/privacy'
    | '/settings/audit'
    | '/settings/mailbox'
    | '/settings/credit-rules'
    | '/settings/erp-connection'
    | '/imports/new';
  label: string;
  description: string;
  allowed: (me: Me) => boolean;
}

const settingsRead = (me: Me) => can(me, 'settings', 'read');
/** Users, teams and roles are for those who may change users; everyone else does not need the pages. */
const usersManage = (me: Me) => can(me, 'users', 'create') || can(me, 'users', 'update');

export const SETTINGS_SECTIONS: SettingsSection[] = [
  { to: '/settings/workspace', label: 'Workspace', description: 'Name, region, hours, modules', allowed: settingsRead },
  { to: '/settings/users', label: 'Users', description: 'Who can sign in', allowed: usersManage },
  { to: '/settings/teams', label: 'Teams', description: 'Groups of users', allowed: usersManage },
  { to: '/settings/roles', label: 'Roles & permissions', description: 'What each role may do', allowed: usersManage },
  { to: '/settings/fields', label: 'Custom fields', description: 'Extra fields on records', allowed: settingsRead },
  {
    to: '/settings/pipelines',
    label: 'Pipelines',
    description: 'How you sell: stages, playbooks, lost reasons',
    // Shown only while the sales module is on.
    allowed: (me) => can(me, 'settings', 'update') && me.workspace.modules.sales,
  },
  {
    to: '/settings/products',
    label: 'Products',
    description: 'The price list deals are quoted from',
    allowed: (me) => can(me, 'settings', 'update') && me.workspace.modules.sales,
  },
  {
    to: '/settings/web-forms',
    label: 'Web forms',
    description: 'Website enquiries that arrive as deals',
    allowed: (me) => can(me, 'settings', 'update') && me.workspace.modules.sales,
  },
  {
    to: '/settings/quotas',
    label: 'Quotas',
    description: 'What each rep and team is expected to win',
    allowed: (me) => can(me, 'settings', 'update') && me.workspace.modules.sales,
  },
  {
    to: '/settings/case-types',
    label: 'Case types & SLAs',
    description: 'Kinds of case, their process, response and resolution targets, holidays, first-contact window',
    // Shown only while the service module is on.
    allowed: (me) => can(me, 'settings', 'update') && me.workspace.modules.service,
  },
  {
    to: '/settings/portal',
    label: 'Customer portal',
    description: 'Case types customers may raise, logo and colour',
    // Shown only while the portal module is on.
    allowed: (me) => can(me, 'settings', 'update') && me.workspace.modules.portal,
  },
  {
    to: '/settings/credit-rules',
    label: 'Credit rules',
    description: 'When a customer goes on watch or credit hold, and what a deal won while on hold does',
    // Shown only while the accounts module is on.
    allowed: (me) => can(me, 'invoices', 'update') && me.workspace.modules.accounts,
  },
  {
    to: '/settings/erp-connection',
    label: 'ERP connection',
    description: 'Feeds Rapport pulls orders, invoices and payments from, their mapping and schedule',
    allowed: (me) => can(me, 'invoices', 'update') && me.workspace.modules.accounts,
  },
  {
    to: '/settings/tokens',
    label: 'API tokens',
    description: 'Access for scripts and integrations',
    // Tokens are personal: everyone may manage their own.
    allowed: () => true,
  },
  {
    to: '/settings/webhooks',
    label: 'Webhooks',
    description: 'Send events to other systems',
    allowed: (me) => can(me, 'settings', 'update'),
  },
  {
    to: '/imports/new',
    label: 'Import',
    description:
      'People and companies from CSV, Excel (XLSX) or vCard files; orders, invoices and payments from an ERP',
    allowed: (me) => IMPORT_KINDS.some((kind) => mayImport(me, (o, a) => can(me, o, a), kind)),
  },
  {
    to: '/settings/privacy',
    label: 'Privacy',
    description: 'Retention rule for inactive people, with a dry run',
    allowed: (me) => can(me, 'privacy', 'read'),
  },
  {
    to: '/settings/audit',
    label: 'Audit log',
    description: 'Who did what, when',
    allowed: (me) => can(me, 'audit', 'read'),
  },
  {
    to: '/settings/mailbox',
    label: 'Dev mailbox',
    description: 'Mail Rapport would have sent (no mail server set)',
    // It shows live reset and invitation links: only those who may change settings.
    allowed: (me) => can(me, 'settings', 'update'),
  },
];

export function visibleSections(me: Me): SettingsSection[] {
  return SETTINGS_SECTIONS.filter((s) => s.allowed(me));
}
