import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errors, IdParams, ifMatch, ListEnvelope, setEtag } from '../../platform/http.ts';
import { Activity, ActivityListQuery, CreateActivity, UpdateActivity } from './activities.schemas.ts';
import type { ActivitiesService } from './activities.service.ts';

export const activitiesRoutes: FastifyPluginAsyncTypebox<{ activities: ActivitiesService }> = async (
  app,
  { activities },
) => {
  app.post(
    '/activities',
    {
      config: { access: { object: 'activities', action: 'create' } },
      schema: {
        operationId: 'logActivity',
        tags: ['activities'],
        summary: 'Log a call, email, meeting, note, message or visit on a person and/or company',
        body: CreateActivity,
        response: { 201: Activity, ...errors(400, 401, 403, 422) },
      },
    },
    async (request, reply) => {
      const a = await activities.log(request.ctx(), request.body);
      setEtag(reply, a.version);
      return reply.status(201).header('location', `/api/v1/activities/${a.id}`).send(a);
    },
  );

  app.get(
    '/activities/:id',
    {
      config: { access: { object: 'activities', action: 'read' } },
      schema: {
        operationId: 'getActivity',
        summary: 'Get an activity',
        tags: ['activities'],
        params: IdParams,
        response: { 200: Activity, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const a = await activities.get(request.ctx(), request.params.id);
      setEtag(reply, a.version);
      return a;
    },
  );

  app.patch(
    '/activities/:id',
    {
      config: { access: { object: 'activities', action: 'update' } },
      schema: {
        operationId: 'updateActivity',
        tags: ['activities'],
        summary: 'Correct an activity (its author, or a manager); send If-Match with the ETag',
        params: IdParams,
        body: UpdateActivity,
        response: { 200: Activity, ...errors(400, 401, 403, 404, 412, 422) },
      },
    },
    async (request, reply) => {
      const a = await activities.update(request.ctx(), request.params.id, request.body, ifMatch(request));
      setEtag(reply, a.version);
      return a;
    },
  );

  app.delete(
    '/activities/:id',
    {
      config: { access: { object: 'activities', action: 'delete' } },
      schema: {
        operationId: 'deleteActivity',
        tags: ['activities'],
        summary: 'Move to the bin; it leaves the timelines',
        params: IdParams,
        response: { 204: Type.Null(), ...errors(400, 401, 403, 404, 412) },
      },
    },
    async (request, reply) => {
      await activities.remove(request.ctx(), request.params.id, ifMatch(request));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/people/:id/activities',
    {
      config: { access: { object: 'activities', action: 'read' } },
      schema: {
        operationId: 'listPersonActivities',
        tags: ['activities'],
        summary: "A person's activities, newest first",
        params: IdParams,
        querystring: ActivityListQuery,
        response: { 200: ListEnvelope(Activity), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => activities.listFor(request.ctx(), { personId: request.params.id }, request.query),
  );

  app.get(
    '/companies/:id/activities',
    {
      config: { access: { object: 'activities', action: 'read' } },
      schema: {
        operationId: 'listCompanyActivities',
        tags: ['activities'],
        summary: "A company's activities (including its people's that you may see), newest first",
        params: IdParams,
        querystring: ActivityListQuery,
        response: { 200: ListEnvelope(Activity), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => activities.listFor(request.ctx(), { companyId: request.params.id }, request.query),
  );
};
