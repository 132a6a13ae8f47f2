/** Error codes of the finance (accounts) module: orders, invoices, payments, ERP sync, credit control. */
import { AppError, type FieldError } from '../../platform/errors.ts';

export const FINANCE_ERRORS = {
  'orders.not_found': 404,
  'invoices.not_found': 404,
  'payments.not_found': 404,
  'credit.on_hold': 409,
  'erp.not_configured': 409,
  'erp.sync_running': 409,
  'erp_sync_runs.not_found': 404,
} as const;

export type FinanceErrorCode = keyof typeof FINANCE_ERRORS;

export const financeError = (code: FinanceErrorCode, title: string, detail: string, errors?: FieldError[]): AppError =>
  new AppError(code, FINANCE_ERRORS[code], title, detail, errors);
