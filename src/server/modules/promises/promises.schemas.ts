import { type Static, type TSchema, Type } from 'typebox';
import { kernelQuery } from '../../platform/http.ts';
import { SubjectId, SubjectKind } from '../../platform/records/links.ts';
import { StringEnum } from '../../platform/schema.ts';
import { ACTIVITY_CHANNELS, DEPARTMENTS } from '../activities/index.ts';
import { Ref } from '../identity/index.ts';

export const PROMISE_STATUSES = ['open', 'kept', 'broken', 'renegotiated'] as const;
export type PromiseStatus = (typeof PROMISE_STATUSES)[number];
export { DEPARTMENTS };
export const TELL_CHANNELS = ACTIVITY_CHANNELS.filter((c) => c !== 'other');

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const DateTime = (description: string) =>
  Type.String({ minLength: 10, maxLength: 40, description: `${description} (ISO-8601; stored in UTC)` });

export const CustomerPromise = Type.Object(
  {
    id: Type.String(),
    description: Type.String(),
    personId: Nullable(Type.String()),
    person: Nullable(Ref),
    companyId: Nullable(Type.String()),
    company: Nullable(Ref),
    subjectKind: Nullable(SubjectKind),
    subjectId: Nullable(SubjectId),
    ownerId: Type.String(),
    owner: Nullable(Ref),
    teamId: Nullable(Type.String()),
    department: StringEnum(DEPARTMENTS),
    dueAt: Type.String(),
    remindAt: Nullable(Type.String()),
    remindedAt: Nullable(Type.String()),
    status: StringEnum(PROMISE_STATUSES),
    overdue: Type.Boolean({ description: 'Open and past its due time' }),
    resolvedAt: Nullable(Type.String({ description: 'When it was kept, broken or renegotiated' })),
    customerToldAt: Nullable(Type.String({ description: 'When the customer was last told it was missed or changed' })),
    renegotiatedFrom: Nullable(Type.String({ description: 'The promise this one replaced' })),
    version: Type.Integer(),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { title: 'CustomerPromise' },
);
export type CustomerPromise = Static<typeof CustomerPromise>;

const writable = {
  description: Type.String({ minLength: 1, maxLength: 500 }),
  personId: Nullable(Type.String({ maxLength: 64 })),
  companyId: Nullable(Type.String({ maxLength: 64 })),
  subjectKind: Nullable(SubjectKind),
  subjectId: Nullable(SubjectId),
  ownerId: Type.String({ maxLength: 64, description: 'An active user; default: you' }),
  department: StringEnum(DEPARTMENTS, { description: 'Default: your role when it is a department, else sales' }),
  dueAt: DateTime('When it is due'),
  remindAt: Nullable(DateTime('When to remind the owner; default 24 hours before it is due')),
};

export const CreatePromise = Type.Object(
  {
    description: writable.description,
    personId: Type.Optional(writable.personId),
    companyId: Type.Optional(writable.companyId),
    subjectKind: Type.Optional(writable.subjectKind),
    subjectId: Type.Optional(writable.subjectId),
    ownerId: Type.Optional(writable.ownerId),
    department: Type.Optional(writable.department),
    dueAt: writable.dueAt,
    remindAt: Type.Optional(writable.remindAt),
  },
  { additionalProperties: false },
);
export type CreatePromise = Static<typeof CreatePromise>;

export const UpdatePromise = Type.Partial(Type.Object(writable), { additionalProperties: false });
export type UpdatePromise = Static<typeof UpdatePromise>;

export const BreakPromise = Type.Object(
  { reason: Type.Optional(Type.String({ maxLength: 1000 })) },
  { additionalProperties: false },
);
export type BreakPromise = Static<typeof BreakPromise>;

export const RenegotiatePromise = Type.Object(
  {
    newDueAt: DateTime('The new due time agreed with the customer'),
    description: Type.Optional(writable.description),
    note: Type.Optional(Type.String({ maxLength: 1000, description: 'Why it changed (on the timeline)' })),
  },
  { additionalProperties: false },
);
export type RenegotiatePromise = Static<typeof RenegotiatePromise>;

export const TellCustomer = Type.Object(
  {
    channel: StringEnum(TELL_CHANNELS),
    body: Type.String({ minLength: 1, maxLength: 100_000, description: 'What the customer was told' }),
    subject: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type TellCustomer = Static<typeof TellCustomer>;

export const TellCustomerResult = Type.Object({
  promise: CustomerPromise,
  activityId: Type.String({ description: 'The activity logged on the customer' }),
});

export const RenegotiateResult = Type.Object({
  previous: CustomerPromise,
  promise: CustomerPromise,
});

export const PromiseListQuery = Type.Object({
  ...kernelQuery('Quick search in the promise'),
  owner: Type.Optional(Type.String({ maxLength: 64, description: '`me` or a user id' })),
  team: Type.Optional(Type.String({ maxLength: 64, description: '`mine` (any of your teams) or a team id' })),
  status: Type.Optional(StringEnum(PROMISE_STATUSES)),
  overdue: Type.Optional(Type.Boolean({ description: 'true: open and past due; false: everything else' })),
  personId: Type.Optional(Type.String({ maxLength: 64 })),
  companyId: Type.Optional(Type.String({ maxLength: 64 })),
  subjectKind: Type.Optional(SubjectKind),
  subjectId: Type.Optional(SubjectId),
});
export type PromiseListQuery = Static<typeof PromiseListQuery>;

export const MetricsQuery = Type.Object({
  groupBy: Type.Optional(StringEnum(['user', 'team'] as const, { description: 'Default user (the owner)' })),
  from: Type.Optional(DateTime('Start of the period, inclusive (default 30 days ago)')),
  to: Type.Optional(DateTime('End of the period, exclusive (default now)')),
});
export type MetricsQuery = Static<typeof MetricsQuery>;

const MetricCounts = {
  kept: Type.Integer(),
  broken: Type.Integer(),
  renegotiated: Type.Integer(),
  open: Type.Integer(),
  overdue: Type.Integer({ description: 'Open and past due now' }),
  keptRate: Nullable(Type.Number({ description: 'kept / (kept + broken); null when neither' })),
};

export const PromiseMetrics = Type.Object(
  {
    groupBy: StringEnum(['user', 'team'] as const),
    from: Type.String(),
    to: Type.String(),
    data: Type.Array(
      Type.Object({
        id: Nullable(Type.String({ description: 'User or team id; null: promises whose owner had no team' })),
        name: Type.String(),
        ...MetricCounts,
      }),
    ),
    total: Type.Object(MetricCounts),
  },
  { title: 'PromiseMetrics' },
);
export type PromiseMetrics = Static<typeof PromiseMetrics>;
export type MetricCounts = Omit<PromiseMetrics['total'], never>;
