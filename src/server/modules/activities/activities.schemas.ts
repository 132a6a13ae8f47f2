import { type Static, type TSchema, Type } from 'typebox';
import { SubjectId, SubjectKind } from '../../platform/records/links.ts';
import { StringEnum } from '../../platform/schema.ts';
import { Ref } from '../identity/index.ts';

export const ACTIVITY_TYPES = ['call', 'email', 'meeting', 'note', 'sms', 'chat', 'visit'] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];
export const DIRECTIONS = ['in', 'out'] as const;
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
export const DEPARTMENTS = ['sales', 'marketing', 'service', 'accounts'] as const;
/** Call outcomes where nobody on the customer's side took part: such a call is not a two-way touchpoint. */
export const UNANSWERED_OUTCOMES = ['no answer', 'voicemail', 'busy'] as const;

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const LinkId = Type.String({ minLength: 1, maxLength: 64 });

export const Activity = Type.Object(
  {
    id: Type.String(),
    type: StringEnum(ACTIVITY_TYPES),
    direction: Nullable(StringEnum(DIRECTIONS)),
    channel: Nullable(StringEnum(ACTIVITY_CHANNELS)),
    department: StringEnum(DEPARTMENTS),
    subject: Type.String(),
    body: Nullable(Type.String({ description: 'Sanitised HTML' })),
    occurredAt: Type.String(),
    durationSeconds: Nullable(Type.Integer()),
    outcome: Nullable(Type.String()),
    twoWay: Type.Boolean(),
    summary: Type.String({ description: 'One line, as shown on the timeline' }),
    personId: Nullable(Type.String()),
    person: Nullable(Ref),
    companyId: Nullable(Type.String()),
    company: Nullable(Ref),
    subjectKind: Nullable(SubjectKind),
    subjectId: Nullable(SubjectId),
    dealId: Nullable(Type.String()),
    caseId: Nullable(Type.String()),
    promiseId: Nullable(Type.String()),
    ownerId: Nullable(Type.String()),
    owner: Nullable(Ref),
    teamId: Nullable(Type.String()),
    version: Type.Integer(),
    createdAt: Type.String(),
    updatedAt: Type.String(),
    deletedAt: Nullable(Type.String()),
  },
  { title: 'Activity' },
);
export type Activity = Static<typeof Activity>;

const writable = {
  type: StringEnum(ACTIVITY_TYPES),
  direction: Nullable(StringEnum(DIRECTIONS, { description: 'in or out; null (or absent) for notes' })),
  channel: Nullable(StringEnum(ACTIVITY_CHANNELS, { description: 'Defaults from the type (call → phone, …)' })),
  department: StringEnum(DEPARTMENTS, { description: "Defaults from the author's role, else sales" }),
  subject: Type.String({ minLength: 1, maxLength: 200 }),
  body: Nullable(
    Type.String({ maxLength: 100_000, description: 'Rich text (HTML); unsafe markup is removed on the server' }),
  ),
  occurredAt: Type.String({ maxLength: 40, description: 'ISO-8601; defaults to now' }),
  durationSeconds: Nullable(Type.Integer({ minimum: 0, maximum: 7 * 86_400 })),
  outcome: Nullable(Type.String({ maxLength: 200, description: "Free text, e.g. 'connected', 'voicemail'" })),
  dealId: Nullable(LinkId),
  caseId: Nullable(LinkId),
  promiseId: Nullable(LinkId),
};

export const CreateActivity = Type.Object(
  {
    type: writable.type,
    direction: Type.Optional(writable.direction),
    channel: Type.Optional(writable.channel),
    department: Type.Optional(writable.department),
    subject: writable.subject,
    body: Type.Optional(writable.body),
    occurredAt: Type.Optional(writable.occurredAt),
    durationSeconds: Type.Optional(writable.durationSeconds),
    outcome: Type.Optional(writable.outcome),
    personId: Type.Optional(Nullable(LinkId)),
    companyId: Type.Optional(Nullable(LinkId)),
    subjectKind: Type.Optional(SubjectKind),
    subjectId: Type.Optional(SubjectId),
    dealId: Type.Optional(writable.dealId),
    caseId: Type.Optional(writable.caseId),
    promiseId: Type.Optional(writable.promiseId),
  },
  { additionalProperties: false },
);
export type CreateActivity = Static<typeof CreateActivity>;

/** What an edit may change: the links to a person or company stay (log again to move a touchpoint). */
export const UpdateActivity = Type.Partial(
  Type.Object({
    type: writable.type,
    direction: writable.direction,
    channel: writable.channel,
    department: writable.department,
    subject: writable.subject,
    body: writable.body,
    occurredAt: writable.occurredAt,
    durationSeconds: writable.durationSeconds,
    outcome: writable.outcome,
    dealId: writable.dealId,
    caseId: writable.caseId,
    promiseId: writable.promiseId,
  }),
  { additionalProperties: false },
);
export type UpdateActivity = Static<typeof UpdateActivity>;

export const ActivityListQuery = Type.Object({
  type: Type.Optional(Type.Array(StringEnum(ACTIVITY_TYPES), { maxItems: 7, description: 'Repeatable' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 1000 })),
});
export type ActivityListQuery = Static<typeof ActivityListQuery>;
