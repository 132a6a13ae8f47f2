/** Error codes of background jobs and their HTTP status. */
import type { ErrorCodes } from '../errors.ts';

export const JOBS_ERRORS = {
  'jobs.not_found': 404,
  'jobs.finished': 409,
  'jobs.no_result': 404,
} as const satisfies ErrorCodes;
