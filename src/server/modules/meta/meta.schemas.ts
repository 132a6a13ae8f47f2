import { type Static, Type } from 'typebox';
import { ACTIONS } from '../../platform/access/policy.ts';
import { FIELD_TYPES } from '../../platform/lists.ts';
import { StringEnum } from '../../platform/schema.ts';

export const ObjectField = Type.Object(
  {
    key: Type.String({ description: 'The field key lists, filters, sorts, exports and field rules use' }),
    label: Type.String(),
    type: StringEnum(FIELD_TYPES),
    filterable: Type.Boolean(),
    sortable: Type.Boolean(),
  },
  { title: 'ObjectField' },
);

export const ObjectMeta = Type.Object(
  {
    kind: Type.String({ description: 'The kind of record, e.g. people; also its URL segment under /api/v1' }),
    label: Type.String(),
    actions: Type.Array(StringEnum(ACTIONS), { description: 'What the caller may do with records of this kind' }),
    visibility: Type.Boolean({
      description: 'Whether a role sets which of its records a user sees (own, their teams’, all): kinds with an owner',
    }),
    fieldRules: Type.Boolean({ description: 'Whether a role may hide its fields or make them read-only' }),
    touchpoint: Type.Boolean({
      description: 'Activities, tasks and promises: kinds served by their own routes (/activities, /tasks, /promises)',
    }),
    fields: Type.Array(ObjectField, {
      description: "The fields the caller may read (their role's field rules applied)",
    }),
  },
  { title: 'ObjectMeta' },
);
export type ObjectMeta = Static<typeof ObjectMeta>;
