export { webhooksRoutes } from './webhooks.routes.ts';
export { isPublicAddress } from './webhooks.send.ts';
export { RETRY_SCHEDULE_MS, WebhooksService } from './webhooks.service.ts';
