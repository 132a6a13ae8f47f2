/** Error codes of case email (attachments) and canned responses, and their HTTP status. */
import { AppError, type FieldError } from '../../platform/errors.ts';

export const EMAIL_ERRORS = {
  'case_attachments.not_found': 404,
  'canned_responses.not_found': 404,
  'canned_responses.unknown_placeholder': 422,
} as const;

export type EmailErrorCode = keyof typeof EMAIL_ERRORS;

export const emailError = (code: EmailErrorCode, title: string, detail: string, errors?: FieldError[]): AppError =>
  new AppError(code, EMAIL_ERRORS[code], title, detail, errors);
