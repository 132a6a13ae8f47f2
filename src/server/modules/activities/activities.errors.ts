/** Error codes of the activities module and their HTTP status. */
import type { ErrorCodes } from '../../platform/errors.ts';

export const ACTIVITIES_ERRORS = {
  'activities.not_found': 404,
} as const satisfies ErrorCodes;
