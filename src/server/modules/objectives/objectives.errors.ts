/** Error codes of the objectives module and their HTTP status. */
import type { ErrorCodes } from '../../platform/errors.ts';

export const OBJECTIVES_ERRORS = {
  'objectives.not_found': 404,
} as const satisfies ErrorCodes;
