import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DataEnvelope, errors } from '../../platform/http.ts';
import { ObjectMeta } from './meta.schemas.ts';
import type { MetaService } from './meta.service.ts';

export const metaRoutes: FastifyPluginAsyncTypebox<{ meta: MetaService }> = async (app, { meta }) => {
  app.get(
    '/meta/objects',
    {
      // Each kind is listed only when the caller's role may read it; the route itself needs a login only.
      config: { access: 'authenticated' },
      schema: {
        operationId: 'listObjects',
        tags: ['meta'],
        summary: 'Kinds of record you may read, with your actions and the fields your role shows',
        response: { 200: DataEnvelope(ObjectMeta), ...errors(401) },
      },
    },
    async (request) => ({ data: await meta.objects(request.ctx()) }),
  );
};
