/**
 * Error codes of the set-up module and their HTTP status. It has none of its own: bad answers are the platform's
 * `validation.failed`, naming each field; what the modules it writes through refuse keeps their codes.
 */
import type { ErrorCodes } from '../../platform/errors.ts';

export const SETUP_ERRORS = {} as const satisfies ErrorCodes;
