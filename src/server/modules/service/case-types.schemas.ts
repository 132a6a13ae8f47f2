import { type Static, type TSchema, Type } from 'typebox';
import { StringEnum } from '../../platform/schema.ts';
import { CASE_PRIORITIES } from './cases.schemas.ts';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** Case fields a case type may require (custom fields as `cf.<key>`). */
export const CASE_REQUIRABLE = ['description', 'personId', 'companyId', 'ownerId'] as const;

export const CaseType = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    defaultPriority: StringEnum(CASE_PRIORITIES),
    defaultQueueId: Nullable(Type.String()),
    requiredFields: Type.Array(Type.String()),
    process: Nullable(Type.String({ description: 'Markdown: the documented steps to resolve a case of this type' })),
    processHtml: Nullable(Type.String({ description: 'The process rendered to safe HTML' })),
    position: Type.Integer(),
    archived: Type.Boolean(),
    version: Type.Integer(),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { title: 'CaseType' },
);
export type CaseType = Static<typeof CaseType>;

export const CreateCaseType = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    defaultPriority: Type.Optional(StringEnum(CASE_PRIORITIES)),
    defaultQueueId: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 64 }))),
    requiredFields: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 70 }), {
        maxItems: 20,
        description: `${CASE_REQUIRABLE.join(', ')} or cf.<custom field key>`,
      }),
    ),
    process: Type.Optional(Nullable(Type.String({ maxLength: 20_000 }))),
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
    archived: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type CreateCaseType = Static<typeof CreateCaseType>;
export const UpdateCaseType = Type.Partial(CreateCaseType, { additionalProperties: false });
export type UpdateCaseType = Static<typeof UpdateCaseType>;
