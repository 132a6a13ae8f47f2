import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errors, IdParams, ListEnvelope, ListQuery } from '../../platform/http.ts';
import { recordRoutes } from '../../platform/records/routes.ts';
import { PersonView } from '../people/people.schemas.ts';
import { CompanyView, CreateCompany, UpdateCompany } from './companies.schemas.ts';
import type { CompaniesService } from './companies.service.ts';

export const companiesRoutes: FastifyPluginAsyncTypebox<{ companies: CompaniesService }> = async (
  app,
  { companies },
) => {
  recordRoutes(app, {
    path: 'companies',
    object: 'companies',
    tag: 'companies',
    names: { one: 'Company', many: 'Companies' },
    view: CompanyView,
    create: CreateCompany,
    update: UpdateCompany,
    service: companies,
    mergeable: true,
    summaries: {
      list: 'List companies',
      export: 'Export matching companies as CSV (only fields you may read)',
      get: 'Get a company',
      history: 'Field history from the audit trail',
      create: 'Create a company',
      update: 'Update; send If-Match with the ETag to avoid overwriting someone else',
      delete: 'Move to the bin (restorable)',
      restore: 'Restore a company from the bin',
    },
  });

  app.get(
    '/companies/:id/people',
    {
      // Reading the company is the route's rule; the people list then applies people's own permission and visibility.
      config: { access: { object: 'companies', action: 'read' } },
      schema: {
        operationId: 'listCompanyPeople',
        tags: ['companies'],
        summary: 'People at this company (the people list, narrowed to it)',
        params: IdParams,
        querystring: ListQuery,
        response: { 200: ListEnvelope(PersonView), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => companies.listPeople(request.ctx(), request.params.id, request.query),
  );
};
