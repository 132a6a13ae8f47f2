/**
 * Error codes of the meta module (`/meta/objects`). It raises none of its own: a caller who may read no kind gets an
 * empty list, and bad input is the platform's 400.
 */
import type { ErrorCodes } from '../../platform/errors.ts';

export const META_ERRORS = {} as const satisfies ErrorCodes;
