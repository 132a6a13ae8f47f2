import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errors, IdParams } from '../../platform/http.ts';
import { TimelinePage, TimelineQuery } from './timeline.schemas.ts';
import type { TimelineService } from './timeline.service.ts';

export const timelineRoutes: FastifyPluginAsyncTypebox<{ timeline: TimelineService }> = async (app, { timeline }) => {
  app.get(
    '/people/:id/timeline',
    {
      config: { access: { object: 'people', action: 'read' } },
      schema: {
        operationId: 'getPersonTimeline',
        tags: ['timeline'],
        summary: "A person's timeline: every touchpoint and change you may see, newest first",
        params: IdParams,
        querystring: TimelineQuery,
        response: { 200: TimelinePage, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => timeline.forPerson(request.ctx(), request.params.id, request.query),
  );

  app.get(
    '/companies/:id/timeline',
    {
      config: { access: { object: 'companies', action: 'read' } },
      schema: {
        operationId: 'getCompanyTimeline',
        tags: ['timeline'],
        summary: "A company's timeline, including its people's touchpoints you may see, newest first",
        params: IdParams,
        querystring: TimelineQuery,
        response: { 200: TimelinePage, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => timeline.forCompany(request.ctx(), request.params.id, request.query),
  );
};
