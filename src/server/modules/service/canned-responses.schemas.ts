import { type Static, Type } from 'typebox';
import { CANNED_PLACEHOLDERS } from '../../../shared/canned-responses.ts';

const placeholders = CANNED_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ');

export const CannedResponse = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    body: Type.String({ description: `The text, with placeholders filled in the reply box: ${placeholders}` }),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { title: 'CannedResponse' },
);
export type CannedResponse = Static<typeof CannedResponse>;

const name = Type.String({ minLength: 1, maxLength: 100 });
const body = Type.String({ minLength: 1, maxLength: 20_000, description: `May use ${placeholders}` });

export const CreateCannedResponse = Type.Object({ name, body }, { additionalProperties: false });
export type CreateCannedResponse = Static<typeof CreateCannedResponse>;
export const UpdateCannedResponse = Type.Object(
  { name: Type.Optional(name), body: Type.Optional(body) },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateCannedResponse = Static<typeof UpdateCannedResponse>;
