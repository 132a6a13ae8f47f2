/** Request and response schemas of customer satisfaction ratings (CSAT). */
import { type Static, type TSchema, Type } from 'typebox';
import { StringEnum } from '../../platform/schema.ts';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const CaseRating = Type.Object(
  {
    score: Type.Integer({ minimum: 1, maximum: 5, description: '1 (very dissatisfied) to 5 (very satisfied)' }),
    comment: Nullable(Type.String()),
    source: StringEnum(['email', 'portal'] as const, { description: 'The signed link in the email, or the portal' }),
    ratedAt: Type.String({ description: 'When it was first rated' }),
    updatedAt: Type.String(),
  },
  { title: 'CaseRating' },
);
export type CaseRating = Static<typeof CaseRating>;

export const RateCase = Type.Object(
  {
    score: Type.Integer({ minimum: 1, maximum: 5 }),
    comment: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  },
  { additionalProperties: false, title: 'RateCase' },
);
export type RateCase = Static<typeof RateCase>;

export const RateByLink = Type.Object(
  {
    token: Type.String({ minLength: 1, maxLength: 300, description: 'The `token` of the link in the rating email' }),
    ...RateCase.properties,
  },
  { additionalProperties: false, title: 'RateByLink' },
);

export const RatingLinkQuery = Type.Object({ token: Type.String({ minLength: 1, maxLength: 300 }) });

export const RatingLink = Type.Object(
  {
    reference: Type.String(),
    subject: Type.String(),
    workspace: Type.String(),
    expiresAt: Type.String({ description: 'Until when the link works' }),
    rating: Nullable(CaseRating),
  },
  { title: 'RatingLink' },
);
export type RatingLink = Static<typeof RatingLink>;
