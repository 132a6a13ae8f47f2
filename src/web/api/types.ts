/**
 * Shapes of the Rapport HTTP API (/api/v1), as the web app reads them. The shapes come from the server's OpenAPI
 * document (schema.d.ts, written by `npm run gen:api`); this file gives them the names the web app uses, and keeps the
 * few runtime lists (stages, channels, …) the forms need.
 */
import type { components, operations } from './schema.d.ts';

type Schemas = components['schemas'];

/** The JSON body an operation takes, by its operationId: `RequestBody<'createPerson'>`. */
export type RequestBody<Op extends keyof operations> = operations[Op] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;

/** The JSON an operation answers with: `ResponseBody<'getPerson'>`, `ResponseBody<'createPerson', 201>`. */
export type ResponseBody<
  Op extends keyof operations,
  Status extends number = 200,
> = operations[Op]['responses'] extends {
  [S in Status]: { content: { 'application/json': infer B } };
}
  ? B
  : never;

/**
 * A record as the API answers it: any field a role may hide can be absent, but never the id, the version or the
 * deletion time (no field rule names them).
 */
type RecordDto<T extends { id?: string; version?: number; deletedAt?: string | null }> = T &
  Required<Pick<T, 'id' | 'version' | 'deletedAt'>>;

export type ObjectName = 'people' | 'companies' | 'deals' | 'tasks' | 'promises';
export type Action = 'read' | 'create' | 'update' | 'delete' | 'export';
export type Visibility = 'own' | 'team' | 'all';
export type FieldRule = 'hidden' | 'readonly';

export type Ref = Schemas['Ref'];

/** A role's policy. The web reads and writes its object map by object name, so that map is indexable by any name. */
export type Policy = Omit<Schemas['Policy'], 'objects' | 'fields'> & {
  objects: Partial<Record<string, string[]>>;
  fields?: Partial<Record<string, Partial<Record<string, FieldRule>>>>;
};

export type ModuleFlags = Schemas['Workspace']['modules'];

export type CurrentUser = Schemas['Me']['user'];

export type Me = Omit<Schemas['Me'], 'policy'> & { policy: Policy };

export type FieldType = Schemas['FieldMeta']['type'];

export type FieldMeta = Schemas['FieldMeta'];

export interface ListPage<T> {
  data: T[];
  nextCursor: string | null;
  total: number;
  totalCapped: boolean;
}

export type Address = Schemas['Address'];

export const LIFECYCLE_STAGES = ['lead', 'prospect', 'customer', 'former_customer'] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

export const CHANNELS = ['email', 'phone', 'sms', 'whatsapp', 'post', 'in_person'] as const;
export type Channel = (typeof CHANNELS)[number];

export const CONSENT_CHANNELS = ['email', 'phone', 'sms', 'post'] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];

export type ConsentEntry = NonNullable<NonNullable<Schemas['Person']['consent']>['email']>;

export type CustomValues = Record<string, unknown>;

export type Person = RecordDto<Schemas['Person']>;

export const COMPANY_SIZES = ['1-10', '11-50', '51-200', '201-1000', '1000+'] as const;
export type CompanySize = (typeof COMPANY_SIZES)[number];

export type Money = NonNullable<Schemas['Company']['creditLimit']>;

export type Company = RecordDto<Schemas['Company']>;

export type HistoryEntry = Schemas['HistoryEntry'];

export type SavedViewState = Schemas['SavedViewState'];

export type SavedView = Schemas['SavedView'];

export type User = Schemas['User'];

export type Team = Schemas['Team'];

export type Role = Omit<Schemas['Role'], 'policy'> & { policy: Policy };

export type BusinessHours = NonNullable<Schemas['Workspace']['businessHours']>;

export type Workspace = Schemas['Workspace'];

export type CustomFieldDef = Schemas['CustomFieldDef'];

export type TokenScope = 'read' | 'write';

export type ApiToken = Schemas['ApiToken'];

export type AuditEntry = Schemas['AuditEntry'];

// ---- Touchpoints: activities, timelines, tasks, promises, notifications, search ----

export type LastContact = NonNullable<Schemas['Person']['lastContact']>;

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

export type Activity = Schemas['Activity'];

export type TimelineEntry = Schemas['TimelineEntry'];

export type TimelinePage = Schemas['TimelinePage'];

export type Task = Schemas['Task'];

export type PromiseStatus = Schemas['CustomerPromise']['status'];

export type CustomerPromise = Schemas['CustomerPromise'];

export type MetricCounts = Schemas['PromiseMetrics']['total'];

export type PromiseMetrics = Schemas['PromiseMetrics'];

export type FlagTone = Schemas['CardFlag']['tone'];

export type CardFlag = Schemas['CardFlag'];

/** Every kind with a context card (and a place in the global search): people, companies, deals, cases, orders… */
export type CardKind = Schemas['ContextCard']['kind'];

/** The kinds a 360° view, timeline, tasks and promises hang on: people and companies. */
export type AnchorKind = 'people' | 'companies';

export type ContextCardData = Schemas['ContextCard'];

export type SearchHit = Schemas['SearchHit'];

/** A screen-pop match: a search hit without a score. */
export type LookupMatch = Schemas['LookupMatch'];

export type LookupResult = Schemas['LookupResult'];

export type AppNotification = Schemas['Notification'];

export type GoingColdItem = Schemas['GoingColdItem'];

export type MyDay = Schemas['MyDay'];

/** A kind of record or touchpoint as `/meta/objects` lists it: actions, fields, whether it has visibility and rules. */
export type ObjectMeta = Schemas['ObjectMeta'];
