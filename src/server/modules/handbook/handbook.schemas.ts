/** Request and response schemas of the process handbook. */
import { type Static, type TSchema, Type } from 'typebox';
import { StringEnum } from '../../platform/schema.ts';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const PROCESS_KINDS = ['pipeline', 'case_type', 'sla_policy', 'lead_form', 'cadence'] as const;
export type ProcessKind = (typeof PROCESS_KINDS)[number];

const UserRef = Type.Object({ id: Type.String(), name: Type.String() });

export const HandbookSection = Type.Object(
  {
    title: Type.String({ description: 'A stage, the resolution steps, a rule…' }),
    facts: Type.Array(Type.String(), { description: 'Short settings in words ("Win probability 40%")' }),
    html: Nullable(Type.String({ description: 'Its documentation (playbook, steps) rendered to safe HTML' })),
  },
  { title: 'HandbookSection' },
);

export const HandbookChange = Type.Object(
  {
    at: Type.String({ format: 'date-time' }),
    action: Type.String({ description: 'create, update, delete, review, owner…' }),
    actor: Nullable(UserRef),
    fields: Type.Array(Type.String(), { description: 'What changed (field names), not the values' }),
  },
  { title: 'HandbookChange' },
);

export const HandbookEntry = Type.Object(
  {
    kind: StringEnum(PROCESS_KINDS),
    id: Type.String(),
    kindLabel: Type.String({ description: '"Pipeline", "Case type"…' }),
    name: Type.String(),
    description: Nullable(Type.String()),
    sections: Type.Array(HandbookSection),
    owner: Nullable(UserRef),
    lastReviewedAt: Nullable(Type.String({ format: 'date-time' })),
    lastReviewedBy: Nullable(UserRef),
    updatedAt: Nullable(Type.String({ format: 'date-time', description: 'Last change from the audit trail' })),
    history: Type.Array(HandbookChange, { description: 'Newest first, the last 20' }),
    editPath: Type.String({ description: 'Where in the app it is edited' }),
    canReview: Type.Boolean({ description: 'Whether the caller may mark it reviewed' }),
  },
  { title: 'HandbookEntry' },
);
export type HandbookEntry = Static<typeof HandbookEntry>;

export const HandbookList = Type.Object({
  data: Type.Array(HandbookEntry),
  canAssignOwners: Type.Boolean({ description: 'Whether the caller may choose owners' }),
});
export type HandbookList = Static<typeof HandbookList>;

export const HandbookQuery = Type.Object(
  {
    q: Type.Optional(
      Type.String({
        maxLength: 200,
        description: 'Words that must all appear in the entry (name, kind, description, sections), any case',
      }),
    ),
  },
  { additionalProperties: false },
);
export type HandbookQuery = Static<typeof HandbookQuery>;

export const HandbookParams = Type.Object({
  kind: StringEnum(PROCESS_KINDS),
  id: Type.String({ minLength: 1, maxLength: 64 }),
});

export const SetOwner = Type.Object(
  { ownerId: Nullable(Type.String({ minLength: 1, maxLength: 64, description: 'An active user; null: no owner' })) },
  { additionalProperties: false },
);
export type SetOwner = Static<typeof SetOwner>;
