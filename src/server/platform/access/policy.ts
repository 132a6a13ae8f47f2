/**
 * The access model, in one place: per role, permissions per object and action, record visibility (own / team / all)
 * and field-level rules. Everything else (routes, repositories, serialisers, filters) asks this file.
 */
import { AppError, type FieldError, forbidden } from '../errors.ts';

/**
 * The record kinds (people, companies, …) come from the registry of kinds (`modules/kinds.ts`), handed over once at
 * start by `registerRecordKinds`; the platform never imports a module. Record objects have visibility and field rules.
 */
export const RECORD_OBJECTS: string[] = [];
export type RecordObject = string;

/** Touchpoints: activities (visible where the person or company they are about is), tasks and promises. */
export const TOUCHPOINT_OBJECTS = ['activities', 'tasks', 'promises'] as const;

/**
 * Objects with their own record visibility (own / team / all) that are not kernel kinds: a task or promise is its
 * assignee's or creator's, and its team's.
 */
export const SCOPED_OBJECTS = ['tasks', 'promises'] as const;

/**
 * Objects a role grants actions on that are not records: the audit log, workspace settings, users and roles, and
 * privacy requests (`export`: a person's access export; `delete`: erasure; `read`/`update`: the retention rule).
 */
export const SYSTEM_OBJECTS = ['audit', 'settings', 'users', 'privacy'] as const;

/** Every object a role grants actions on: the record kinds, the touchpoints, then the system objects. */
export const OBJECTS: string[] = [...TOUCHPOINT_OBJECTS, ...SYSTEM_OBJECTS];
export type ObjectName = string;

/** The objects a role has a visibility for: record kinds with an owner, and the scoped touchpoints. */
export const VISIBILITY_OBJECTS: string[] = [...SCOPED_OBJECTS];

/** What the policy needs to know about a record kind: its name, whether it has an owner, and its field map. */
export interface AccessKind {
  name: string;
  owned: boolean;
  fieldPaths: Readonly<Record<string, readonly string[]>>;
  /** Whether field rules may name its fields (default true; tasks and promises have none). */
  fieldRules?: boolean;
}

/**
 * Hands the registry's kinds to the policy (idempotent; `modules/kinds.ts` calls it), and the touchpoints declared as
 * kinds (activities, tasks, promises): objects a role grants, with their own visibility when they have an owner.
 */
export function registerRecordKinds(
  kinds: readonly AccessKind[],
  touchpoints: readonly AccessKind[] = TOUCHPOINT_OBJECTS.map((name) => ({
    name,
    owned: (SCOPED_OBJECTS as readonly string[]).includes(name),
    fieldPaths: {},
  })),
): void {
  const names = kinds.map((k) => k.name);
  // Record objects are those with field rules; a kind without (tasks, promises) is an object with a visibility.
  RECORD_OBJECTS.splice(0, RECORD_OBJECTS.length, ...kinds.filter((k) => k.fieldRules !== false).map((k) => k.name));
  OBJECTS.splice(0, OBJECTS.length, ...names, ...touchpoints.map((k) => k.name), ...SYSTEM_OBJECTS);
  VISIBILITY_OBJECTS.splice(
    0,
    VISIBILITY_OBJECTS.length,
    ...[...kinds, ...touchpoints].filter((k) => k.owned).map((k) => k.name),
  );
  for (const key of Object.keys(FIELD_PATHS)) delete FIELD_PATHS[key];
  for (const k of kinds)
    FIELD_PATHS[k.name] = Object.fromEntries(Object.entries(k.fieldPaths).map(([f, p]) => [f, [...p]]));
}

export const ACTIONS = ['read', 'create', 'update', 'delete', 'export'] as const;
export type Action = (typeof ACTIONS)[number];

export const VISIBILITIES = ['own', 'team', 'all'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

export type FieldRule = 'hidden' | 'readonly';

export interface Policy {
  objects: Record<ObjectName, Action[]>;
  visibility: Record<RecordObject, Visibility>;
  /** Field rules per object; keys are API field names (`creditLimit`) or `cf.<key>` for custom fields. */
  fields: Record<RecordObject, Record<string, FieldRule>>;
}

/** What an API token may do, per object: `read` (read + export) or `write` (everything the role allows). */
export type TokenScopes = Record<ObjectName, 'read' | 'write'>;

export interface Actor {
  kind: 'user';
  id: string;
  name: string;
  email: string;
  roleId: string;
  roleKey: string;
  policy: Policy;
  teamIds: string[];
  /** Set when the request authenticated with an API token. */
  tokenScopes?: TokenScopes;
  tokenId?: string;
  sessionId?: string;
}

/** The context a service needs about who acts and why (request id and address for the audit trail). */
export interface Ctx {
  actor: Actor;
  requestId: string;
  ip: string | null;
  /** The caller's own `x-request-id`, sanitised (platform/request-id.ts); kept in the audit entry's metadata. */
  clientRequestId?: string;
}

/** A system context for CLI and seed work; acts with the admin policy. */
export function systemCtx(actor: Actor): Ctx {
  return { actor, requestId: 'system', ip: null };
}

export function can(actor: Actor, object: ObjectName, action: Action): boolean {
  const allowed = actor.policy.objects[object]?.includes(action) ?? false;
  if (!allowed) return false;
  if (actor.tokenScopes) {
    const scope = actor.tokenScopes[object];
    if (!scope) return false;
    if (scope === 'read') return action === 'read' || action === 'export';
  }
  return true;
}

export function assertCan(actor: Actor, object: ObjectName, action: Action): void {
  if (!can(actor, object, action)) throw forbidden(`Your role may not ${action} ${object}.`);
}

export type Scope =
  | { kind: 'all' }
  | { kind: 'team'; userId: string; teamIds: string[] }
  | { kind: 'own'; userId: string };

/** The rows of `object` the actor may see. Repositories turn this into a WHERE clause. */
export function visibilityScope(actor: Actor, object: RecordObject): Scope {
  const v = actor.policy.visibility[object] ?? 'own';
  if (v === 'all') return { kind: 'all' };
  if (v === 'team') return { kind: 'team', userId: actor.id, teamIds: actor.teamIds };
  return { kind: 'own', userId: actor.id };
}

/** Whether a record with this owner/team is inside the scope (for single-record checks after a load). */
export function inScope(scope: Scope, record: { owner_id: string | null; team_id: string | null }): boolean {
  if (scope.kind === 'all') return true;
  if (record.owner_id === scope.userId) return true;
  if (scope.kind === 'team') return record.team_id !== null && scope.teamIds.includes(record.team_id);
  return false;
}

/** Where a record would be placed by a write: its owner (with the owner's teams) and its team. */
export interface Placement {
  ownerId: string | null;
  ownerTeamIds: string[];
  teamId: string | null;
}

/**
 * Who may put a record where. `all` visibility: anywhere. `team`: only in one of the user's own teams (or no team), and
 * owned by the user or by someone who shares one of the user's teams. `own`: owned by the user, in one of their teams
 * (or none). Only what the write changes is checked (`before` is the stored placement; absent on create), so editing
 * a record an admin placed elsewhere still works. Problems name `/teamId` and `/ownerId`.
 */
export function placementProblems(
  actor: Actor,
  object: RecordObject,
  next: Placement,
  before?: { ownerId: string | null; teamId: string | null },
): FieldError[] {
  const v = actor.policy.visibility[object] ?? 'own';
  if (v === 'all') return [];
  const problems: FieldError[] = [];
  if (next.teamId !== null && next.teamId !== before?.teamId && !actor.teamIds.includes(next.teamId)) {
    problems.push({ pointer: '/teamId', detail: 'is not one of your teams', in: 'body' });
  }
  if (next.ownerId !== null && next.ownerId !== before?.ownerId && next.ownerId !== actor.id) {
    if (v === 'own') problems.push({ pointer: '/ownerId', detail: 'may only be yourself', in: 'body' });
    else if (!next.ownerTeamIds.some((t) => actor.teamIds.includes(t))) {
      problems.push({ pointer: '/ownerId', detail: 'is not a member of one of your teams', in: 'body' });
    }
  }
  return problems;
}

/** Throws 403 `access.placement` naming `/teamId` or `/ownerId` when the actor may not place the record there. */
export function assertPlacement(...args: Parameters<typeof placementProblems>): void {
  const problems = placementProblems(...args);
  if (problems.length > 0) {
    throw new AppError(
      'access.placement',
      403,
      'Forbidden',
      'You may only place records in your own teams, with an owner from your teams.',
      problems,
    );
  }
}

/** The team a record takes from its new owner: for a user without `all` visibility, one of the owner's teams they share. */
export function ownerTeam(actor: Actor, object: RecordObject, ownerTeamIds: string[]): string | null {
  const shared =
    (actor.policy.visibility[object] ?? 'own') === 'all'
      ? undefined
      : ownerTeamIds.find((t) => actor.teamIds.includes(t));
  return shared ?? ownerTeamIds[0] ?? null;
}

export function fieldRule(actor: Actor, object: RecordObject, field: string): FieldRule | undefined {
  return actor.policy.fields[object]?.[field];
}

export const canReadField = (actor: Actor, object: RecordObject, field: string): boolean =>
  fieldRule(actor, object, field) !== 'hidden';

export const canWriteField = (actor: Actor, object: RecordObject, field: string): boolean =>
  fieldRule(actor, object, field) === undefined;

/**
 * The one field map: where each field the role editor offers (the list field catalogue's keys) shows up in what the
 * API answers, as dot paths into a record DTO, an audit `changes` map or a timeline payload. A field not listed here
 * shows up under its own key only; custom fields `cf.<key>` are `customFields.<key>` on a DTO and `cf.<key>` in
 * changes. Hiding a field removes every one of its paths from every output (records, lists, cards, search, history,
 * audit, timeline, exports).
 */
export const FIELD_PATHS: Record<string, Record<string, string[]>> = {};

/** Every path (see FIELD_PATHS) the actor may not read on `object`, for DTOs (`customFields.x` for custom fields). */
export function hiddenPaths(actor: Actor, object: RecordObject): string[] {
  const rules = actor.policy.fields[object];
  if (!rules) return [];
  const out: string[] = [];
  for (const [field, rule] of Object.entries(rules)) {
    if (rule !== 'hidden') continue;
    if (field.startsWith('cf.')) out.push(field, `customFields.${field.slice(3)}`);
    else out.push(...(FIELD_PATHS[object]?.[field] ?? [field]));
  }
  return out;
}

function without(value: unknown, path: string[]): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || path.length === 0) return value;
  const [head, ...rest] = path as [string, ...string[]];
  if (!(head in value)) return value;
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  if (rest.length === 0) delete copy[head];
  else copy[head] = without(copy[head], rest);
  return copy;
}

/** Removes the given dot paths from an object (copying what it changes). */
export function removePaths<T>(value: T, paths: string[]): T {
  let out: unknown = value;
  for (const p of paths) out = without(out, p.split('.'));
  return out as T;
}

/**
 * Removes the fields the actor may not read from a DTO: every path of every hidden field (FIELD_PATHS), including
 * sub-objects (`company`, `owner`, `team`, `parent`, `address.city`) and `customFields` keys. Returns a new object.
 */
export function redact<T extends Record<string, unknown>>(actor: Actor, object: RecordObject, dto: T): T {
  return removePaths(dto, hiddenPaths(actor, object));
}

/**
 * An audit `changes` map (`{ field: { from, to } }`, custom fields as `cf.<key>`) without what the actor may not read:
 * a hidden field's entry goes, and a nested hidden path (`address.city`) is removed from both `from` and `to`.
 */
export function redactChanges<T extends Record<string, unknown>>(actor: Actor, object: RecordObject, changes: T): T {
  const out: Record<string, unknown> = { ...changes };
  for (const path of hiddenPaths(actor, object)) {
    // Custom fields are recorded flat, under `cf.<key>` itself.
    if (path in out) {
      delete out[path];
      continue;
    }
    const [head, ...rest] = path.split('.') as [string, ...string[]];
    if (!(head in out)) continue;
    if (rest.length === 0) delete out[head];
    else {
      const c = out[head] as { from?: unknown; to?: unknown } | null;
      if (c && typeof c === 'object') out[head] = { ...c, from: without(c.from, rest), to: without(c.to, rest) };
    }
  }
  return out as T;
}

const ALL: Action[] = [...ACTIONS];
const RWX: Action[] = ['read', 'create', 'update', 'export'];
const RCU: Action[] = ['read', 'create', 'update'];
/** Touchpoints every customer-facing role records: activities, tasks and promises. */
const TOUCH = { activities: RCU, tasks: RCU, promises: RCU };
const TOUCH_ALL = { activities: ALL, tasks: ALL, promises: ALL };

export interface BuiltinRole {
  key: string;
  name: string;
  policy: Policy;
}

/**
 * The built-in roles every workspace starts with. Admins can add custom roles (a new role starts as a copy of
 * `NEW_ROLE_TEMPLATE`); built-ins can be tuned but not removed.
 */
export const BUILTIN_ROLES: BuiltinRole[] = [
  {
    key: 'admin',
    name: 'Admin',
    policy: {
      objects: {
        orders: ALL,
        invoices: ALL,
        payments: ALL,
        people: ALL,
        companies: ALL,
        deals: ALL,
        cases: ALL,
        articles: ALL,
        ...TOUCH_ALL,
        audit: ['read', 'export'],
        settings: ALL,
        users: ALL,
        privacy: ALL,
      },
      visibility: { people: 'all', companies: 'all', deals: 'all', cases: 'all', tasks: 'all', promises: 'all' },
      fields: {},
    },
  },
  {
    key: 'manager',
    name: 'Manager',
    policy: {
      objects: {
        orders: ['read', 'export'],
        invoices: ['read', 'export'],
        payments: ['read', 'export'],
        people: ALL,
        companies: ALL,
        deals: ALL,
        cases: ALL,
        articles: ALL,
        ...TOUCH_ALL,
        audit: ['read'],
        settings: ['read'],
        users: ['read'],
      },
      visibility: { people: 'all', companies: 'all', deals: 'all', cases: 'all', tasks: 'all', promises: 'all' },
      fields: {},
    },
  },
  {
    key: 'sales',
    name: 'Sales',
    policy: {
      objects: {
        orders: ['read'],
        invoices: ['read'],
        payments: ['read'],
        people: RWX,
        companies: RWX,
        deals: RWX,
        cases: ['read'],
        articles: ['read'],
        ...TOUCH,
        users: ['read'],
      },
      visibility: { people: 'team', companies: 'team', deals: 'team', cases: 'all', tasks: 'team', promises: 'team' },
      fields: { companies: { creditLimit: 'hidden' } },
    },
  },
  {
    key: 'marketing',
    name: 'Marketing',
    policy: {
      objects: {
        people: RWX,
        companies: ['read', 'export'],
        deals: ['read', 'export'],
        cases: ['read'],
        articles: RCU,
        ...TOUCH,
        users: ['read'],
      },
      visibility: { people: 'all', companies: 'all', deals: 'all', cases: 'all', tasks: 'all', promises: 'all' },
      fields: { companies: { creditLimit: 'hidden' } },
    },
  },
  {
    key: 'service',
    name: 'Service',
    policy: {
      objects: {
        orders: ['read'],
        invoices: ['read'],
        payments: ['read'],
        people: ['read', 'create', 'update'],
        companies: ['read'],
        deals: ['read'],
        cases: RWX,
        articles: RWX,
        ...TOUCH,
        users: ['read'],
      },
      visibility: { people: 'all', companies: 'all', deals: 'all', cases: 'team', tasks: 'all', promises: 'all' },
      fields: { companies: { creditLimit: 'hidden' } },
    },
  },
  {
    key: 'accounts',
    name: 'Accounts',
    policy: {
      objects: {
        orders: ALL,
        invoices: ALL,
        payments: ALL,
        people: ['read', 'update', 'export'],
        companies: ['read', 'update', 'export'],
        deals: ['read', 'export'],
        cases: ['read', 'export'],
        articles: ['read'],
        ...TOUCH,
        users: ['read'],
      },
      visibility: { people: 'all', companies: 'all', deals: 'all', cases: 'all', tasks: 'all', promises: 'all' },
      fields: { people: { lifecycleStage: 'readonly' } },
    },
  },
  {
    key: 'read-only',
    name: 'Read-only',
    policy: {
      objects: {
        orders: ['read'],
        invoices: ['read'],
        payments: ['read'],
        people: ['read'],
        companies: ['read'],
        deals: ['read'],
        cases: ['read'],
        articles: ['read'],
        activities: ['read'],
        tasks: ['read'],
        promises: ['read'],
      },
      visibility: { people: 'all', companies: 'all', deals: 'all', cases: 'all', tasks: 'all', promises: 'all' },
      fields: { companies: { creditLimit: 'hidden' } },
    },
  },
];

/** The built-in role a new custom role starts as a copy of, when it is created without a policy. */
export const NEW_ROLE_TEMPLATE = 'sales';

/** A copy of the template role's policy: what a new role starts from. */
export function newRolePolicy(): Policy {
  return structuredClone(BUILTIN_ROLES.find((r) => r.key === NEW_ROLE_TEMPLATE)!.policy);
}

/**
 * An event payload as a reader acting for `actor` may see it when it leaves the system (webhooks, later automations and
 * agents): undefined when the role may not read the event's object at all; otherwise without the paths of hidden
 * fields, without hidden fields in `changes` (before/after values) and in `changed`.
 */
export function redactEventPayload<T extends Record<string, unknown>>(
  actor: Actor,
  object: string,
  payload: T,
): T | undefined {
  if (OBJECTS.includes(object) && !can(actor, object, 'read')) return undefined;
  if (!RECORD_OBJECTS.includes(object)) return payload;
  const paths = hiddenPaths(actor, object);
  if (paths.length === 0) return payload;
  // A copy: the same event goes to other endpoints, whose readers may see more.
  const out: Record<string, unknown> = { ...removePaths(payload, paths) };
  if (out.changes && typeof out.changes === 'object') {
    out.changes = redactChanges(actor, object, out.changes as Record<string, unknown>);
  }
  const top = new Set(paths.map((p) => p.split('.')[0]!));
  if (Array.isArray(out.changed)) out.changed = (out.changed as string[]).filter((k) => !top.has(k));
  return out as T;
}
