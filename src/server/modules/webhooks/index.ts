export { webhooksRoutes } from './webhooks.routes.ts';
export { BlockedTarget, fetchGuarded, isPublicAddress, urlProblem } from './webhooks.send.ts';
export { RETRY_SCHEDULE_MS, WebhooksService } from './webhooks.service.ts';
