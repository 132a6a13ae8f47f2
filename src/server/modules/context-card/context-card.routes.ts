import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errors, IdParams } from '../../platform/http.ts';
import { recordKinds } from '../kinds.ts';
import type { ModuleKey } from '../workspace/index.ts';
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

  // Every other kind with a card (deals, cases, orders…): its title, subtitle, owner and company, as its kind declares.
  for (const kind of recordKinds.kinds) {
    if (!kind.cards || kind.name === 'people' || kind.name === 'companies') continue;
    app.get(
      `/${kind.name}/:id/card`,
      {
        config: { access: { object: kind.name, action: 'read' }, module: kind.module as ModuleKey | undefined },
        schema: {
          operationId: `get${kind.singularLabel.replaceAll(' ', '')}Card`,
          tags: [kind.module ?? kind.name],
          summary: `Context card of a ${kind.singularLabel.toLowerCase()}: what it is, whose, for which company`,
          params: IdParams,
          response: { 200: ContextCard, ...errors(401, 403, 404) },
        },
      },
      async (request) => contextCard.card(request.ctx(), kind.name, request.params.id),
    );
  }
};
