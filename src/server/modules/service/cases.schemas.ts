import { type Static, type TSchema, Type } from 'typebox';
import { StringEnum } from '../../platform/schema.ts';
import { Ref } from '../identity/index.ts';

export const CASE_CHANNELS = ['phone', 'email', 'portal', 'chat', 'walk-in'] as const;
export const CASE_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const CASE_STATUSES = ['new', 'open', 'pending_customer', 'resolved', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export type CasePriority = (typeof CASE_PRIORITIES)[number];

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Id = Type.String({ minLength: 1, maxLength: 64 });

export const CaseSla = Type.Object(
  {
    policyId: Nullable(Type.String()),
    firstResponseDueAt: Nullable(Type.String({ description: 'Null without a policy, or while the clock is paused' })),
    resolutionDueAt: Nullable(Type.String({ description: 'Null without a policy, or while the clock is paused' })),
    firstResponseBreached: Type.Boolean(),
    resolutionBreached: Type.Boolean(),
    paused: Type.Boolean({ description: 'The clocks stand still while the case waits on the customer' }),
  },
  { title: 'CaseSla' },
);
export type CaseSla = Static<typeof CaseSla>;

export const Case = Type.Object({
  id: Type.String(),
  reference: Type.String({ description: 'C-1042: unique, readable on the phone' }),
  subject: Type.String(),
  description: Nullable(Type.String()),
  channel: StringEnum(CASE_CHANNELS),
  caseTypeId: Nullable(Type.String()),
  caseType: Nullable(Ref),
  /** The case type's process description, rendered (safe HTML). */
  processHtml: Nullable(Type.String()),
  priority: StringEnum(CASE_PRIORITIES),
  status: StringEnum(CASE_STATUSES),
  ownerId: Nullable(Type.String({ description: 'The assignee' })),
  owner: Nullable(Ref),
  teamId: Nullable(Type.String({ description: 'The queue (a team)' })),
  team: Nullable(Ref),
  personId: Nullable(Type.String()),
  person: Nullable(Ref),
  companyId: Nullable(Type.String()),
  company: Nullable(Ref),
  relatedCaseIds: Type.Array(Type.String()),
  tags: Type.Array(Type.String()),
  customFields: Type.Record(Type.String(), Type.Unknown()),
  openedAt: Type.String(),
  firstRespondedAt: Nullable(Type.String()),
  resolvedAt: Nullable(Type.String()),
  closedAt: Nullable(Type.String()),
  reopenCount: Type.Integer(),
  exchangeCount: Type.Integer({
    description:
      'Exchanges with the customer so far: replies sent to them plus their messages after the first (first-contact resolution allows one)',
  }),
  sla: CaseSla,
  version: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  deletedAt: Nullable(Type.String()),
});
export type Case = Static<typeof Case>;

/** What responses carry: a Case without the fields the reader's role hides. */
export const CaseView = Type.Partial(Case, { title: 'Case' });

const writable = {
  subject: Type.String({ minLength: 1, maxLength: 300 }),
  description: Nullable(Type.String({ maxLength: 20_000 })),
  channel: StringEnum(CASE_CHANNELS),
  caseTypeId: Nullable(Id),
  priority: StringEnum(CASE_PRIORITIES),
  status: StringEnum(CASE_STATUSES),
  ownerId: Nullable(Id),
  teamId: Nullable(Id),
  personId: Nullable(Id),
  companyId: Nullable(Id),
  relatedCaseIds: Type.Array(Id, { maxItems: 50 }),
  tags: Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 50 }),
  customFields: Type.Record(Type.String(), Type.Unknown()),
  openedAt: Type.String({ format: 'date-time', description: 'Default now; earlier for a case logged after the fact' }),
};

export const CreateCase = Type.Object(
  {
    subject: writable.subject,
    description: Type.Optional(writable.description),
    channel: writable.channel,
    caseTypeId: Type.Optional(writable.caseTypeId),
    priority: Type.Optional(writable.priority),
    status: Type.Optional(writable.status),
    ownerId: Type.Optional(writable.ownerId),
    teamId: Type.Optional(writable.teamId),
    personId: Type.Optional(writable.personId),
    companyId: Type.Optional(writable.companyId),
    relatedCaseIds: Type.Optional(writable.relatedCaseIds),
    tags: Type.Optional(writable.tags),
    customFields: Type.Optional(writable.customFields),
    openedAt: Type.Optional(writable.openedAt),
  },
  { additionalProperties: false },
);
export type CreateCase = Static<typeof CreateCase>;

export const UpdateCase = Type.Partial(CreateCase, { additionalProperties: false });
export type UpdateCase = Static<typeof UpdateCase>;

/** Fields a write may name, in API terms: used for field-level write rules. */
export const CASE_WRITABLE_FIELDS = Object.keys(writable);

export const CaseMessage = Type.Object(
  {
    id: Type.String(),
    caseId: Type.String(),
    direction: StringEnum(['in', 'out'] as const, { description: 'in: from the customer; out: to the customer' }),
    internal: Type.Boolean({ description: 'An internal note: never shown or sent to the customer' }),
    body: Type.String(),
    channel: Type.String(),
    author: Nullable(
      Type.Object({ name: Type.String(), customer: Type.Boolean({ description: 'Written by the customer' }) }),
    ),
    createdAt: Type.String(),
    messageId: Nullable(
      Type.String({
        description: 'The RFC 5322 Message-ID of a mailed reply or an inbound email (with <>); else null',
      }),
    ),
    emailFrom: Nullable(Type.String({ description: 'The sender address of an inbound email' })),
    automated: Type.Boolean({
      description: 'An automatic reply or a bounce: recorded, but it never reopens, opens or answers a case',
    }),
    attachments: Type.Array(
      Type.Object({
        id: Type.String(),
        filename: Type.String(),
        contentType: Type.String(),
        size: Type.Integer({ description: 'Bytes' }),
        stored: Type.Boolean({ description: 'false: refused (too big or a type not allowed); only listed' }),
        refusedReason: Nullable(Type.String()),
      }),
    ),
  },
  { title: 'CaseMessage' },
);
export type CaseMessage = Static<typeof CaseMessage>;

export const PostCaseMessage = Type.Object(
  {
    body: Type.String({ minLength: 1, maxLength: 20_000 }),
    direction: Type.Optional(StringEnum(['in', 'out'] as const, { description: 'Default out (a reply)' })),
    internal: Type.Optional(Type.Boolean({ description: 'Default false; an internal note is never sent' })),
  },
  { additionalProperties: false, title: 'PostCaseMessage' },
);
export type PostCaseMessage = Static<typeof PostCaseMessage>;
