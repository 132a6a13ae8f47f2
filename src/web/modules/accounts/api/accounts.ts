/** The accounts module's API calls: ERP orders, invoices and payments, credit rules and status, the accounts home. */
import type { QueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';
import type { components } from '../../../api/schema.d.ts';
import type { ListPage } from '../../../api/types.ts';

type Schemas = components['schemas'];
export type Invoice = Schemas['Invoice'] & { id: string };
export type Order = Schemas['Order'] & { id: string };
export type Payment = Schemas['Payment'] & { id: string };
export type CreditRules = Schemas['CreditRules'];
export type AccountsOverview = Schemas['AccountsOverview'];
export type CompanyCredit = Schemas['CompanyCredit'];
export type CreditStatus = CompanyCredit['status'];
export type CustomerValue = Schemas['CustomerValue'];

export const SEGMENT_LABEL: Record<CustomerValue['rfm']['segment'], string> = {
  champions: 'Champion',
  loyal: 'Loyal',
  new: 'New',
  promising: 'Promising',
  at_risk: 'At risk',
  hibernating: 'Hibernating',
  none: 'No orders yet',
};

export const companyValue = (companyId: string) => ({
  queryKey: ['accounts', 'value', companyId] as const,
  queryFn: () => api.get<CustomerValue>(`/companies/${encodeURIComponent(companyId)}/value`),
});

export const CREDIT_LABEL: Record<CreditStatus, string> = { good: 'Good', watch: 'Watch', hold: 'Hold' };

const companyFilter = (companyId: string) => [`companyId:eq:${companyId}`];

export const companyInvoices = (companyId: string) => ({
  queryKey: ['accounts', 'invoices', companyId] as const,
  queryFn: () =>
    api.get<ListPage<Invoice>>('/invoices', { filter: companyFilter(companyId), sort: '-dueAt', limit: 20 }),
});

export const companyOrders = (companyId: string) => ({
  queryKey: ['accounts', 'orders', companyId] as const,
  queryFn: () =>
    api.get<ListPage<Order>>('/orders', { filter: companyFilter(companyId), sort: '-orderedAt', limit: 10 }),
});

export const companyPayments = (companyId: string) => ({
  queryKey: ['accounts', 'payments', companyId] as const,
  queryFn: () =>
    api.get<ListPage<Payment>>('/payments', { filter: companyFilter(companyId), sort: '-paidAt', limit: 10 }),
});

export const creditRulesQuery = {
  queryKey: ['accounts', 'credit-rules'] as const,
  queryFn: () => api.get<CreditRules>('/accounts/credit-rules'),
};

export const overviewQuery = {
  queryKey: ['accounts', 'overview'] as const,
  queryFn: () => api.get<AccountsOverview>('/accounts/overview'),
};

export const saveCreditRules = (rules: CreditRules) => api.put<CreditRules>('/accounts/credit-rules', rules);

export const setCreditStatus = (companyId: string, body: { status: CreditStatus; reason: string }) =>
  api.put<unknown>(`/companies/${encodeURIComponent(companyId)}/credit-status`, body);

export const clearCreditStatus = (companyId: string) =>
  api.delete(`/companies/${encodeURIComponent(companyId)}/credit-status`);

/** After a credit change: the company, its card and every accounts view read again. */
export function refreshCredit(queryClient: QueryClient): void {
  void queryClient.invalidateQueries({ queryKey: ['companies'] });
  void queryClient.invalidateQueries({ queryKey: ['card'] });
  void queryClient.invalidateQueries({ queryKey: ['accounts'] });
  void queryClient.invalidateQueries({ queryKey: ['timeline'] });
}

// ---------- the ERP pull connector ----------

export type ErpConnection = Schemas['ErpConnection'];
export type ErpConnectionInput = Schemas['ErpConnectionInput'];
export type ErpFeed = Schemas['ErpFeed'];
export type ErpSyncRun = Schemas['ErpSyncRun'];
export type ErpEntity = ErpSyncRun['entities'][number]['entity'];

export const ERP_ENTITY_LABEL: Record<ErpEntity, string> = {
  companies: 'Companies',
  orders: 'Orders',
  invoices: 'Invoices',
  payments: 'Payments',
};

/** Rapport's fields per entity, as the feed mapping names them (money split into amount and currency). */
export const ERP_FIELDS: Record<ErpEntity, string[]> = {
  companies: [
    'externalId',
    'name',
    'domain',
    'creditLimit.amountMinor',
    'creditLimit.currency',
    'updatedAt',
    'deleted',
  ],
  orders: [
    'externalId',
    'companyExternalId',
    'personId',
    'number',
    'orderedAt',
    'status',
    'total.amountMinor',
    'total.currency',
    'lines',
    'updatedAt',
    'deleted',
  ],
  invoices: [
    'externalId',
    'companyExternalId',
    'personId',
    'number',
    'issuedAt',
    'dueAt',
    'status',
    'total.amountMinor',
    'total.currency',
    'amountPaid.amountMinor',
    'amountPaid.currency',
    'lines',
    'updatedAt',
    'deleted',
  ],
  payments: [
    'externalId',
    'companyExternalId',
    'personId',
    'invoiceExternalId',
    'paidAt',
    'amount.amountMinor',
    'amount.currency',
    'method',
    'updatedAt',
    'deleted',
  ],
};

export const erpConnectionQuery = {
  queryKey: ['accounts', 'erp-connection'] as const,
  queryFn: () => api.get<ErpConnection>('/erp/connection'),
};

export const erpRunsQuery = {
  queryKey: ['accounts', 'erp-runs'] as const,
  queryFn: () => api.get<{ data: ErpSyncRun[] }>('/erp/sync-runs'),
};

export const saveErpConnection = (body: ErpConnectionInput) => api.put<ErpConnection>('/erp/connection', body);

export const runErpSync = () => api.post<ErpSyncRun>('/erp/sync', {});
