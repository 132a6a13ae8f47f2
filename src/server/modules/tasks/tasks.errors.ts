/** Error codes of the tasks module and their HTTP status. */
import type { ErrorCodes } from '../../platform/errors.ts';

export const TASKS_ERRORS = {
  'tasks.not_found': 404,
  'tasks.not_open': 409,
} as const satisfies ErrorCodes;
