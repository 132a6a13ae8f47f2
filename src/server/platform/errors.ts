/**
 * Domain errors. Modules define their codes (e.g. `people.not_found`) with an HTTP status; one handler renders every
 * AppError as RFC 9457 problem+json (see problems.ts).
 */
export interface FieldError {
  /** JSON pointer into the request part named by `in`, e.g. `/emails/0/email`. */
  pointer: string;
  detail: string;
  in?: 'body' | 'query' | 'params' | 'headers';
}

export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: FieldError[] | undefined;

  constructor(code: string, status: number, title: string, detail?: string, errors?: FieldError[]) {
    super(detail ?? title);
    this.name = 'AppError';
    this.code = code;
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.errors = errors;
  }
}

export const notFound = (object: string, detail?: string): AppError =>
  new AppError(`${object}.not_found`, 404, 'Not found', detail ?? `No ${object} with that id, or you may not see it.`);

export const forbidden = (detail = 'Your role does not allow this.'): AppError =>
  new AppError('access.forbidden', 403, 'Forbidden', detail);

export const unauthenticated = (detail = 'Log in to continue.'): AppError =>
  new AppError('auth.unauthenticated', 401, 'Unauthenticated', detail);

export const validation = (errors: FieldError[], detail?: string): AppError =>
  new AppError(
    'validation.failed',
    422,
    'Invalid input',
    detail ?? errors.map((e) => `${e.pointer || '/'}: ${e.detail}`).join('; '),
    errors,
  );

export const staleVersion = (current: number): AppError =>
  new AppError(
    'record.stale',
    412,
    'Precondition Failed',
    `The record was changed since you loaded it (it is now at version ${current}). Reload and re-apply your change.`,
  );

export const conflict = (code: string, detail: string): AppError => new AppError(code, 409, 'Conflict', detail);

/**
 * A module's error codes and the HTTP status each answers with, declared once in its `<module>.errors.ts`
 * (`export const TASKS_ERRORS = {...} as const satisfies ErrorCodes`). Every code the server can answer is in one of
 * these maps, and docs/api.md lists them all: `errors.test.ts` checks both.
 */
export type ErrorCodes = Readonly<Record<string, number | readonly number[]>>;

/** An AppError whose code must be one of `codes` and whose status comes from there. */
export function codedError<C extends Readonly<Record<string, number | readonly number[]>>>(
  codes: C,
  code: keyof C & string,
  title: string,
  detail?: string,
  errors?: FieldError[],
): AppError {
  const status = codes[code];
  return new AppError(
    code,
    typeof status === 'number' ? status : (status as readonly number[])[0]!,
    title,
    detail,
    errors,
  );
}

/** The codes the platform itself answers with, whatever the module. */
export const PLATFORM_ERRORS = {
  'auth.unauthenticated': 401,
  'auth.csrf': 403,
  'access.forbidden': 403,
  'access.placement': 403,
  'validation.failed': [400, 422],
  'record.stale': 412,
  'record.merged': 308,
  'list.invalid_query': 400,
  'request.invalid': [400, 413, 414],
  'request.bad_url': 400,
  'request.invalid_if_match': 400,
  'request.unsupported_media_type': 415,
  'request.rate_limited': 429,
  'route.not_found': 404,
  'module.disabled': 404,
  'mail.not_found': 404,
  internal: 500,
} as const satisfies ErrorCodes;
