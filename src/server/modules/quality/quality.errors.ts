/** Error codes of the data-quality module and the HTTP status each answers with. */
import type { ErrorCodes } from '../../platform/errors.ts';

export const QUALITY_ERRORS = {
  'quality.not_found': 404,
} as const satisfies ErrorCodes;
