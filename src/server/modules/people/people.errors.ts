/** Error codes of the people module and their HTTP status. */
import type { ErrorCodes } from '../../platform/errors.ts';

export const PEOPLE_ERRORS = {
  'people.not_found': 404,
} as const satisfies ErrorCodes;
