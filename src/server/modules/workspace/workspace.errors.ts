/** Error codes of the workspace module and their HTTP status. */
import type { ErrorCodes } from '../../platform/errors.ts';

export const WORKSPACE_ERRORS = {
  'workspace.invalid_timezone': 422,
  'workspace.invalid_hours': 422,
} as const satisfies ErrorCodes;
