import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errors, fileResponse } from '../../platform/http.ts';
import type { InboundEmailService } from './inbound-email.service.ts';

const AttachmentParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64 }),
  attachmentId: Type.String({ minLength: 1, maxLength: 64 }),
});

/** The files that came with inbound email, streamed to those who may read the case. */
export const inboundEmailRoutes: FastifyPluginAsyncTypebox<{ inbound: InboundEmailService }> = async (
  app,
  { inbound },
) => {
  app.get(
    '/cases/:id/attachments/:attachmentId',
    {
      config: { access: { object: 'cases', action: 'read' }, module: 'service' },
      schema: {
        operationId: 'downloadCaseAttachment',
        tags: ['service'],
        summary: 'Download a file that came with an email on the case (always as an attachment, never shown inline)',
        params: AttachmentParams,
        response: { 200: fileResponse('The file as received', 'application/octet-stream'), ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const file = await inbound.attachment(request.ctx(), request.params.id, request.params.attachmentId);
      const ascii = file.filename.replace(/[^\w.-]+/g, '_');
      return reply
        .type(file.contentType)
        .header('cache-control', 'private, no-store')
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('content-length', file.size)
        .header(
          'content-disposition',
          `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
        )
        .send(file.stream);
    },
  );
};
