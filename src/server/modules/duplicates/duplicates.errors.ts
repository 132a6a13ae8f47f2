/** Error codes of the duplicates module and the HTTP status each answers with. */
import type { ErrorCodes } from '../../platform/errors.ts';

export const DUPLICATES_ERRORS = {
  'duplicates.not_found': 404,
} as const satisfies ErrorCodes;
