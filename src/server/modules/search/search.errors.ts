/** Error codes of the search module (global search and screen-pop lookup) and their HTTP status. */
import type { ErrorCodes } from '../../platform/errors.ts';

export const SEARCH_ERRORS = {
  'search.invalid_query': 400,
  'lookup.invalid_query': 400,
  'lookup.invalid_phone': 400,
  'lookup.invalid_email': 400,
} as const satisfies ErrorCodes;
