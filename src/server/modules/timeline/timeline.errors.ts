/**
 * Error codes of the timeline module: none of its own. It answers with the platform's (platform/errors.ts) and the
 * not-found codes of the records it reads.
 */
import type { ErrorCodes } from '../../platform/errors.ts';

export const TIMELINE_ERRORS = {} as const satisfies ErrorCodes;
