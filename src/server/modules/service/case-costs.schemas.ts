import { type Static, type TSchema, Type } from 'typebox';
import { Ref } from '../identity/index.ts';
import { CASE_CHANNELS } from './cases.schemas.ts';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Minor = (description: string) => Type.Integer({ minimum: 0, maximum: 100_000_000, description });

export const CostRates = Type.Object(
  {
    currency: Type.String({ pattern: '^[A-Za-z]{3}$', description: 'ISO 4217 code; every rate is in its minor units' }),
    agentMinuteMinor: Minor('Cost of one agent-minute logged on a case, in minor units (75 = 0.75)'),
    channels: Type.Object(
      Object.fromEntries(CASE_CHANNELS.map((c) => [c, Type.Optional(Minor(`Cost of a case that comes in by ${c}`))])),
      { additionalProperties: false, description: 'Cost per case by the channel it came in on (0 when absent)' },
    ),
  },
  { additionalProperties: false, title: 'ServiceCostRates' },
);
export type CostRates = Static<typeof CostRates>;

export const CostRatesView = Type.Object(
  {
    ...CostRates.properties,
    configured: Type.Boolean({ description: 'False until someone has set the rates (all zero until then)' }),
    version: Type.Integer(),
    updatedAt: Nullable(Type.String()),
  },
  { title: 'ServiceCostRatesView' },
);
export type CostRatesView = Static<typeof CostRatesView>;

export const LogTime = Type.Object(
  {
    minutes: Type.Integer({ minimum: 1, maximum: 1440, description: 'Minutes spent on the case (at most a day)' }),
    note: Type.Optional(Type.String({ maxLength: 500 })),
    at: Type.Optional(Type.String({ format: 'date-time', description: 'When the work was done (default now)' })),
  },
  { additionalProperties: false, title: 'LogCaseTime' },
);
export type LogTime = Static<typeof LogTime>;

export const CaseCostEntry = Type.Object(
  {
    id: Type.String(),
    kind: Type.Union([Type.Literal('channel'), Type.Literal('time')]),
    user: Nullable(Ref),
    minutes: Nullable(Type.Integer()),
    costMinor: Type.Integer(),
    currency: Type.String(),
    note: Nullable(Type.String()),
    at: Type.String(),
  },
  { title: 'CaseCostEntry' },
);
export type CaseCostEntry = Static<typeof CaseCostEntry>;

export const CaseCosts = Type.Object(
  {
    data: Type.Array(CaseCostEntry),
    minutes: Type.Integer({ description: 'Agent minutes logged' }),
    totalMinor: Type.Integer({ description: 'Channel cost plus logged time, in the rates currency' }),
    currency: Type.String(),
  },
  { title: 'CaseCosts' },
);
export type CaseCosts = Static<typeof CaseCosts>;
