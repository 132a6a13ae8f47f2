/** Error codes of the process handbook and their HTTP status. */
import type { ErrorCodes } from '../../platform/errors.ts';

export const HANDBOOK_ERRORS = {
  'handbook.not_found': 404,
} as const satisfies ErrorCodes;
