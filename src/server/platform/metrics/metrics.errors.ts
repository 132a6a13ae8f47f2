/** Error codes of the metric registry and their HTTP status. */
import type { ErrorCodes } from '../errors.ts';

export const METRICS_ERRORS = {
  'metrics.not_found': 404,
} as const satisfies ErrorCodes;
