/**
 * Error codes of the audit module: none of its own. It answers with the platform's (platform/errors.ts) and the
 * not-found codes of the records it reads.
 */
import type { ErrorCodes } from '../../platform/errors.ts';

export const AUDIT_ERRORS = {} as const satisfies ErrorCodes;
