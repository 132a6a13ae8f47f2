import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errors, IdParams } from '../../platform/http.ts';
import { ContextCard } from './context-card.schemas.ts';
import type { ContextCardService } from './context-card.service.ts';

export const contextCardRoutes: FastifyPluginAsyncTypebox<{ contextCard: ContextCardService }> = async (
  app,
  { contextCard },
) => {
  app.get(
    '/people/:id/card',
    {
      config: { access: { object: 'people', action: 'read' } },
      schema: {
        operationId: 'getPersonCard',
        tags: ['people'],
        summary: 'Context card: what to know before you speak',
        params: IdParams,
        response: { 200: ContextCard, ...errors(401, 403, 404) },
      },
    },
    async (request) => contextCard.card(request.ctx(), 'people', request.params.id),
  );

  app.get(
    '/companies/:id/card',
    {
      config: { access: { object: 'companies', action: 'read' } },
      schema: {
        operationId: 'getCompanyCard',
        tags: ['companies'],
        summary: 'Context card: what to know before you speak',
        params: IdParams,
        response: { 200: ContextCard, ...errors(401, 403, 404) },
      },
    },
    async (request) => contextCard.card(request.ctx(), 'companies', request.params.id),
  );
};
