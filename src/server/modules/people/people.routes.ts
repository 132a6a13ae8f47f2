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
import { CreatePerson, PersonView, UpdatePerson } from './people.schemas.ts';
import type { PeopleService } from './people.service.ts';

export const peopleRoutes: FastifyPluginAsyncTypebox<{ people: PeopleService }> = async (app, { people }) => {
  app.get(
    '/people',
    {
      config: { access: { object: 'people', action: 'read' } },
      schema: {
        operationId: 'listPeople',
        tags: ['people'],
        summary: 'List people',
        querystring: ListQuery,
        response: { 200: ListEnvelope(PersonView), ...errors(400, 401, 403) },
      },
    },
    async (request) => people.list(request.ctx(), request.query),
  );

  app.get(
    '/people/export.csv',
    {
      config: { access: { object: 'people', action: 'export' } },
      schema: {
        operationId: 'exportPeopleCsv',
        tags: ['people'],
        summary: 'Export matching people as CSV (only fields you may read)',
        querystring: ExportQuery,
        response: { 200: fileResponse('The matching people, one CSV row each', 'text/csv'), ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const columns = request.query.columns
        ?.split(',')
        .map((c) => c.trim())
        .filter(Boolean);
      const { csv } = await people.exportCsv(request.ctx(), request.query, columns);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="people-${new Date().toISOString().slice(0, 10)}.csv"`)
        .send(csv);
    },
  );

  app.get(
    '/people/:id',
    {
      config: { access: { object: 'people', action: 'read' } },
      schema: {
        operationId: 'getPerson',
        summary: 'Get a person',
        tags: ['people'],
        params: IdParams,
        response: { 200: PersonView, ...errors(308, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const p = await people.get(request.ctx(), request.params.id);
      setEtag(reply, p.version);
      return p;
    },
  );

  app.get(
    '/people/:id/history',
    {
      config: { access: { object: 'people', action: 'read' } },
      schema: {
        operationId: 'getPersonHistory',
        tags: ['people'],
        summary: 'Field history from the audit trail',
        params: IdParams,
        response: { 200: DataEnvelope(HistoryEntrySchema), ...errors(401, 403, 404) },
      },
    },
    async (request) => ({ data: await people.history(request.ctx(), request.params.id) }),
  );

  app.post(
    '/people',
    {
      config: { access: { object: 'people', action: 'create' } },
      schema: {
        operationId: 'createPerson',
        summary: 'Create a person',
        tags: ['people'],
        body: CreatePerson,
        response: { 201: PersonView, ...errors(400, 401, 403, 422) },
      },
    },
    async (request, reply) => {
      const p = await people.create(request.ctx(), request.body);
      setEtag(reply, p.version);
      return reply.status(201).header('location', `/api/v1/people/${p.id}`).send(p);
    },
  );

  app.patch(
    '/people/:id',
    {
      config: { access: { object: 'people', action: 'update' } },
      schema: {
        operationId: 'updatePerson',
        tags: ['people'],
        summary: 'Update; send If-Match with the ETag to avoid overwriting someone else',
        params: IdParams,
        body: UpdatePerson,
        response: { 200: PersonView, ...errors(400, 401, 403, 404, 412, 422) },
      },
    },
    async (request, reply) => {
      const p = await people.update(request.ctx(), request.params.id, request.body, ifMatch(request));
      setEtag(reply, p.version);
      return p;
    },
  );

  app.delete(
    '/people/:id',
    {
      config: { access: { object: 'people', action: 'delete' } },
      schema: {
        operationId: 'deletePerson',
        tags: ['people'],
        summary: 'Move to the bin (restorable)',
        params: IdParams,
        response: { 204: Type.Null(), ...errors(401, 403, 404, 412) },
      },
    },
    async (request, reply) => {
      await people.remove(request.ctx(), request.params.id, ifMatch(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/people/:id/restore',
    {
      config: { access: { object: 'people', action: 'delete' } },
      schema: {
        operationId: 'restorePerson',
        summary: 'Restore a person from the bin',
        tags: ['people'],
        params: IdParams,
        response: { 200: PersonView, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const p = await people.restore(request.ctx(), request.params.id);
      setEtag(reply, p.version);
      return p;
    },
  );
};
