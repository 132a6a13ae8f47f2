import { type Static, type TSchema, Type } from 'typebox';
import { WEBHOOK_EVENT_TYPES } from '../../../shared/webhook-events.ts';
import { StringEnum } from '../../platform/schema.ts';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** Event types an endpoint may subscribe to (the domain events modules publish), or `*` for all of them. */
export const WEBHOOK_EVENTS = ['*', ...WEBHOOK_EVENT_TYPES] as const;

const Url = Type.String({
  minLength: 1,
  maxLength: 2000,
  description: 'https:// (or http://) URL that receives POSTs',
});
const Events = Type.Array(StringEnum(WEBHOOK_EVENTS), {
  minItems: 1,
  maxItems: WEBHOOK_EVENTS.length,
  uniqueItems: true,
  description: 'Event types to deliver; `*` for all',
});

export const CreateWebhook = Type.Object(
  { url: Url, events: Events, description: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false },
);
export type CreateWebhook = Static<typeof CreateWebhook>;

export const UpdateWebhook = Type.Object(
  {
    url: Type.Optional(Url),
    events: Type.Optional(Events),
    description: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    enabled: Type.Optional(Type.Boolean({ description: 'true re-enables an endpoint that was switched off' })),
  },
  { additionalProperties: false },
);
export type UpdateWebhook = Static<typeof UpdateWebhook>;

export const Webhook = Type.Object(
  {
    id: Type.String(),
    url: Type.String(),
    description: Nullable(Type.String()),
    events: Type.Array(Type.String()),
    enabled: Type.Boolean(),
    disabledReason: Nullable(Type.String()),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { title: 'Webhook' },
);
export type Webhook = Static<typeof Webhook>;

export const CreatedWebhook = Type.Intersect([
  Webhook,
  Type.Object({ secret: Type.String({ description: 'whsec_… signing secret; shown only in this answer' }) }),
]);
export type CreatedWebhook = Static<typeof CreatedWebhook>;

export const WebhookList = Type.Object({ data: Type.Array(Webhook) });

export const DeliveryAttempt = Type.Object({
  at: Type.String(),
  statusCode: Nullable(Type.Integer()),
  error: Nullable(Type.String()),
  durationMs: Type.Integer(),
});

export const Delivery = Type.Object({
  id: Type.String({ description: 'Also the `webhook-id` header the receiver sees' }),
  eventId: Type.String(),
  type: Type.String(),
  status: StringEnum(['pending', 'succeeded', 'failed'] as const),
  attempts: Type.Integer(),
  lastStatusCode: Nullable(Type.Integer()),
  lastError: Nullable(Type.String()),
  nextAttemptAt: Nullable(Type.String()),
  replayOf: Nullable(Type.String()),
  createdAt: Type.String(),
  deliveredAt: Nullable(Type.String()),
  log: Type.Array(DeliveryAttempt),
});
export type Delivery = Static<typeof Delivery>;

export const DeliveryList = Type.Object({ data: Type.Array(Delivery) });

export const DeliveryParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64 }),
  deliveryId: Type.String({ minLength: 1, maxLength: 64 }),
});
