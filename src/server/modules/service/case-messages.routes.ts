import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DataEnvelope, errors, IdParams } from '../../platform/http.ts';
import type { CaseMessagesService } from './case-messages.service.ts';
import { CaseMessage, PostCaseMessage } from './cases.schemas.ts';

export const caseMessagesRoutes: FastifyPluginAsyncTypebox<{ messages: CaseMessagesService }> = async (
  app,
  { messages },
) => {
  app.get(
    '/cases/:id/messages',
    {
      config: { access: { object: 'cases', action: 'read' }, module: 'service' },
      schema: {
        operationId: 'listCaseMessages',
        tags: ['service'],
        summary: "A case's thread: the customer's messages, replies and internal notes, oldest first",
        params: IdParams,
        response: { 200: DataEnvelope(CaseMessage), ...errors(401, 403, 404) },
      },
    },
    async (request) => ({ data: await messages.list(request.ctx(), request.params.id) }),
  );

  app.post(
    '/cases/:id/messages',
    {
      config: { access: { object: 'cases', action: 'update' }, module: 'service' },
      schema: {
        operationId: 'postCaseMessage',
        tags: ['service'],
        summary: 'Reply to the customer (mailed to the case’s person) or add an internal note',
        params: IdParams,
        body: PostCaseMessage,
        response: { 201: CaseMessage, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await messages.post(request.ctx(), request.params.id, request.body)),
  );
};
