/** Error codes of the adoption module. It only registers metrics, so it answers with none of its own. */
import type { ErrorCodes } from '../../platform/errors.ts';

export const ADOPTION_ERRORS = {} as const satisfies ErrorCodes;
