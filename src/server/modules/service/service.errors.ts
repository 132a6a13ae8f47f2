/** Error codes of the service module (cases, case types, SLA policies, holidays) and their HTTP status. */
import { AppError, type FieldError } from '../../platform/errors.ts';

export const SERVICE_ERRORS = {
  'cases.not_found': 404,
  'cases.requirements': 400,
  'case_types.not_found': 404,
  'sla_policies.not_found': 404,
  'sla_policies.duplicate': 409,
  'csat.link_invalid': 400,
  'csat.link_expired': 410,
  'csat.not_resolved': 409,
} as const;

export type ServiceErrorCode = keyof typeof SERVICE_ERRORS;

export const serviceError = (code: ServiceErrorCode, title: string, detail: string, errors?: FieldError[]): AppError =>
  new AppError(code, SERVICE_ERRORS[code], title, detail, errors);
