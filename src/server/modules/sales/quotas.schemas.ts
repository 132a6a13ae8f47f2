import { type Static, Type } from 'typebox';
import { StringEnum } from '../../platform/schema.ts';
import { Money } from './deals.schemas.ts';

const Period = Type.String({
  pattern: '^\\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$',
  description: 'A year (2027), a quarter (2027-Q1) or a month (2027-03)',
});

export const Quota = Type.Object(
  {
    id: Type.String(),
    subjectKind: StringEnum(['user', 'team'] as const),
    subjectId: Type.String(),
    subjectName: Type.Union([Type.String(), Type.Null()]),
    period: Type.String(),
    amount: Type.Union([Money, Type.Null()]),
    dealCount: Type.Union([Type.Integer(), Type.Null()]),
    updatedAt: Type.String(),
  },
  { title: 'Quota' },
);
export type Quota = Static<typeof Quota>;

export const SetQuotas = Type.Object(
  {
    quotas: Type.Array(
      Type.Object(
        {
          subjectKind: StringEnum(['user', 'team'] as const),
          subjectId: Type.String({ minLength: 1, maxLength: 64 }),
          period: Period,
          amount: Type.Optional(Type.Union([Money, Type.Null()])),
          dealCount: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 1_000_000 }), Type.Null()])),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 500 },
    ),
  },
  { additionalProperties: false },
);
export type SetQuotas = Static<typeof SetQuotas>;

export const QuotaQuery = Type.Object(
  {
    period: Type.Optional(Period),
    subjectKind: Type.Optional(StringEnum(['user', 'team'] as const)),
    subjectId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false },
);
export type QuotaQuery = Static<typeof QuotaQuery>;

export const QuotaProgress = Type.Object(
  {
    period: Type.String(),
    from: Type.String(),
    to: Type.String(),
    quota: Type.Union([Money, Type.Null()]),
    dealCountTarget: Type.Union([Type.Integer(), Type.Null()]),
    closedWon: Money,
    wonCount: Type.Integer(),
    weighted: Money,
    percent: Type.Union([Type.Number(), Type.Null()], {
      description: 'Closed won as a share of the quota, in percent',
    }),
  },
  { title: 'QuotaProgress' },
);
export type QuotaProgress = Static<typeof QuotaProgress>;
