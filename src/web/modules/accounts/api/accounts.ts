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
