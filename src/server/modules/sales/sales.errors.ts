/** Error codes of the sales module (pipelines, stages, lost reasons, deals) and their HTTP status. */
import { AppError, type FieldError } from '../../platform/errors.ts';

export const SALES_ERRORS = {
  'pipelines.not_found': 404,
  'sales.pipeline_shape': 400,
  'sales.stage_has_deals': 409,
  'sales.pipeline_has_deals': 409,
  'sales.unknown_required_field': 400,
  'deals.stage_requirements': 400,
  'deals.bad_period': 400,
  'deals.lines_invalid': 400,
  'deals.not_found': 404,
  'quotas.not_found': 404,
  'products.not_found': 404,
  'products.sku_taken': 409,
  'lead_forms.not_found': 404,
  'lead_forms.invalid_submission': 400,
} as const;

export type SalesErrorCode = keyof typeof SALES_ERRORS;

export const salesError = (code: SalesErrorCode, title: string, detail: string, errors?: FieldError[]): AppError =>
  new AppError(code, SALES_ERRORS[code], title, detail, errors);
