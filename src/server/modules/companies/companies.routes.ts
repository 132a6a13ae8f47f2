import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  DataEnvelope,
  ExportQuery,
  errors,
  fileResponse,
  HistoryEntrySchema,
  IdParams,
  ifMatch,
  ListEnvelope,
  ListQuery,
  setEtag,
} from '../../platform/http.ts';
import { PersonView } from '../people/people.schemas.ts';
import { CompanyView, CreateCompany, UpdateCompany } from './companies.schemas.ts';
import type { CompaniesService } from './companies.service.ts';

export const companiesRoutes: FastifyPluginAsyncTypebox<{ companies: CompaniesService }> = async (
  app,
  { companies },
) => {
  app.get(
    '/companies',
    {
      config: { access: { object: 'companies', action: 'read' } },
      schema: {
        operationId: 'listCompanies',
        tags: ['companies'],
        summary: 'List companies',
        querystring: ListQuery,
        response: { 200: ListEnvelope(CompanyView), ...errors(400, 401, 403) },
      },
    },
    async (request) => companies.list(request.ctx(), request.query),
  );

  app.get(
    '/companies/export.csv',
    {
      config: { access: { object: 'companies', action: 'export' } },
      schema: {
        operationId: 'exportCompaniesCsv',
        tags: ['companies'],
        summary: 'Export matching companies as CSV (only fields you may read)',
        querystring: ExportQuery,
        response: {
          200: fileResponse('The matching companies, one CSV row each', 'text/csv'),
          ...errors(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const columns = request.query.columns
        ?.split(',')
        .map((c) => c.trim())
        .filter(Boolean);
      const { csv } = await companies.exportCsv(request.ctx(), request.query, columns);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="companies-${new Date().toISOString().slice(0, 10)}.csv"`)
        .send(csv);
    },
  );

  app.get(
    '/companies/:id',
    {
      config: { access: { object: 'companies', action: 'read' } },
      schema: {
        operationId: 'getCompany',
        summary: 'Get a company',
        tags: ['companies'],
        params: IdParams,
        response: { 200: CompanyView, ...errors(308, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const c = await companies.get(request.ctx(), request.params.id);
      setEtag(reply, c.version);
      return c;
    },
  );

  app.get(
    '/companies/:id/history',
    {
      config: { access: { object: 'companies', action: 'read' } },
      schema: {
        operationId: 'getCompanyHistory',
        tags: ['companies'],
        summary: 'Field history from the audit trail',
        params: IdParams,
        response: { 200: DataEnvelope(HistoryEntrySchema), ...errors(401, 403, 404) },
      },
    },
    async (request) => ({ data: await companies.history(request.ctx(), request.params.id) }),
  );

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

  app.post(
    '/companies',
    {
      config: { access: { object: 'companies', action: 'create' } },
      schema: {
        operationId: 'createCompany',
        summary: 'Create a company',
        tags: ['companies'],
        body: CreateCompany,
        response: { 201: CompanyView, ...errors(400, 401, 403, 422) },
      },
    },
    async (request, reply) => {
      const c = await companies.create(request.ctx(), request.body);
      setEtag(reply, c.version);
      return reply.status(201).header('location', `/api/v1/companies/${c.id}`).send(c);
    },
  );

  app.patch(
    '/companies/:id',
    {
      config: { access: { object: 'companies', action: 'update' } },
      schema: {
        operationId: 'updateCompany',
        tags: ['companies'],
        summary: 'Update; send If-Match with the ETag to avoid overwriting someone else',
        params: IdParams,
        body: UpdateCompany,
        response: { 200: CompanyView, ...errors(400, 401, 403, 404, 412, 422) },
      },
    },
    async (request, reply) => {
      const c = await companies.update(request.ctx(), request.params.id, request.body, ifMatch(request));
      setEtag(reply, c.version);
      return c;
    },
  );

  app.delete(
    '/companies/:id',
    {
      config: { access: { object: 'companies', action: 'delete' } },
      schema: {
        operationId: 'deleteCompany',
        tags: ['companies'],
        summary: 'Move to the bin (restorable)',
        params: IdParams,
        response: { 204: Type.Null(), ...errors(401, 403, 404, 412) },
      },
    },
    async (request, reply) => {
      await companies.remove(request.ctx(), request.params.id, ifMatch(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/companies/:id/restore',
    {
      config: { access: { object: 'companies', action: 'delete' } },
      schema: {
        operationId: 'restoreCompany',
        summary: 'Restore a company from the bin',
        tags: ['companies'],
        params: IdParams,
        response: { 200: CompanyView, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const c = await companies.restore(request.ctx(), request.params.id);
      setEtag(reply, c.version);
      return c;
    },
  );
};
