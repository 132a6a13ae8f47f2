/** Error codes of the my-day module (notifications, going cold, My day) and their HTTP status. */
import type { ErrorCodes } from '../../platform/errors.ts';

export const MY_DAY_ERRORS = {
  'notifications.not_found': 404,
} as const satisfies ErrorCodes;
