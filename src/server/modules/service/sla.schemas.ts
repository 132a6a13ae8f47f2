import { type Static, type TSchema, Type } from 'typebox';
import { StringEnum } from '../../platform/schema.ts';
import { CASE_PRIORITIES } from './cases.schemas.ts';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Minutes = (description: string) => Type.Integer({ minimum: 1, maximum: 525_600, description });

export const SlaPolicy = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    priority: Nullable(StringEnum(CASE_PRIORITIES, { description: 'Null: any priority' })),
    caseTypeId: Nullable(Type.String({ description: 'Null: any case type' })),
    firstResponseMinutes: Type.Integer({ description: 'Business minutes' }),
    resolutionMinutes: Type.Integer({ description: 'Business minutes' }),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { title: 'SlaPolicy' },
);
export type SlaPolicy = Static<typeof SlaPolicy>;

export const CreateSlaPolicy = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    priority: Type.Optional(Nullable(StringEnum(CASE_PRIORITIES))),
    caseTypeId: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 64 }))),
    firstResponseMinutes: Minutes('Business minutes to the first response'),
    resolutionMinutes: Minutes('Business minutes to resolution'),
  },
  { additionalProperties: false },
);
export type CreateSlaPolicy = Static<typeof CreateSlaPolicy>;
export const UpdateSlaPolicy = Type.Partial(CreateSlaPolicy, { additionalProperties: false });
export type UpdateSlaPolicy = Static<typeof UpdateSlaPolicy>;

export const Holidays = Type.Object(
  {
    holidays: Type.Array(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' }), {
      maxItems: 1000,
    }),
  },
  { additionalProperties: false, title: 'Holidays' },
);
export type Holidays = Static<typeof Holidays>;
