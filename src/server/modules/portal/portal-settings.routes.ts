/** Staff routes of the portal's settings: allowed case types and branding. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errors } from '../../platform/http.ts';
import { PortalSettings, UpdatePortalSettings } from './portal.schemas.ts';
import type { PortalSettingsService } from './portal-settings.service.ts';

export const portalSettingsRoutes: FastifyPluginAsyncTypebox<{ settings: PortalSettingsService }> = async (
  app,
  { settings },
) => {
  app.get(
    '/portal/settings',
    {
      config: { access: { object: 'settings', action: 'read' }, module: 'portal' },
      schema: {
        operationId: 'getPortalSettings',
        tags: ['portal'],
        summary: 'The portal settings: case types customers may raise, logo and accent colour',
        response: { 200: PortalSettings, ...errors(401, 403, 404) },
      },
    },
    async () => settings.get(),
  );

  app.patch(
    '/portal/settings',
    {
      config: { access: { object: 'settings', action: 'update' }, module: 'portal' },
      schema: {
        operationId: 'updatePortalSettings',
        tags: ['portal'],
        summary:
          'Change the case types customers may raise (null: none), the logo URL (https) or the accent colour (#rrggbb, dark enough for white text)',
        body: UpdatePortalSettings,
        response: { 200: PortalSettings, ...errors(400, 401, 403, 404, 422) },
      },
    },
    async (request) => settings.update(request.ctx(), request.body),
  );
};
