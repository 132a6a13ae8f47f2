/** Error codes of the promises module and their HTTP status. */
import type { ErrorCodes } from '../../platform/errors.ts';

export const PROMISES_ERRORS = {
  'promises.not_found': 404,
  'promises.wrong_status': 409,
  'promises.nothing_to_tell': 409,
} as const satisfies ErrorCodes;
