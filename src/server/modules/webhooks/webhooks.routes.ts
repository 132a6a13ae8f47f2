/** Outgoing webhooks: admins (settings update) register endpoints, read their delivery log and replay deliveries. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errors, IdParams } from '../../platform/http.ts';
import {
  CreatedWebhook,
  CreateWebhook,
  Delivery,
  DeliveryList,
  DeliveryParams,
  UpdateWebhook,
  Webhook,
  WebhookList,
} from './webhooks.schemas.ts';
import type { WebhooksService } from './webhooks.service.ts';

const admin = { access: { object: 'settings', action: 'update' } } as const;

export const webhooksRoutes: FastifyPluginAsyncTypebox<{ webhooks: WebhooksService }> = async (app, { webhooks }) => {
  app.get(
    '/webhooks',
    {
      config: admin,
      schema: {
        tags: ['webhooks'],
        operationId: 'listWebhooks',
        summary: 'Registered webhook endpoints (without their secrets)',
        response: { 200: WebhookList, ...errors(401, 403) },
      },
    },
    async (request) => webhooks.list(request.ctx()),
  );

  app.post(
    '/webhooks',
    {
      config: admin,
      schema: {
        tags: ['webhooks'],
        operationId: 'createWebhook',
        summary: 'Register a webhook endpoint; the answer carries its signing secret, shown only this once',
        body: CreateWebhook,
        response: { 201: CreatedWebhook, ...errors(400, 401, 403, 422) },
      },
    },
    async (request, reply) => reply.status(201).send(await webhooks.create(request.ctx(), request.body)),
  );

  app.get(
    '/webhooks/:id',
    {
      config: admin,
      schema: {
        tags: ['webhooks'],
        operationId: 'getWebhook',
        summary: 'A webhook endpoint',
        params: IdParams,
        response: { 200: Webhook, ...errors(401, 403, 404) },
      },
    },
    async (request) => webhooks.get(request.ctx(), request.params.id),
  );

  app.patch(
    '/webhooks/:id',
    {
      config: admin,
      schema: {
        tags: ['webhooks'],
        operationId: 'updateWebhook',
        summary: 'Change a webhook endpoint: URL, events, description, or switch it on/off',
        params: IdParams,
        body: UpdateWebhook,
        response: { 200: Webhook, ...errors(400, 401, 403, 404, 422) },
      },
    },
    async (request) => webhooks.update(request.ctx(), request.params.id, request.body),
  );

  app.delete(
    '/webhooks/:id',
    {
      config: admin,
      schema: {
        tags: ['webhooks'],
        operationId: 'deleteWebhook',
        summary: 'Remove a webhook endpoint and its delivery log',
        params: IdParams,
        response: { 204: Type.Null(), ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await webhooks.remove(request.ctx(), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/webhooks/:id/deliveries',
    {
      config: admin,
      schema: {
        tags: ['webhooks'],
        operationId: 'listWebhookDeliveries',
        summary: 'Recent deliveries to an endpoint, newest first, each with its attempts and response codes',
        params: IdParams,
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) }),
        response: { 200: DeliveryList, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => webhooks.deliveries(request.ctx(), request.params.id, request.query.limit),
  );

  app.post(
    '/webhooks/:id/deliveries/:deliveryId/replay',
    {
      config: admin,
      schema: {
        tags: ['webhooks'],
        operationId: 'replayWebhookDelivery',
        summary: 'Send a delivery again (queued as a new delivery of the same event)',
        params: DeliveryParams,
        response: { 202: Delivery, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) =>
      reply.status(202).send(await webhooks.replay(request.ctx(), request.params.id, request.params.deliveryId)),
  );
};
