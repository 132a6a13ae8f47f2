/**
 * Error codes of the duplicates module: none of its own. It answers with the platform's (platform/errors.ts), such as
 * 403 when the role may not read the kind.
 */
import type { ErrorCodes } from '../../platform/errors.ts';

export const DUPLICATES_ERRORS = {} as const satisfies ErrorCodes;
