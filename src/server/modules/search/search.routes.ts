import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errors } from '../../platform/http.ts';
import { LookupQuery, LookupResponse, SearchQuery, SearchResponse } from './search.schemas.ts';
import type { SearchService } from './search.service.ts';

export const searchRoutes: FastifyPluginAsyncTypebox<{ search: SearchService }> = async (app, { search }) => {
  app.get(
    '/search',
    {
      // Any logged-in user or token: each kind is searched only when the actor may read it.
      config: { access: 'authenticated' },
      schema: {
        operationId: 'search',
        tags: ['search'],
        summary: 'Global search: prefix from the first letter, small typos, phone in any format, email, domain',
        querystring: SearchQuery,
        response: { 200: SearchResponse, ...errors(400, 401) },
      },
    },
    async (request) => ({ data: await search.search(request.ctx(), request.query) }),
  );

  app.get(
    '/lookup',
    {
      config: { access: { object: 'people', action: 'read' } },
      schema: {
        operationId: 'lookup',
        tags: ['search'],
        summary: 'Screen pop: who is calling or writing (exact phone in any format, or email)',
        querystring: LookupQuery,
        response: { 200: LookupResponse, ...errors(400, 401, 403) },
      },
    },
    async (request) => search.lookup(request.ctx(), request.query),
  );
};
