import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errors, ListEnvelope, ListQuery } from '../../platform/http.ts';
import { recordRoutes } from '../../platform/records/routes.ts';
import { StringEnum } from '../../platform/schema.ts';
import { CaseView, CreateCase, UpdateCase } from './cases.schemas.ts';
import { CASE_QUEUES, type CasesService } from './cases.service.ts';
import { SLA_WARNING_MINUTES } from './sla-warnings.job.ts';

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
    StringEnum(CASE_QUEUES, {
      description:
        "mine: assigned to you; team: in your teams' queues; unassigned: in no one's hands; breaching: open and due " +
        `within ${SLA_WARNING_MINUTES} minutes; pending: waiting on the customer`,
    }),
  ),
});

export const casesRoutes: FastifyPluginAsyncTypebox<{ cases: CasesService }> = async (app, { cases }) => {
  recordRoutes(app, {
    path: 'cases',
    object: 'cases',
    module: 'service',
    tag: 'service',
    names: { one: 'Case', many: 'Cases' },
    view: CaseView,
    create: CreateCase,
    update: UpdateCase,
    listQuery: CaseListQuery,
    service: cases,
    summaries: {
      list: 'List cases (queue views: mine, team, unassigned; sort=slaDue for the nearest due time first)',
      export: 'Export matching cases as CSV (only fields you may read)',
      get: 'Get a case, with its SLA due times and its type’s process',
      history: 'Field history of a case from the audit trail',
      create: 'Open a case (numbered C-1001, …; its type gives the default priority and queue)',
      update: 'Update a case or change its status (reopen: resolved or closed → open)',
      delete: 'Move a case to the bin (restorable)',
      restore: 'Restore a case from the bin',
    },
  });

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
};
