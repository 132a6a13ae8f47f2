/** Staff routes of the portal: invite people, see and change their portal access. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errors } from '../../platform/http.ts';
import { InvitationsRequest, InvitationsResult, PortalAccess, UpdateAccess } from './portal.schemas.ts';
import type { PortalAuthService } from './portal-auth.service.ts';

const PersonParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64, description: 'The person' }) });
const rule = (action: 'read' | 'update') => ({ access: { object: 'people', action }, module: 'portal' }) as const;

export const portalStaffRoutes: FastifyPluginAsyncTypebox<{ auth: PortalAuthService }> = async (app, { auth }) => {
  app.post(
    '/portal/invitations',
    {
      config: rule('update'),
      schema: {
        operationId: 'invitePortalUsers',
        tags: ['portal'],
        summary: 'Invite people to the customer portal (a welcome email each); people without an email are skipped',
        body: InvitationsRequest,
        response: { 200: InvitationsResult, ...errors(400, 401, 403) },
      },
    },
    async (request) => auth.invite(request.ctx(), request.body),
  );

  app.get(
    '/portal/access/:id',
    {
      config: rule('read'),
      schema: {
        operationId: 'getPortalAccess',
        tags: ['portal'],
        summary: "A person's portal access: invited, active (with the last visit) or revoked",
        params: PersonParams,
        response: { 200: PortalAccess, ...errors(401, 403, 404) },
      },
    },
    async (request) => auth.access(request.ctx(), request.params.id),
  );

  app.patch(
    '/portal/access/:id',
    {
      config: rule('update'),
      schema: {
        operationId: 'updatePortalAccess',
        tags: ['portal'],
        summary: "Make a person a company administrator in the portal (sees all the company's requests), or not",
        params: PersonParams,
        body: UpdateAccess,
        response: { 200: PortalAccess, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => auth.setCompanyAdmin(request.ctx(), request.params.id, request.body.companyAdmin),
  );

  app.post(
    '/portal/access/:id/resend',
    {
      config: rule('update'),
      schema: {
        operationId: 'resendPortalInvitation',
        tags: ['portal'],
        summary: 'Send the welcome email again (re-opens revoked access)',
        params: PersonParams,
        response: { 200: PortalAccess, ...errors(401, 403, 404, 422) },
      },
    },
    async (request) => auth.resend(request.ctx(), request.params.id),
  );

  app.post(
    '/portal/access/:id/revoke',
    {
      config: rule('update'),
      schema: {
        operationId: 'revokePortalAccess',
        tags: ['portal'],
        summary: "End a person's portal access: their sessions end at once",
        params: PersonParams,
        response: { 200: PortalAccess, ...errors(401, 403, 404) },
      },
    },
    async (request) => auth.revoke(request.ctx(), request.params.id),
  );
};
