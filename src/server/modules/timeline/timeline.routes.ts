import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errors, IdParams } from '../../platform/http.ts';
import { SubjectTimelineQuery, TimelinePage, TimelineQuery } from './timeline.schemas.ts';
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

  app.get(
    '/timeline',
    {
      // The kind is a parameter: the service checks read permission on it and the record's visibility.
      config: { access: 'authenticated' },
      schema: {
        operationId: 'getRecordTimeline',
        tags: ['timeline'],
        summary:
          "Any record's own timeline (subjectKind + subjectId): its changes and what is linked to it, newest first",
        querystring: SubjectTimelineQuery,
        response: { 200: TimelinePage, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { subjectKind, subjectId, ...params } = request.query;
      return timeline.forSubject(request.ctx(), subjectKind, subjectId, params);
    },
  );
};
