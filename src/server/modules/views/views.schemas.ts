/** Request and response schemas of saved views and the field catalogue. */
import { type Static, Type } from 'typebox';
import { FIELD_TYPES } from '../../platform/lists.ts';
import { StringEnum } from '../../platform/schema.ts';
import { recordKinds } from '../kinds.ts';

/** Every kind of record has a list, hence saved views and a field catalogue (from the registry of kinds). */
export const ListObject = StringEnum(recordKinds.names());
export type ListObject = Static<typeof ListObject>;

export const Field = Type.Object(
  {
    key: Type.String(),
    label: Type.String(),
    type: StringEnum(FIELD_TYPES),
    filterable: Type.Boolean(),
    sortable: Type.Boolean(),
    custom: Type.Boolean(),
    readOnly: Type.Boolean(),
    options: Type.Optional(Type.Array(Type.String())),
  },
  { title: 'FieldMeta' },
);
export type Field = Static<typeof Field>;

export const ViewState = Type.Object(
  {
    filters: Type.Array(Type.String({ maxLength: 600 }), { maxItems: 20 }),
    sort: Type.Union([Type.String({ maxLength: 64 }), Type.Null()]),
    columns: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 60 }),
    q: Type.Union([Type.String({ maxLength: 200 }), Type.Null()]),
  },
  { title: 'SavedViewState', additionalProperties: false },
);
export type ViewState = Static<typeof ViewState>;

export const View = Type.Object(
  {
    id: Type.String(),
    object: ListObject,
    name: Type.String(),
    shared: Type.Boolean(),
    mine: Type.Boolean(),
    state: ViewState,
  },
  { title: 'SavedView' },
);
export type View = Static<typeof View>;

export const CreateView = Type.Object(
  {
    object: ListObject,
    name: Type.String({ minLength: 1, maxLength: 60 }),
    shared: Type.Optional(Type.Boolean()),
    state: ViewState,
  },
  { additionalProperties: false },
);
export type CreateView = Static<typeof CreateView>;

export const UpdateView = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
    shared: Type.Optional(Type.Boolean()),
    state: Type.Optional(ViewState),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateView = Static<typeof UpdateView>;

export const ObjectQuery = Type.Object({ object: ListObject });
