/** Request and response schemas of objectives: a metric, its baseline, a target, progress, projection and check-ins. */
import { type Static, type TSchema, Type } from 'typebox';
import { StringEnum } from '../../platform/schema.ts';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Day = (description: string) => Type.String({ maxLength: 10, description: `${description} (YYYY-MM-DD)` });

export const OBJECTIVE_STATUSES = ['on_track', 'at_risk', 'off_track'] as const;
/** The weeks of the metric's weekly series the projection's straight line is fitted to. */
export const PROJECTION_WEEKS = 6;

export const ObjectiveFilter = Type.Object(
  {
    teamId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Count only this team' })),
    userId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Count only this user' })),
  },
  { additionalProperties: false },
);

export const Target = Type.Union(
  [
    Type.Object(
      {
        relativeChange: Type.Number({ minimum: -1, maximum: 100, description: 'e.g. -0.4 for −40% from the baseline' }),
      },
      { additionalProperties: false },
    ),
    Type.Object(
      { value: Type.Number({ description: 'An absolute value on the metric’s scale' }) },
      { additionalProperties: false },
    ),
  ],
  { description: 'A change relative to the baseline, or an absolute value' },
);

export const KeyResultInput = Type.Object(
  {
    metricId: Type.String({ minLength: 1, maxLength: 100 }),
    filter: Type.Optional(ObjectiveFilter),
    target: Target,
    weight: Type.Optional(
      Type.Number({
        exclusiveMinimum: 0,
        maximum: 100,
        description: 'Its share of the objective’s progress (default 1)',
      }),
    ),
  },
  { additionalProperties: false, title: 'KeyResultInput' },
);
export type KeyResultInput = Static<typeof KeyResultInput>;
const KeyResults = Type.Array(KeyResultInput, {
  maxItems: 10,
  description: 'Several metrics under one objective, each with its target and weight, over the same periods',
});

export const CreateObjective = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    problem: Type.Optional(
      Nullable(Type.String({ maxLength: 2000, description: 'The business problem it addresses' })),
    ),
    metricId: Type.String({ minLength: 1, maxLength: 100 }),
    filter: Type.Optional(ObjectiveFilter),
    baselineFrom: Day('First day of the baseline period'),
    baselineTo: Day('Last day of the baseline period'),
    target: Target,
    startDate: Day('First day of the objective'),
    endDate: Day('The day the target is to be reached'),
    ownerId: Type.String({ minLength: 1, maxLength: 64 }),
    keyResults: Type.Optional(KeyResults),
  },
  { additionalProperties: false },
);
export type CreateObjective = Static<typeof CreateObjective>;

export const UpdateObjective = Type.Partial(
  Type.Object(
    {
      name: Type.String({ minLength: 1, maxLength: 200 }),
      problem: Nullable(Type.String({ maxLength: 2000 })),
      target: Target,
      startDate: Day('First day of the objective'),
      endDate: Day('The day the target is to be reached'),
      ownerId: Type.String({ minLength: 1, maxLength: 64 }),
      keyResults: KeyResults,
    },
    { additionalProperties: false },
  ),
  { additionalProperties: false },
);
export type UpdateObjective = Static<typeof UpdateObjective>;

export const CheckIn = Type.Object({
  id: Type.String(),
  at: Type.String(),
  authorId: Nullable(Type.String()),
  comment: Type.String(),
  value: Nullable(Type.Number({ description: 'The objective’s current value when the check-in was written' })),
});
export type CheckIn = Static<typeof CheckIn>;

export const CreateCheckIn = Type.Object(
  { comment: Type.String({ minLength: 1, maxLength: 4000 }) },
  { additionalProperties: false },
);
export type CreateCheckIn = Static<typeof CreateCheckIn>;

export const KeyResult = Type.Object(
  {
    id: Type.String(),
    metricId: Type.String(),
    filter: ObjectiveFilter,
    weight: Type.Number(),
    baseline: Nullable(Type.Number()),
    targetInput: Target,
    target: Nullable(Type.Number()),
    current: Nullable(Type.Number()),
    projection: Nullable(Type.Number()),
    progress: Nullable(
      Type.Number({ description: 'Share of the way from baseline to target covered now (0 to 1); null without both' }),
    ),
    status: StringEnum(OBJECTIVE_STATUSES),
  },
  { title: 'KeyResult' },
);
export type KeyResult = Static<typeof KeyResult>;

export const Objective = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    problem: Nullable(Type.String()),
    metricId: Type.String(),
    filter: ObjectiveFilter,
    baselineFrom: Type.String(),
    baselineTo: Type.String(),
    baseline: Nullable(Type.Number({ description: 'The metric over the baseline period, captured at creation' })),
    targetInput: Target,
    target: Nullable(Type.Number({ description: 'The target as an absolute value' })),
    startDate: Type.String(),
    endDate: Type.String(),
    ownerId: Type.String(),
    current: Nullable(Type.Number({ description: 'The metric over the last four weeks up to today' })),
    projection: Nullable(
      Type.Number({
        description: `Where the metric will be on the end date: a straight line fitted to its last ${PROJECTION_WEEKS} complete weeks`,
      }),
    ),
    status: StringEnum(OBJECTIVE_STATUSES),
    progress: Nullable(
      Type.Number({
        description:
          'Share of the way from baseline to target covered now (0 to 1): the weighted mean of the key results when there are any, else the objective’s own metric',
      }),
    ),
    keyResults: Type.Array(KeyResult),
    checkIns: Type.Array(CheckIn),
    version: Type.Integer(),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { $id: 'Objective' },
);
export type Objective = Static<typeof Objective>;
