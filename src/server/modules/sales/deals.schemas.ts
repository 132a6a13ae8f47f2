import { type Static, type TSchema, Type } from 'typebox';
import { MinorUnits, StringEnum } from '../../platform/schema.ts';
import { Ref } from '../identity/index.ts';

export const DEAL_ROLES = ['decision_maker', 'champion', 'influencer', 'user', 'blocker'] as const;
export type DealRole = (typeof DEAL_ROLES)[number];

export const DEAL_SOURCES = [
  'web_form',
  'referral',
  'campaign',
  'import',
  'outbound',
  'partner',
  'event',
  'other',
] as const;

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const DateOnly = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });

export const Money = Type.Object(
  {
    amountMinor: MinorUnits(),
    currency: Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code, e.g. EUR' }),
  },
  { additionalProperties: false, title: 'Money' },
);
export type Money = Static<typeof Money>;

export const StageRef = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    probability: Type.Integer(),
    outcome: StringEnum(['open', 'won', 'lost'] as const),
  },
  { title: 'StageRef' },
);

export const DealPerson = Type.Object(
  { personId: Type.String(), name: Nullable(Type.String()), role: StringEnum(DEAL_ROLES) },
  { title: 'DealPerson' },
);

export const Deal = Type.Object({
  id: Type.String(),
  name: Type.String(),
  pipelineId: Type.String(),
  pipeline: Nullable(Ref),
  stageId: Type.String(),
  stage: Nullable(StageRef),
  amount: Nullable(Money),
  weightedAmount: Nullable(Money),
  expectedCloseDate: Nullable(Type.String()),
  companyId: Nullable(Type.String()),
  company: Nullable(Ref),
  people: Type.Array(DealPerson),
  ownerId: Nullable(Type.String()),
  owner: Nullable(Ref),
  teamId: Nullable(Type.String()),
  team: Nullable(Ref),
  source: Nullable(Type.String()),
  nextStep: Nullable(Type.String()),
  nextStepDate: Nullable(Type.String()),
  commit: Type.Boolean({ description: 'Its owner commits it to the forecast' }),
  lostReasonId: Nullable(Type.String()),
  lostReason: Nullable(Type.Object({ id: Type.String(), label: Type.String() })),
  lostNote: Nullable(Type.String()),
  closedAt: Nullable(Type.String({ description: 'When it entered a won or lost stage' })),
  stageEnteredAt: Type.String(),
  daysInStage: Type.Number(),
  stalled: Type.Boolean({ description: "Longer in its stage than the stage's stalled-after days" }),
  tags: Type.Array(Type.String()),
  customFields: Type.Record(Type.String(), Type.Unknown()),
  version: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  deletedAt: Nullable(Type.String()),
  warnings: Type.Optional(
    Type.Array(Type.String(), {
      description: 'Said about the write just made (e.g. the company is on credit hold); only on the write response',
    }),
  ),
});
export type Deal = Static<typeof Deal>;

/** What responses carry: a Deal without the fields the reader's role hides. */
export const DealView = Type.Partial(Deal, { title: 'Deal' });

const writable = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  pipelineId: Type.String({ minLength: 1, maxLength: 64 }),
  stageId: Type.String({ minLength: 1, maxLength: 64 }),
  amount: Nullable(Money),
  expectedCloseDate: Nullable(DateOnly),
  companyId: Nullable(Type.String({ minLength: 1, maxLength: 64 })),
  people: Type.Array(
    Type.Object(
      { personId: Type.String({ minLength: 1, maxLength: 64 }), role: StringEnum(DEAL_ROLES) },
      { additionalProperties: false },
    ),
    { maxItems: 50 },
  ),
  ownerId: Nullable(Type.String({ minLength: 1, maxLength: 64 })),
  teamId: Nullable(Type.String({ minLength: 1, maxLength: 64 })),
  source: Nullable(Type.String({ minLength: 1, maxLength: 50, description: `e.g. ${DEAL_SOURCES.join(', ')}` })),
  nextStep: Nullable(Type.String({ maxLength: 500 })),
  nextStepDate: Nullable(DateOnly),
  commit: Type.Boolean(),
  lostReasonId: Nullable(Type.String({ minLength: 1, maxLength: 64 })),
  lostNote: Nullable(Type.String({ maxLength: 2000 })),
  tags: Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 50 }),
  customFields: Type.Record(Type.String(), Type.Unknown()),
};

export const CreateDeal = Type.Object(
  {
    name: writable.name,
    pipelineId: writable.pipelineId,
    stageId: Type.Optional(writable.stageId),
    amount: Type.Optional(writable.amount),
    expectedCloseDate: Type.Optional(writable.expectedCloseDate),
    companyId: Type.Optional(writable.companyId),
    people: Type.Optional(writable.people),
    ownerId: Type.Optional(writable.ownerId),
    teamId: Type.Optional(writable.teamId),
    source: Type.Optional(writable.source),
    nextStep: Type.Optional(writable.nextStep),
    nextStepDate: Type.Optional(writable.nextStepDate),
    commit: Type.Optional(writable.commit),
    lostReasonId: Type.Optional(writable.lostReasonId),
    lostNote: Type.Optional(writable.lostNote),
    tags: Type.Optional(writable.tags),
    customFields: Type.Optional(writable.customFields),
  },
  { additionalProperties: false },
);
export type CreateDeal = Static<typeof CreateDeal>;

export const UpdateDeal = Type.Partial(CreateDeal, { additionalProperties: false });
export type UpdateDeal = Static<typeof UpdateDeal>;

/** Fields a write may name, in API terms: used for field-level write rules. */
export const DEAL_WRITABLE_FIELDS = Object.keys(writable);

export const StageChange = Type.Object(
  {
    id: Type.String(),
    fromStage: Nullable(Ref),
    toStage: Ref,
    changedAt: Type.String(),
    changedBy: Nullable(Ref),
    daysInStage: Nullable(Type.Number({ description: 'Days the deal spent in the stage it left' })),
  },
  { title: 'DealStageChange' },
);
export type StageChange = Static<typeof StageChange>;

export const BoardColumn = Type.Object(
  {
    stageId: Type.String(),
    name: Type.String(),
    probability: Type.Integer(),
    outcome: StringEnum(['open', 'won', 'lost'] as const),
    stalledAfterDays: Nullable(Type.Integer()),
    count: Type.Integer({ description: 'Deals in the stage you may see' }),
    amount: Money,
    weightedAmount: Money,
    otherCurrencyCount: Type.Integer({
      description: "Deals in another currency than the workspace's, not in the sums",
    }),
    deals: Type.Array(DealView),
  },
  { title: 'BoardColumn' },
);

export const Board = Type.Object(
  { pipelineId: Type.String(), currency: Type.String(), columns: Type.Array(BoardColumn) },
  { title: 'Board' },
);
export type Board = Static<typeof Board>;

export const ForecastRow = Type.Object(
  {
    key: Nullable(Type.String()),
    label: Type.String(),
    weighted: Money,
    bestCase: Money,
    commit: Money,
    closedWon: Money,
    quota: Nullable(Money),
    dealCount: Type.Integer(),
  },
  { title: 'ForecastRow' },
);
export type ForecastRow = Static<typeof ForecastRow>;

export const Forecast = Type.Object(
  {
    period: Type.String(),
    from: Type.String(),
    to: Type.String(),
    by: StringEnum(['owner', 'team'] as const),
    currency: Type.String(),
    rows: Type.Array(ForecastRow),
    total: ForecastRow,
  },
  { title: 'Forecast' },
);
export type Forecast = Static<typeof Forecast>;
