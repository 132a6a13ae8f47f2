/** The contact-facts part of the person and company schemas (read side and writable side), shared by both. */
import { type TSchema, Type } from 'typebox';
import { StringEnum } from './schema.ts';

export const VALUE_TIERS = ['A', 'B', 'C', 'D'] as const;

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Ref = Type.Object({ id: Type.String(), name: Type.String() });

export const contactFactsProps = {
  valueTier: Nullable(StringEnum(VALUE_TIERS)),
  flags: Type.Array(Type.String(), {
    description: 'Things to know before speaking: vip, credit_hold, open_complaint…',
  }),
  cadenceDays: Nullable(
    Type.Integer({ description: 'Expected contact rhythm set on this record (null: the default for its stage)' }),
  ),
  effectiveCadenceDays: Type.Integer({ description: 'The rhythm that applies' }),
  lastContact: Nullable(
    Type.Object(
      { at: Type.String(), by: Nullable(Ref), channel: Nullable(Type.String()) },
      { description: 'Last touchpoint of any kind' },
    ),
  ),
  lastTwoWayAt: Nullable(Type.String()),
  contactDueAt: Nullable(Type.String({ description: 'When a two-way contact is due; in the past means going cold' })),
};

export const contactWritableProps = {
  valueTier: Nullable(StringEnum(VALUE_TIERS)),
  flags: Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 20 }),
  cadenceDays: Nullable(Type.Integer({ minimum: 1, maximum: 3650 })),
};
