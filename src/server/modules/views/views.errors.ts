/** Error codes of the views module (saved views, field catalogue) and their HTTP status. */
import type { ErrorCodes } from '../../platform/errors.ts';

export const VIEWS_ERRORS = {
  'views.not_found': 404,
} as const satisfies ErrorCodes;
