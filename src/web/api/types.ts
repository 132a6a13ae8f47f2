/** Shapes of the Rapport HTTP API (/api/v1), as the web app reads them. */

export type ObjectName = 'people' | 'companies';
export type Action = 'read' | 'create' | 'update' | 'delete' | 'export';
export type Visibility = 'own' | 'team' | 'all';
export type FieldRule = 'hidden' | 'readonly';

export interface Ref {
  id: string;
  name: string;
}

export interface Policy {
  objects: Partial<Record<string, string[]>>;
  visibility?: Partial<Record<string, Visibility>>;
  fields?: Partial<Record<string, Partial<Record<string, FieldRule>>>>;
}

export interface ModuleFlags {
  sales: boolean;
  marketing: boolean;
  service: boolean;
  portal: boolean;
  accounts: boolean;
}

export interface CurrentUser {
  id: string;
  email: string;
  name: string;
  role: { id: string; key: string; name: string };
  teams: Ref[];
}

export interface Me {
  user: CurrentUser;
  policy: Policy;
  csrfToken: string;
  workspace: {
    name: string;
    defaultCountry: string;
    defaultCurrency: string;
    timezone: string;
    modules: ModuleFlags;
  };
}

export type FieldType =
  | 'text'
  | 'longText'
  | 'number'
  | 'currency'
  | 'date'
  | 'datetime'
  | 'boolean'
  | 'select'
  | 'multiSelect'
  | 'url'
  | 'email'
  | 'phone'
  | 'reference';

export interface FieldMeta {
  key: string;
  label: string;
  type: FieldType;
  filterable: boolean;
  sortable: boolean;
  custom: boolean;
  readOnly: boolean;
  options?: string[];
}

export interface ListPage<T> {
  data: T[];
  nextCursor: string | null;
  total: number;
  totalCapped: boolean;
}

export interface Address {
  line1?: string | null;
  line2?: string | null;
  city?: string | null;
  region?: string | null;
  postalCode?: string | null;
  country?: string | null;
}

export const LIFECYCLE_STAGES = ['lead', 'prospect', 'customer', 'former_customer'] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

export const CHANNELS = ['email', 'phone', 'sms', 'whatsapp', 'post', 'in_person'] as const;
export type Channel = (typeof CHANNELS)[number];

export const CONSENT_CHANNELS = ['email', 'phone', 'sms', 'post'] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];

export interface ConsentEntry {
  granted: boolean;
  at?: string;
  source?: string;
}

export type CustomValues = Record<string, unknown>;

export interface Person {
  id: string;
  firstName: string;
  lastName: string;
  fullName: string;
  jobTitle?: string | null;
  companyId?: string | null;
  company?: Ref | null;
  emails?: { email: string; label: string }[];
  phones?: { number: string; label: string }[];
  address?: Address | null;
  ownerId?: string | null;
  owner?: Ref | null;
  teamId?: string | null;
  team?: Ref | null;
  tags?: string[];
  lifecycleStage?: LifecycleStage;
  preferredChannel?: Channel | null;
  preferredLanguage?: string | null;
  consent?: Partial<Record<ConsentChannel, ConsentEntry>>;
  customFields?: CustomValues;
  version: number;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

export const COMPANY_SIZES = ['1-10', '11-50', '51-200', '201-1000', '1000+'] as const;
export type CompanySize = (typeof COMPANY_SIZES)[number];

export interface Money {
  amountMinor: number;
  currency: string;
}

export interface Company {
  id: string;
  name: string;
  domain?: string | null;
  industry?: string | null;
  size?: CompanySize | null;
  address?: Address | null;
  ownerId?: string | null;
  owner?: Ref | null;
  teamId?: string | null;
  team?: Ref | null;
  tags?: string[];
  parentId?: string | null;
  parent?: Ref | null;
  creditLimit?: Money | null;
  customFields?: CustomValues;
  peopleCount?: number;
  version: number;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

export interface HistoryEntry {
  id: string;
  at: string;
  action: string;
  actor: Ref | null;
  changes: Record<string, { from: unknown; to: unknown }>;
}

export interface SavedViewState {
  filters: string[];
  sort: string | null;
  columns: string[];
  q: string | null;
}

export interface SavedView {
  id: string;
  name: string;
  shared: boolean;
  mine: boolean;
  state: SavedViewState;
}

export interface User {
  id: string;
  email: string;
  name: string;
  role: { id: string; key: string; name: string };
  teams: Ref[];
  active: boolean;
  lastLoginAt: string | null;
}

export interface Team {
  id: string;
  name: string;
  memberCount?: number;
}

export interface Role {
  id: string;
  key: string;
  name: string;
  builtin: boolean;
  policy: Policy;
  version?: number;
}

export interface BusinessHours {
  days: number[];
  start: string;
  end: string;
}

export interface Workspace {
  name: string;
  defaultCountry: string;
  defaultCurrency: string;
  timezone: string;
  businessHours?: BusinessHours;
  modules: ModuleFlags;
  version?: number;
}

export interface CustomFieldDef {
  id: string;
  object: ObjectName;
  key: string;
  label: string;
  type: FieldType;
  options: string[];
  required: boolean;
  helpText: string | null;
  position: number;
}

export type TokenScope = 'read' | 'write';

export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  scopes: Record<string, TokenScope>;
  expiresAt: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface AuditEntry {
  id: string;
  at: string;
  action: string;
  object: string;
  recordId: string | null;
  actor: Ref | null;
  changes: unknown;
  requestId: string | null;
}
