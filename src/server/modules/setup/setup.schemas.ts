/** Request and response schemas of the five-question set-up. */
import { type Static, type TSchema, Type } from 'typebox';
import { StringEnum } from '../../platform/schema.ts';
import { ObjectiveTarget } from '../objectives/index.ts';
import { BUSINESS_KINDS } from './setup.starters.ts';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const MetricId = Type.String({ minLength: 1, maxLength: 100 });

const Modules = Type.Object(
  {
    sales: Type.Boolean(),
    marketing: Type.Boolean(),
    service: Type.Boolean(),
    portal: Type.Boolean(),
    accounts: Type.Boolean(),
  },
  { additionalProperties: false },
);

export const StarterSummary = Type.Object(
  {
    key: StringEnum(BUSINESS_KINDS),
    label: Type.String(),
    description: Type.String(),
    modules: Modules,
    pipeline: Type.Object({ name: Type.String(), stages: Type.Array(Type.String()) }),
    caseTypes: Type.Array(Type.String()),
    fields: Type.Array(
      Type.Object({ object: Type.String(), key: Type.String(), label: Type.String(), type: Type.String() }),
      { description: 'Custom fields the starter adds (deals with sales on, cases with service on)' },
    ),
    slaPolicies: Type.Array(
      Type.Object({
        name: Type.String(),
        priority: Type.String(),
        firstResponseMinutes: Type.Integer(),
        resolutionMinutes: Type.Integer(),
      }),
    ),
    objectives: Type.Array(
      Type.Object({ name: Type.String(), problem: Type.String(), metricId: Type.String(), target: ObjectiveTarget }),
    ),
    watchedMetrics: Type.Array(Type.String()),
  },
  { title: 'SetupStarter' },
);

export const SetupStatus = Type.Object(
  {
    completed: Type.Boolean({ description: 'The set-up was run at least once' }),
    completedAt: Nullable(Type.String()),
    businessKind: Nullable(StringEnum(BUSINESS_KINDS)),
    watchedMetrics: Type.Array(Type.String(), {
      description: 'The metrics the business said tell it whether the CRM works',
    }),
    data: Type.Object(
      {
        people: Type.Integer(),
        companies: Type.Integer(),
        peopleWithEmail: Type.Integer(),
        peopleWithPhone: Type.Integer(),
        peopleWithOwner: Type.Integer(),
      },
      { description: 'How good the customer data is today (question 1)' },
    ),
    has: Type.Object(
      {
        pipelines: Type.Integer(),
        caseTypes: Type.Integer(),
        slaPolicies: Type.Integer(),
        objectives: Type.Integer(),
        products: Type.Integer(),
      },
      { description: 'What is configured already (a starter adds to it, never replaces it)' },
    ),
    starters: Type.Array(StarterSummary),
  },
  { title: 'SetupStatus' },
);
export type SetupStatus = Static<typeof SetupStatus>;

export const SetupObjective = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    problem: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    metricId: MetricId,
    target: ObjectiveTarget,
    baselineDays: Type.Optional(
      Type.Integer({
        minimum: 7,
        maximum: 730,
        description: 'The baseline: this many days up to yesterday (default 90)',
      }),
    ),
    endDate: Type.String({ maxLength: 10, description: 'The day the target is to be reached (YYYY-MM-DD)' }),
    ownerId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Default: you' })),
  },
  { additionalProperties: false },
);

export const ApplySetup = Type.Object(
  {
    businessKind: StringEnum(BUSINESS_KINDS, {
      description: 'The kind of business: chooses the starter configuration',
    }),
    applyStarter: Type.Optional(
      Type.Boolean({
        description:
          "Add the starter's pipeline (sales on), case types and SLA policies (service on), skipping any whose name exists. Default true",
      }),
    ),
    modules: Type.Optional(Type.Partial(Modules, { additionalProperties: false })),
    objectives: Type.Optional(Type.Array(SetupObjective, { maxItems: 10 })),
    watchedMetrics: Type.Optional(Type.Array(MetricId, { maxItems: 12 })),
  },
  { additionalProperties: false, title: 'ApplySetup' },
);
export type ApplySetup = Static<typeof ApplySetup>;

export const SetupApplied = Type.Object(
  {
    status: SetupStatus,
    created: Type.Object({
      pipelines: Type.Array(Type.String()),
      caseTypes: Type.Array(Type.String()),
      slaPolicies: Type.Array(Type.String()),
      customFields: Type.Array(Type.String({ description: 'Ids of the custom fields created' })),
      objectives: Type.Array(Type.String({ description: 'Ids of the objectives created' })),
    }),
  },
  { title: 'SetupApplied' },
);
export type SetupApplied = Static<typeof SetupApplied>;
