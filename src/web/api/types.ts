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
  valueTier?: string | null;
  flags?: string[];
  cadenceDays?: number | null;
  effectiveCadenceDays?: number | null;
  lastContact?: LastContact | null;
  lastTwoWayAt?: string | null;
  contactDueAt?: string | null;
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
  valueTier?: string | null;
  flags?: string[];
  cadenceDays?: number | null;
  effectiveCadenceDays?: number | null;
  lastContact?: LastContact | null;
  lastTwoWayAt?: string | null;
  contactDueAt?: string | null;
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

// ---- Touchpoints: activities, timelines, tasks, promises, notifications, search ----

export interface LastContact {
  at: string;
  by: Ref | null;
  channel: string | null;
}

export const ACTIVITY_TYPES = ['call', 'email', 'meeting', 'note', 'sms', 'chat', 'visit'] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];
export const DEPARTMENTS = ['sales', 'marketing', 'service', 'accounts'] as const;
export type Department = (typeof DEPARTMENTS)[number];
export const ACTIVITY_CHANNELS = [
  'phone',
  'email',
  'sms',
  'whatsapp',
  'chat',
  'video',
  'in_person',
  'post',
  'other',
] as const;
export type ActivityChannel = (typeof ACTIVITY_CHANNELS)[number];

export interface Activity {
  id: string;
  type: ActivityType;
  direction: 'in' | 'out' | null;
  channel: ActivityChannel | null;
  department: Department;
  subject: string;
  body: string | null;
  occurredAt: string;
  durationSeconds: number | null;
  outcome: string | null;
  twoWay: boolean;
  summary: string;
  personId: string | null;
  person: Ref | null;
  companyId: string | null;
  company: Ref | null;
  owner: Ref | null;
  version: number;
  createdAt: string;
}

export interface TimelineEntry {
  id: string;
  at: string;
  type: string;
  department: string | null;
  summary: string;
  actor: Ref | null;
  object: string;
  recordId: string;
  personId: string | null;
  companyId: string | null;
  person: Ref | null;
  payload: Record<string, unknown>;
}

export interface TimelinePage {
  data: TimelineEntry[];
  nextCursor: string | null;
}

export interface Task {
  id: string;
  title: string;
  notes: string | null;
  dueAt: string | null;
  priority: 'low' | 'normal' | 'high';
  status: 'open' | 'done' | 'cancelled';
  overdue: boolean;
  assigneeId: string | null;
  assignee: Ref | null;
  personId: string | null;
  person: Ref | null;
  companyId: string | null;
  company: Ref | null;
  completedAt: string | null;
  version: number;
}

export type PromiseStatus = 'open' | 'kept' | 'broken' | 'renegotiated';

export interface CustomerPromise {
  id: string;
  description: string;
  personId: string | null;
  person: Ref | null;
  companyId: string | null;
  company: Ref | null;
  ownerId: string;
  owner: Ref | null;
  department: Department;
  dueAt: string;
  status: PromiseStatus;
  overdue: boolean;
  resolvedAt: string | null;
  customerToldAt: string | null;
  renegotiatedFrom: string | null;
  version: number;
}

export interface MetricCounts {
  kept: number;
  broken: number;
  renegotiated: number;
  open: number;
  overdue: number;
  keptRate: number | null;
}

export interface PromiseMetrics {
  groupBy: 'user' | 'team';
  from: string;
  to: string;
  data: (MetricCounts & { id: string | null; name: string })[];
  total: MetricCounts;
}

export type FlagTone = 'info' | 'warning' | 'danger';

export interface CardFlag {
  key: string;
  label: string;
  tone: FlagTone;
}

export type CardKind = 'people' | 'companies';

export interface ContextCardData {
  kind: CardKind;
  id: string;
  name: string;
  subtitle: string | null;
  lifecycleStage: string | null;
  valueTier: string | null;
  owner: Ref | null;
  preferredChannel: string | null;
  preferredLanguage: string | null;
  consent: Record<'email' | 'phone' | 'sms' | 'post', boolean | null>;
  company: Ref | null;
  lastContact: LastContact | null;
  contactDueAt: string | null;
  goingCold: boolean;
  counts: Record<string, number>;
  flags: CardFlag[];
}

export interface SearchHit {
  kind: CardKind;
  id: string;
  title: string;
  subtitle: string | null;
  score?: number;
  card: ContextCardData;
}

export interface LookupResult {
  query: { phone?: string; email?: string; normalised: string };
  matches: SearchHit[];
}

export interface AppNotification {
  id: string;
  kind: string;
  title: string;
  body: string | null;
  link: string | null;
  record: { object: string; id: string } | null;
  createdAt: string;
  readAt: string | null;
}

export interface GoingColdItem {
  object: CardKind;
  id: string;
  name: string;
  owner: Ref | null;
  valueTier: string | null;
  lastContact: LastContact | null;
  contactDueAt: string;
  daysOverdue: number;
}

export interface MyDay {
  tasks: Task[];
  promises: CustomerPromise[];
  goingCold: { people: GoingColdItem[]; companies: GoingColdItem[] };
  counts: {
    overdueTasks: number;
    tasksDueToday: number;
    overduePromises: number;
    promisesDueThisWeek: number;
    goingColdPeople: number;
    goingColdCompanies: number;
    unreadNotifications: number;
  };
}
