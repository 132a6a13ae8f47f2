/** HTTP for saved list views and the field catalogue: schemas in, one service call, schema out. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DataEnvelope, errors, IdParams } from '../../platform/http.ts';
import { CreateView, Field, ObjectQuery, UpdateView, View } from './views.schemas.ts';
import type { ViewsService } from './views.service.ts';

export const viewsRoutes: FastifyPluginAsyncTypebox<{ views: ViewsService }> = async (app, { views }) => {
  app.get(
    '/meta/fields',
    {
      config: { access: 'authenticated' },
      schema: {
        operationId: 'listFields',
        tags: ['meta'],
        summary: 'Fields of a list the current user may see (for columns, filters and sorts)',
        querystring: ObjectQuery,
        response: { 200: DataEnvelope(Field), ...errors(400, 401, 403) },
      },
    },
    async (request) => ({ data: await views.fields(request.ctx(), request.query.object) }),
  );

  app.get(
    '/views',
    {
      config: { access: 'authenticated' },
      schema: {
        operationId: 'listViews',
        summary: 'List your saved views and those shared with you',
        tags: ['meta'],
        querystring: ObjectQuery,
        response: { 200: DataEnvelope(View), ...errors(400, 401) },
      },
    },
    async (request) => ({ data: await views.list(request.ctx(), request.query.object) }),
  );

  app.post(
    '/views',
    {
      config: { access: 'authenticated' },
      schema: {
        operationId: 'createView',
        summary: 'Save a view of a list (filters, sort, columns, search)',
        tags: ['meta'],
        body: CreateView,
        response: { 201: View, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => reply.status(201).send(await views.create(request.ctx(), request.body)),
  );

  app.patch(
    '/views/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        operationId: 'updateView',
        tags: ['meta'],
        summary:
          'Rename, share or unshare one of your views, or replace what it keeps (filters, sort, columns, search)',
        params: IdParams,
        body: UpdateView,
        response: { 200: View, ...errors(400, 401, 404) },
      },
    },
    async (request) => views.update(request.ctx(), request.params.id, request.body),
  );

  app.delete(
    '/views/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        operationId: 'deleteView',
        summary: 'Delete one of your saved views',
        tags: ['meta'],
        params: IdParams,
        response: { 204: Type.Null(), ...errors(401, 404) },
      },
    },
    async (request, reply) => {
      await views.remove(request.ctx(), request.params.id);
      return reply.status(204).send(null);
    },
  );
};
