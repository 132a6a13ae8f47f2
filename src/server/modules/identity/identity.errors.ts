/** Error codes of the identity module (users, teams, roles, API tokens, log-in and passwords) and their HTTP status. */
import type { ErrorCodes } from '../../platform/errors.ts';

export const IDENTITY_ERRORS = {
  'auth.invalid_credentials': 401,
  'auth.login_backoff': 429,
  'users.not_found': 404,
  'users.email_taken': 409,
  'teams.not_found': 404,
  'teams.name_taken': 409,
  'teams.in_use': 409,
  'roles.not_found': 404,
  'roles.key_taken': 409,
  'api_tokens.not_found': 404,
} as const satisfies ErrorCodes;
