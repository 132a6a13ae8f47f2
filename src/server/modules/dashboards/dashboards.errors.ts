/** Error codes of the dashboards module and their HTTP status. */
import type { ErrorCodes } from '../../platform/errors.ts';

export const DASHBOARDS_ERRORS = {
  'dashboards.not_found': 404,
  'dashboards.read_only': 403,
  'dashboards.share_not_found': 404,
} as const satisfies ErrorCodes;
