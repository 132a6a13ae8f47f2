import { type Static, Type } from 'typebox';
import { StringEnum } from '../../platform/schema.ts';
import { recordKinds } from '../kinds.ts';

/** Every kind of record exports (from the registry of kinds). */
export const EXPORT_KINDS = recordKinds.names();
export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;

export const CreateExport = Type.Object(
  {
    kind: StringEnum(EXPORT_KINDS, { description: 'Which list to export' }),
    format: StringEnum(EXPORT_FORMATS, { description: 'csv (UTF-8) or xlsx (one sheet)' }),
    filter: Type.Optional(
      Type.Union([Type.String({ maxLength: 600 }), Type.Array(Type.String({ maxLength: 600 }), { maxItems: 20 })], {
        description: 'The list filters, as on the list endpoint: field:op:value, repeatable',
      }),
    ),
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Quick search, as on the list endpoint' })),
    columns: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
        maxItems: 200,
        description: 'Column keys (the list export columns); default: every column you may read',
      }),
    ),
  },
  { additionalProperties: false },
);
export type CreateExport = Static<typeof CreateExport>;
