import { WEBHOOK_EVENT_TYPES } from '../../../../shared/webhook-events.ts';
import { api } from '../../../api/client.ts';

export interface WebhookEndpoint {
  id: string;
  url: string;
  description: string | null;
  events: string[];
  enabled: boolean;
  disabledReason: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface WebhookDelivery {
  id: string;
  eventId: string;
  type: string;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  replayOf: string | null;
  createdAt: string;
  deliveredAt: string | null;
  log: { at: string; statusCode: number | null; error: string | null; durationMs: number }[];
}

/** Event types an endpoint can subscribe to, with the labels the page shows. */
export const WEBHOOK_EVENTS: { value: string; label: string }[] = [
  { value: '*', label: 'Every event' },
  ...WEBHOOK_EVENT_TYPES.map((value) => {
    const [object = '', verb = ''] = value.split('.');
    const noun = object.charAt(0).toUpperCase() + object.slice(1);
    return { value, label: `${noun.replace('_', ' ')} ${verb.replaceAll('_', ' ')}` };
  }),
];

export const webhooksKey = ['webhooks'] as const;
export const deliveriesKey = (id: string) => ['webhooks', id, 'deliveries'] as const;

export const fetchWebhooks = async () => (await api.get<{ data: WebhookEndpoint[] }>('/webhooks')).data;
export const createWebhook = (body: { url: string; events: string[]; description?: string }) =>
  api.post<WebhookEndpoint & { secret: string }>('/webhooks', body);
export const updateWebhook = (id: string, body: Partial<Pick<WebhookEndpoint, 'url' | 'events' | 'enabled'>>) =>
  api.patch<WebhookEndpoint>(`/webhooks/${encodeURIComponent(id)}`, body);
export const deleteWebhook = (id: string) => api.delete(`/webhooks/${encodeURIComponent(id)}`);
export const fetchDeliveries = async (id: string) =>
  (await api.get<{ data: WebhookDelivery[] }>(`/webhooks/${encodeURIComponent(id)}/deliveries`)).data;
export const replayDelivery = (id: string, deliveryId: string) =>
  api.post<WebhookDelivery>(`/webhooks/${encodeURIComponent(id)}/deliveries/${encodeURIComponent(deliveryId)}/replay`);
