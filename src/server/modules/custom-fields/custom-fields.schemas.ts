import { type Static, Type } from 'typebox';
import { StringEnum } from '../../platform/schema.ts';
import { recordKinds } from '../kinds.ts';

/** The kinds of record admins may add fields to (from the registry of kinds). */
export const CUSTOM_FIELD_OBJECTS = recordKinds.kinds.filter((k) => k.customFields).map((k) => k.name);
export const CUSTOM_FIELD_TYPES = [
  'text',
  'longText',
  'number',
  'currency',
  'date',
  'boolean',
  'select',
  'multiSelect',
  'url',
  'email',
  'phone',
] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];

export const CustomFieldObject = StringEnum(CUSTOM_FIELD_OBJECTS);

export const CustomFieldDef = Type.Object(
  {
    id: Type.String(),
    object: CustomFieldObject,
    key: Type.String(),
    label: Type.String(),
    type: StringEnum(CUSTOM_FIELD_TYPES),
    options: Type.Array(Type.String()),
    required: Type.Boolean(),
    helpText: Type.Union([Type.String(), Type.Null()]),
    position: Type.Integer(),
    version: Type.Integer(),
  },
  { title: 'CustomFieldDef' },
);
export type CustomFieldDef = Static<typeof CustomFieldDef>;

export const CreateCustomField = Type.Object(
  {
    object: CustomFieldObject,
    key: Type.String({ pattern: '^[a-zA-Z][a-zA-Z0-9_]{0,39}$', description: 'camelCase key used in the API' }),
    label: Type.String({ minLength: 1, maxLength: 80 }),
    type: StringEnum(CUSTOM_FIELD_TYPES),
    options: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 80 }), { maxItems: 200 })),
    required: Type.Optional(Type.Boolean()),
    helpText: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  },
  { additionalProperties: false },
);
export type CreateCustomField = Static<typeof CreateCustomField>;

export const UpdateCustomField = Type.Object(
  {
    label: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
    options: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 80 }), { maxItems: 200 })),
    required: Type.Optional(Type.Boolean()),
    helpText: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  },
  { additionalProperties: false },
);
export type UpdateCustomField = Static<typeof UpdateCustomField>;
