/** HTTP for the audit log search. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errors, ListEnvelope } from '../../platform/http.ts';
import { AuditQuery, AuditRow } from './audit.schemas.ts';
import type { AuditService } from './audit.service.ts';

export const auditRoutes: FastifyPluginAsyncTypebox<{ audit: AuditService }> = async (app, { audit }) => {
  app.get(
    '/audit',
    {
      config: { access: { object: 'audit', action: 'read' } },
      schema: {
        operationId: 'searchAudit',
        tags: ['audit'],
        summary: 'Search the audit log',
        querystring: AuditQuery,
        response: { 200: ListEnvelope(AuditRow), ...errors(400, 401, 403) },
      },
    },
    async (request) => audit.search(request.ctx(), request.query),
  );
};
