/** HTTP for the five-question set-up: anyone signed in may read where it stands; applying it needs the settings right. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errors } from '../../platform/http.ts';
import { ApplySetup, SetupApplied, SetupStatus } from './setup.schemas.ts';
import type { SetupService } from './setup.service.ts';

export const setupRoutes: FastifyPluginAsyncTypebox<{ setup: SetupService }> = async (app, { setup }) => {
  app.get(
    '/setup',
    {
      config: { access: 'authenticated' },
      schema: {
        operationId: 'getSetup',
        tags: ['setup'],
        summary:
          'Where the set-up stands: its answers, the data and configuration there are, the starter configurations',
        response: { 200: SetupStatus, ...errors(401) },
      },
    },
    async () => setup.status(),
  );

  app.post(
    '/setup',
    {
      config: { access: { object: 'settings', action: 'update' } },
      schema: {
        operationId: 'applySetup',
        tags: ['setup'],
        summary:
          "Apply the set-up's answers in one transaction: modules, the starter configuration of the kind of business, objectives with their baselines, the metrics to watch",
        body: ApplySetup,
        response: { 200: SetupApplied, ...errors(400, 401, 403, 422) },
      },
    },
    async (request) => setup.apply(request.ctx(), request.body),
  );
};
