import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DataEnvelope, errors, IdParams, ifMatch, setEtag } from '../../platform/http.ts';
import { CreatePipeline, LostReason, Pipeline, ReplaceLostReasons, UpdatePipeline } from './pipelines.schemas.ts';
import type { PipelinesService } from './pipelines.service.ts';

const configure = { access: { object: 'settings', action: 'update' }, module: 'sales' } as const;
const read = { access: 'authenticated', module: 'sales' } as const;

export const pipelinesRoutes: FastifyPluginAsyncTypebox<{ pipelines: PipelinesService }> = async (
  app,
  { pipelines },
) => {
  app.get(
    '/pipelines',
    {
      config: read,
      schema: {
        operationId: 'listPipelines',
        summary: 'Pipelines with their stages, in order',
        tags: ['sales'],
        querystring: Type.Object({ includeArchived: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        response: { 200: DataEnvelope(Pipeline), ...errors(400, 401) },
      },
    },
    async (request) => ({ data: await pipelines.list({ includeArchived: request.query.includeArchived ?? false }) }),
  );
  app.post(
    '/pipelines',
    {
      config: configure,
      schema: {
        operationId: 'createPipeline',
        summary: 'Define a pipeline and its stages (at least one open, one won and one lost stage)',
        tags: ['sales'],
        body: CreatePipeline,
        response: { 201: Pipeline, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const p = await pipelines.create(request.ctx(), request.body);
      setEtag(reply, p.version);
      return reply.status(201).send(p);
    },
  );
  app.get(
    '/pipelines/:id',
    {
      config: read,
      schema: {
        operationId: 'getPipeline',
        summary: 'A pipeline with its stages and their playbooks',
        tags: ['sales'],
        params: IdParams,
        response: { 200: Pipeline, ...errors(401, 404) },
      },
    },
    async (request, reply) => {
      const p = await pipelines.get(request.params.id);
      setEtag(reply, p.version);
      return p;
    },
  );
  app.patch(
    '/pipelines/:id',
    {
      config: configure,
      schema: {
        operationId: 'updatePipeline',
        summary:
          "Rename, reorder, archive or change a pipeline's stages; deals of a removed stage move where stageMoves says",
        tags: ['sales'],
        params: IdParams,
        body: UpdatePipeline,
        response: { 200: Pipeline, ...errors(400, 401, 403, 404, 409, 412) },
      },
    },
    async (request, reply) => {
      const p = await pipelines.update(request.ctx(), request.params.id, request.body, ifMatch(request));
      setEtag(reply, p.version);
      return p;
    },
  );
  app.delete(
    '/pipelines/:id',
    {
      config: configure,
      schema: {
        operationId: 'deletePipeline',
        summary: 'Delete a pipeline that holds no deals (archive one that does)',
        tags: ['sales'],
        params: IdParams,
        response: { 204: Type.Null(), ...errors(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await pipelines.remove(request.ctx(), request.params.id);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/lost-reasons',
    {
      config: read,
      schema: {
        operationId: 'listLostReasons',
        summary: 'The reasons a deal can be lost for',
        tags: ['sales'],
        querystring: Type.Object({ includeInactive: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        response: { 200: DataEnvelope(LostReason), ...errors(400, 401) },
      },
    },
    async (request) => ({
      data: await pipelines.lostReasons({ includeInactive: request.query.includeInactive ?? false }),
    }),
  );
  app.put(
    '/lost-reasons',
    {
      config: configure,
      schema: {
        operationId: 'replaceLostReasons',
        summary: 'Replace the list of lost reasons (reasons left out are switched off, not deleted)',
        tags: ['sales'],
        body: ReplaceLostReasons,
        response: { 200: DataEnvelope(LostReason), ...errors(400, 401, 403) },
      },
    },
    async (request) => ({ data: await pipelines.replaceLostReasons(request.ctx(), request.body) }),
  );
};
