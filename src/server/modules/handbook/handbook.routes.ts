import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errors } from '../../platform/http.ts';
import { HandbookEntry, HandbookList, HandbookParams, HandbookQuery, SetOwner } from './handbook.schemas.ts';
import type { HandbookService } from './handbook.service.ts';

export const handbookRoutes: FastifyPluginAsyncTypebox<{ handbook: HandbookService }> = async (app, { handbook }) => {
  app.get(
    '/handbook',
    {
      config: { access: 'authenticated' },
      schema: {
        operationId: 'getHandbook',
        tags: ['handbook'],
        summary:
          'Every configured process (pipelines and their playbooks, lead assignment, case types and their steps, SLA policies, contact cadence) with its owner, last review and change history',
        querystring: HandbookQuery,
        response: { 200: HandbookList, ...errors(400, 401) },
      },
    },
    async (request) => handbook.list(request.ctx(), request.query.q),
  );
  app.post(
    '/handbook/:kind/:id/review',
    {
      config: { access: 'authenticated' },
      schema: {
        operationId: 'reviewProcess',
        tags: ['handbook'],
        summary: 'Mark a process reviewed by you, now (its owner, a manager or an administrator)',
        params: HandbookParams,
        response: { 200: HandbookEntry, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => handbook.review(request.ctx(), request.params.kind, request.params.id),
  );
  app.put(
    '/handbook/:kind/:id/owner',
    {
      config: { access: 'authenticated' },
      schema: {
        operationId: 'setProcessOwner',
        tags: ['handbook'],
        summary: "Choose a process's owner (administrators)",
        params: HandbookParams,
        body: SetOwner,
        response: { 200: HandbookEntry, ...errors(400, 401, 403, 404, 422) },
      },
    },
    async (request) => handbook.setOwner(request.ctx(), request.params.kind, request.params.id, request.body),
  );
};
