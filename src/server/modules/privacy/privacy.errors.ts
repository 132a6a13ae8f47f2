/** Error codes of privacy requests and the HTTP status each answers with. */
import type { ErrorCodes } from '../../platform/errors.ts';

export const PRIVACY_ERRORS = {
  'privacy.already_erased': 409,
} as const satisfies ErrorCodes;
