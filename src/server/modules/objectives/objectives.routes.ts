/** HTTP for objectives: schemas in, one service call, schema out. Reading needs a login; writing the settings right. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DataEnvelope, errors, IdParams, ifMatch, setEtag } from '../../platform/http.ts';
import { CheckIn, CreateCheckIn, CreateObjective, Objective, UpdateObjective } from './objectives.schemas.ts';
import type { ObjectivesService } from './objectives.service.ts';

export const objectivesRoutes: FastifyPluginAsyncTypebox<{ objectives: ObjectivesService }> = async (
  app,
  { objectives },
) => {
  const read = { access: 'authenticated' } as const;
  const write = { access: { object: 'settings', action: 'update' } } as const;

  app.get(
    '/objectives',
    {
      config: read,
      schema: {
        operationId: 'listObjectives',
        tags: ['objectives'],
        summary: 'Every objective with its baseline, target, progress, projection and status',
        response: { 200: DataEnvelope(Objective), ...errors(401) },
      },
    },
    async (request) => objectives.list(request.ctx()),
  );

  app.post(
    '/objectives',
    {
      config: write,
      schema: {
        operationId: 'createObjective',
        tags: ['objectives'],
        summary: 'Set an objective on a metric; its baseline is captured now',
        body: CreateObjective,
        response: { 201: Objective, ...errors(400, 401, 403, 422) },
      },
    },
    async (request, reply) => {
      const o = await objectives.create(request.ctx(), request.body);
      setEtag(reply, o.version);
      return reply.status(201).header('location', `/api/v1/objectives/${o.id}`).send(o);
    },
  );

  app.get(
    '/objectives/:id',
    {
      config: read,
      schema: {
        operationId: 'getObjective',
        tags: ['objectives'],
        summary: 'An objective with its baseline, target, current value, projection, status and check-ins',
        params: IdParams,
        response: { 200: Objective, ...errors(401, 404) },
      },
    },
    async (request, reply) => {
      const o = await objectives.get(request.ctx(), request.params.id);
      setEtag(reply, o.version);
      return o;
    },
  );

  app.patch(
    '/objectives/:id',
    {
      config: write,
      schema: {
        operationId: 'updateObjective',
        tags: ['objectives'],
        summary: 'Change an objective (its metric and baseline stay as captured)',
        params: IdParams,
        body: UpdateObjective,
        response: { 200: Objective, ...errors(400, 401, 403, 404, 412, 422) },
      },
    },
    async (request, reply) => {
      const o = await objectives.update(request.ctx(), request.params.id, request.body, ifMatch(request));
      setEtag(reply, o.version);
      return o;
    },
  );

  app.delete(
    '/objectives/:id',
    {
      config: write,
      schema: {
        operationId: 'deleteObjective',
        tags: ['objectives'],
        summary: 'Delete an objective and its check-ins',
        params: IdParams,
        response: { 204: Type.Null(), ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await objectives.remove(request.ctx(), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/objectives/:id/check-ins',
    {
      config: write,
      schema: {
        operationId: 'checkInObjective',
        tags: ['objectives'],
        summary: 'Write a check-in: a comment with the value at this moment',
        params: IdParams,
        body: CreateCheckIn,
        response: { 201: CheckIn, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await objectives.checkIn(request.ctx(), request.params.id, request.body)),
  );
};
