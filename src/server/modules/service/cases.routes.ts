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
import { StringEnum } from '../../platform/schema.ts';
import { CaseView, CreateCase, UpdateCase } from './cases.schemas.ts';
import type { CasesService } from './cases.service.ts';

const rule = (action: 'read' | 'create' | 'update' | 'delete' | 'export') =>
  ({ access: { object: 'cases', action }, module: 'service' }) as const;

/** Queue work on many cases at once: assign, move to a queue, change status or priority, all or none. */
const BulkUpdateCases = Type.Object(
  {
    ids: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 200, uniqueItems: true }),
    set: Type.Object(
      {
        status: Type.Optional(UpdateCase.properties.status),
        priority: Type.Optional(UpdateCase.properties.priority),
        ownerId: Type.Optional(UpdateCase.properties.ownerId),
        teamId: Type.Optional(UpdateCase.properties.teamId),
      },
      { additionalProperties: false, minProperties: 1 },
    ),
  },
  { additionalProperties: false, title: 'BulkUpdateCases' },
);

const CaseListQuery = Type.Object({
  ...ListQuery.properties,
  sort: Type.Optional(
    Type.String({
      maxLength: 64,
      description: 'Field key, prefixed with - for descending; slaDue puts the nearest due time first',
    }),
  ),
  queue: Type.Optional(
    StringEnum(['mine', 'team', 'unassigned', 'all'] as const, {
      description: "mine: assigned to you; team: in your teams' queues; unassigned: in no one's hands",
    }),
  ),
});

export const casesRoutes: FastifyPluginAsyncTypebox<{ cases: CasesService }> = async (app, { cases }) => {
  app.get(
    '/cases',
    {
      config: rule('read'),
      schema: {
        operationId: 'listCases',
        tags: ['service'],
        summary: 'List cases (queue views: mine, team, unassigned; sort=slaDue for the nearest due time first)',
        querystring: CaseListQuery,
        response: { 200: ListEnvelope(CaseView), ...errors(400, 401, 403) },
      },
    },
    async (request) => cases.list(request.ctx(), request.query),
  );

  app.get(
    '/cases/breaches',
    {
      config: rule('read'),
      schema: {
        operationId: 'listCaseBreaches',
        tags: ['service'],
        summary: 'Open cases past a first-response or resolution due time, the most late first',
        querystring: ListQuery,
        response: { 200: ListEnvelope(CaseView), ...errors(400, 401, 403) },
      },
    },
    async (request) => cases.breaches(request.ctx(), request.query),
  );

  app.get(
    '/cases/export.csv',
    {
      config: rule('export'),
      schema: {
        operationId: 'exportCasesCsv',
        tags: ['service'],
        summary: 'Export matching cases as CSV (only fields you may read)',
        querystring: ExportQuery,
        response: { 200: fileResponse('The matching cases, one CSV row each', 'text/csv'), ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const columns = request.query.columns
        ?.split(',')
        .map((c) => c.trim())
        .filter(Boolean);
      const { csv } = await cases.exportCsv(request.ctx(), request.query, columns);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="cases-${new Date().toISOString().slice(0, 10)}.csv"`)
        .send(csv);
    },
  );

  app.get(
    '/cases/:id',
    {
      config: rule('read'),
      schema: {
        operationId: 'getCase',
        tags: ['service'],
        summary: 'Get a case, with its SLA due times and its type’s process',
        params: IdParams,
        response: { 200: CaseView, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const c = await cases.get(request.ctx(), request.params.id);
      setEtag(reply, c.version);
      return c;
    },
  );

  app.get(
    '/cases/:id/history',
    {
      config: rule('read'),
      schema: {
        operationId: 'getCaseHistory',
        tags: ['service'],
        summary: 'Field history of a case from the audit trail',
        params: IdParams,
        response: { 200: DataEnvelope(HistoryEntrySchema), ...errors(401, 403, 404) },
      },
    },
    async (request) => ({ data: await cases.history(request.ctx(), request.params.id) }),
  );

  app.post(
    '/cases',
    {
      config: rule('create'),
      schema: {
        operationId: 'createCase',
        tags: ['service'],
        summary: 'Open a case (numbered C-1001, …; its type gives the default priority and queue)',
        body: CreateCase,
        response: { 201: CaseView, ...errors(400, 401, 403, 422) },
      },
    },
    async (request, reply) => {
      const c = await cases.create(request.ctx(), request.body);
      setEtag(reply, c.version);
      return reply.status(201).header('location', `/api/v1/cases/${c.id}`).send(c);
    },
  );

  app.patch(
    '/cases/:id',
    {
      config: rule('update'),
      schema: {
        operationId: 'updateCase',
        tags: ['service'],
        summary: 'Update a case or change its status (reopen: resolved or closed → open)',
        params: IdParams,
        body: UpdateCase,
        response: { 200: CaseView, ...errors(400, 401, 403, 404, 412, 422) },
      },
    },
    async (request, reply) => {
      const c = await cases.update(request.ctx(), request.params.id, request.body, ifMatch(request));
      setEtag(reply, c.version);
      return c;
    },
  );

  app.post(
    '/cases/bulk-update',
    {
      config: rule('update'),
      schema: {
        operationId: 'bulkUpdateCases',
        tags: ['service'],
        summary:
          'Assign, queue, change the status or priority of several cases in one transaction: all change, or none does and the problem names each case refused (/ids/<index>)',
        body: BulkUpdateCases,
        response: { 200: Type.Object({ updated: Type.Integer() }), ...errors(400, 401, 403, 422) },
      },
    },
    async (request) => ({ updated: await cases.bulkUpdate(request.ctx(), request.body.ids, request.body.set) }),
  );

  app.delete(
    '/cases/:id',
    {
      config: rule('delete'),
      schema: {
        operationId: 'deleteCase',
        tags: ['service'],
        summary: 'Move a case to the bin (restorable)',
        params: IdParams,
        response: { 204: Type.Null(), ...errors(401, 403, 404, 412) },
      },
    },
    async (request, reply) => {
      await cases.remove(request.ctx(), request.params.id, ifMatch(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/cases/:id/restore',
    {
      config: rule('delete'),
      schema: {
        operationId: 'restoreCase',
        tags: ['service'],
        summary: 'Restore a case from the bin',
        params: IdParams,
        response: { 200: CaseView, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const c = await cases.restore(request.ctx(), request.params.id);
      setEtag(reply, c.version);
      return c;
    },
  );
};
