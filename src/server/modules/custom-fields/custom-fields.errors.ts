/** Error codes of the custom-fields module and their HTTP status. */
import type { ErrorCodes } from '../../platform/errors.ts';

export const CUSTOM_FIELDS_ERRORS = {
  'custom_fields.not_found': 404,
  'custom_fields.key_taken': 409,
  'custom_fields.options_required': 422,
} as const satisfies ErrorCodes;
