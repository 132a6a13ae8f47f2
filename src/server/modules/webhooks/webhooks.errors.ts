/** Error codes of the webhooks module and their HTTP status. */
import type { ErrorCodes } from '../../platform/errors.ts';

export const WEBHOOKS_ERRORS = {
  'webhooks.not_found': 404,
  'webhook_deliveries.not_found': 404,
} as const satisfies ErrorCodes;
