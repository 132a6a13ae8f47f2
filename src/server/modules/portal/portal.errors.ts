/** Error codes of the portal module (customer sign-in, requests, invitations) and their HTTP status. */
import { AppError, type FieldError } from '../../platform/errors.ts';

export const PORTAL_ERRORS = {
  'portal.link_invalid': 400,
  'portal.rate_limited': 429,
  'portal.request_not_found': 404,
  'portal.not_invited': 404,
  'portal.invitation_invalid': 422,
  'portal.not_resolved': 409,
  'portal.attachment_not_found': 404,
  'portal.attachment_refused': 422,
} as const;

export type PortalErrorCode = keyof typeof PORTAL_ERRORS;

export const portalError = (code: PortalErrorCode, title: string, detail: string, errors?: FieldError[]): AppError =>
  new AppError(code, PORTAL_ERRORS[code], title, detail, errors);
