export { customerValue } from './customer-value.ts';
export { ERP_SCHEDULE_JOB, ERP_SYNC_JOB, ErpConnector } from './erp-connector.service.ts';
export {
  type InvoicesRecords,
  invoicesRecords,
  type OrdersRecords,
  ordersRecords,
  type PaymentsRecords,
  paymentsRecords,
} from './erp-records.service.ts';
export { FINANCE_ERRORS } from './finance.errors.ts';
export { registerFinanceMetrics } from './finance.metrics.ts';
export { financeRoutes } from './finance.routes.ts';
export {
  creditStatusFrom,
  DEFAULT_CREDIT_RULES,
  type ErpImportChunkLog,
  type ErpOutcome,
  type ErpRecordKind,
  FinanceService,
  formatAmount,
  minorDigits,
} from './finance.service.ts';
