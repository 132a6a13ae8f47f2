/** Error codes of the imports module and the HTTP status each answers with. */
import type { ErrorCodes } from '../../platform/errors.ts';

export const IMPORTS_ERRORS = {
  'imports.not_found': 404,
  'imports.bad_upload': 400,
  'imports.empty_file': 422,
  'imports.duplicate_headers': 422,
  'imports.no_rows': 422,
  'imports.invalid_mapping': 422,
  'imports.wrong_status': 409,
  'imports.unreadable_file': 422,
  'imports.not_yours': 403,
  'imports.undo_unavailable': 409,
} as const satisfies ErrorCodes;
