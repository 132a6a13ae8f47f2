import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DataEnvelope, errors, IdParams } from '../../platform/http.ts';
import { CannedResponse, CreateCannedResponse, UpdateCannedResponse } from './canned-responses.schemas.ts';
import type { CannedResponsesService } from './canned-responses.service.ts';

export const cannedResponsesRoutes: FastifyPluginAsyncTypebox<{ canned: CannedResponsesService }> = async (
  app,
  { canned },
) => {
  app.get(
    '/canned-responses',
    {
      config: { access: { object: 'cases', action: 'read' }, module: 'service' },
      schema: {
        operationId: 'listCannedResponses',
        tags: ['service'],
        summary: 'The team’s canned responses, by name',
        response: { 200: DataEnvelope(CannedResponse), ...errors(401, 403) },
      },
    },
    async (request) => ({ data: await canned.list(request.ctx()) }),
  );

  app.post(
    '/canned-responses',
    {
      config: { access: { object: 'cases', action: 'update' }, module: 'service' },
      schema: {
        operationId: 'createCannedResponse',
        tags: ['service'],
        summary: 'Add a canned response (an unknown placeholder is refused)',
        body: CreateCannedResponse,
        response: { 201: CannedResponse, ...errors(400, 401, 403, 422) },
      },
    },
    async (request, reply) => reply.status(201).send(await canned.create(request.ctx(), request.body)),
  );

  app.patch(
    '/canned-responses/:id',
    {
      config: { access: { object: 'cases', action: 'update' }, module: 'service' },
      schema: {
        operationId: 'updateCannedResponse',
        tags: ['service'],
        summary: 'Change a canned response’s name or text',
        params: IdParams,
        body: UpdateCannedResponse,
        response: { 200: CannedResponse, ...errors(400, 401, 403, 404, 422) },
      },
    },
    async (request) => canned.update(request.ctx(), request.params.id, request.body),
  );

  app.delete(
    '/canned-responses/:id',
    {
      config: { access: { object: 'cases', action: 'update' }, module: 'service' },
      schema: {
        operationId: 'deleteCannedResponse',
        tags: ['service'],
        summary: 'Remove a canned response',
        params: IdParams,
        response: { 204: Type.Null(), ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await canned.remove(request.ctx(), request.params.id);
      return reply.status(204).send(null);
    },
  );
};
