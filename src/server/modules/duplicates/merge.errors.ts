/** Error codes of merging duplicates and the HTTP status each answers with. */
import type { ErrorCodes } from '../../platform/errors.ts';

export const MERGE_ERRORS = {
  'merges.not_found': 404,
  'merges.already_undone': 409,
  'merges.too_old': 409,
  'merges.conflict': 409,
} as const satisfies ErrorCodes;
