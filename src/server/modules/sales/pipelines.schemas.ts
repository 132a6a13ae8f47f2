import { type Static, Type } from 'typebox';
import { StringEnum } from '../../platform/schema.ts';

export const STAGE_OUTCOMES = ['open', 'won', 'lost'] as const;

/**
 * Deal fields a stage may require before a deal enters it (custom fields as `cf.<key>`). `lostReason` is always
 * required on entering a lost stage and is not listed here.
 */
export const REQUIRABLE_DEAL_FIELDS = [
  'amount',
  'expectedCloseDate',
  'companyId',
  'people',
  'source',
  'nextStep',
  'nextStepDate',
] as const;

const RequiredField = Type.String({
  pattern: '^(amount|expectedCloseDate|companyId|people|source|nextStep|nextStepDate|cf\\.[a-zA-Z][a-zA-Z0-9_]{0,39})$',
  description:
    'A deal field key (amount, expectedCloseDate, companyId, people, source, nextStep, nextStepDate) or cf.<key>',
});

export const Stage = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    position: Type.Integer(),
    probability: Type.Integer({ minimum: 0, maximum: 100, description: 'Win probability in percent' }),
    stalledAfterDays: Type.Union([Type.Integer(), Type.Null()], {
      description: 'A deal staying longer than this in the stage is stalled; null: never',
    }),
    requiredFields: Type.Array(Type.String()),
    playbook: Type.Union([Type.String(), Type.Null()], { description: 'Markdown, as written' }),
    playbookHtml: Type.Union([Type.String(), Type.Null()], { description: 'The playbook rendered to safe HTML' }),
    outcome: StringEnum(STAGE_OUTCOMES),
  },
  { title: 'PipelineStage' },
);
export type Stage = Static<typeof Stage>;

export const Pipeline = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    description: Type.Union([Type.String(), Type.Null()]),
    position: Type.Integer(),
    archived: Type.Boolean(),
    stages: Type.Array(Stage),
    version: Type.Integer(),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { title: 'Pipeline' },
);
export type Pipeline = Static<typeof Pipeline>;

export const StageInput = Type.Object(
  {
    id: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'An existing stage to keep (PATCH)' })),
    name: Type.String({ minLength: 1, maxLength: 80 }),
    probability: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 100, description: 'Default: spread evenly over the open stages' }),
    ),
    stalledAfterDays: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 3650 }), Type.Null()])),
    requiredFields: Type.Optional(Type.Array(RequiredField, { maxItems: 20 })),
    playbook: Type.Optional(Type.Union([Type.String({ maxLength: 20_000 }), Type.Null()])),
    outcome: Type.Optional(StringEnum(STAGE_OUTCOMES, { description: 'Default open' })),
  },
  { additionalProperties: false },
);
export type StageInput = Static<typeof StageInput>;

export const CreatePipeline = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 80 }),
    description: Type.Optional(Type.Union([Type.String({ maxLength: 5000 }), Type.Null()])),
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
    stages: Type.Array(StageInput, { minItems: 3, maxItems: 30 }),
  },
  { additionalProperties: false },
);
export type CreatePipeline = Static<typeof CreatePipeline>;

export const UpdatePipeline = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
    description: Type.Optional(Type.Union([Type.String({ maxLength: 5000 }), Type.Null()])),
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
    archived: Type.Optional(Type.Boolean()),
    stages: Type.Optional(
      Type.Array(StageInput, {
        minItems: 3,
        maxItems: 30,
        description:
          'The whole ordered list: stages with an id are kept and changed, without an id added, missing ones removed',
      }),
    ),
    stageMoves: Type.Optional(
      Type.Record(Type.String({ minLength: 1, maxLength: 64 }), Type.String({ minLength: 1, maxLength: 64 }), {
        description: 'For each removed stage that holds deals: the id of the kept stage its deals move to',
      }),
    ),
  },
  { additionalProperties: false },
);
export type UpdatePipeline = Static<typeof UpdatePipeline>;

export const LostReason = Type.Object(
  { id: Type.String(), label: Type.String(), position: Type.Integer(), active: Type.Boolean() },
  { title: 'LostReason' },
);
export type LostReason = Static<typeof LostReason>;

export const ReplaceLostReasons = Type.Object(
  {
    reasons: Type.Array(
      Type.Object(
        {
          id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
          label: Type.String({ minLength: 1, maxLength: 120 }),
          active: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 100 },
    ),
  },
  { additionalProperties: false },
);
export type ReplaceLostReasons = Static<typeof ReplaceLostReasons>;
