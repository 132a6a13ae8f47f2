/** Error codes of the companies module and their HTTP status. */
import type { ErrorCodes } from '../../platform/errors.ts';

export const COMPANIES_ERRORS = {
  'companies.not_found': 404,
} as const satisfies ErrorCodes;
