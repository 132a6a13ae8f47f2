/**
 * Likely duplicates of a record before it is saved: the new-person and new-company forms ask as the user types. Only
 * records the asker may see are considered, and only values their role shows are matched on.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type TSchema, Type } from 'typebox';
import { errors } from '../../platform/http.ts';
import { CompanyView } from '../companies/index.ts';
import { PersonView } from '../people/index.ts';
import type { DuplicatesService } from './duplicates.service.ts';

const Likely = <T extends TSchema>(record: T, title: string) =>
  Type.Object(
    {
      data: Type.Array(
        Type.Object({
          id: Type.String(),
          score: Type.Number({ minimum: 0, maximum: 1, description: 'How likely the record is the same (0-1)' }),
          reasons: Type.Array(Type.String(), { description: 'e.g. "same email", "similar name 0.93"' }),
          record,
        }),
      ),
    },
    { title },
  );

const text = (max: number, description: string) => Type.Optional(Type.String({ maxLength: max, description }));

export const duplicatesRoutes: FastifyPluginAsyncTypebox<{ duplicates: DuplicatesService }> = async (
  app,
  { duplicates },
) => {
  app.get(
    '/people/duplicates-of',
    {
      config: { access: { object: 'people', action: 'read' } },
      schema: {
        tags: ['people'],
        operationId: 'findPersonDuplicates',
        summary: 'People you may see who are likely the person described (before creating or saving them), best first',
        querystring: Type.Object({
          email: text(254, 'An email address, any case'),
          phone: text(40, 'A phone number in any format'),
          firstName: text(100, 'First name'),
          lastName: text(100, 'Last name'),
          excludeId: text(64, 'The person being edited'),
        }),
        response: { 200: Likely(PersonView, 'PersonDuplicates'), ...errors(400, 401, 403) },
      },
    },
    async (request) => ({ data: await duplicates.peopleLike(request.ctx(), request.query) }),
  );

  app.get(
    '/companies/duplicates-of',
    {
      config: { access: { object: 'companies', action: 'read' } },
      schema: {
        tags: ['companies'],
        operationId: 'findCompanyDuplicates',
        summary: 'Companies you may see that are likely the company described (same domain or name), best first',
        querystring: Type.Object({
          domain: text(253, 'A domain or website address'),
          name: text(200, 'The company name'),
          excludeId: text(64, 'The company being edited'),
        }),
        response: { 200: Likely(CompanyView, 'CompanyDuplicates'), ...errors(400, 401, 403) },
      },
    },
    async (request) => ({ data: await duplicates.companiesLike(request.ctx(), request.query) }),
  );
};
