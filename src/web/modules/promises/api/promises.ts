import { api } from '../../../api/client.ts';
import type { CustomerPromise, ListPage, PromiseMetrics } from '../../../api/types.ts';

export interface NewPromise {
  description: string;
  personId?: string | null;
  companyId?: string | null;
  dueAt: string;
  department?: string;
}

const path = (id: string, action: string) => `/promises/${encodeURIComponent(id)}/${action}`;

export const createPromise = (body: NewPromise) => api.post<CustomerPromise>('/promises', body);
export const keepPromise = (id: string) => api.post<CustomerPromise>(path(id, 'keep'), {});
export const reopenPromise = (id: string) => api.post<CustomerPromise>(path(id, 'reopen'), {});
export const breakPromise = (id: string, reason?: string) =>
  api.post<CustomerPromise>(path(id, 'break'), reason ? { reason } : {});
export const renegotiatePromise = (id: string, newDueAt: string, note?: string) =>
  api.post<{ previous: CustomerPromise; promise: CustomerPromise }>(path(id, 'renegotiate'), {
    newDueAt,
    ...(note ? { note } : {}),
  });
export const tellCustomer = (id: string, body: { channel: string; body: string; subject?: string }) =>
  api.post<{ promise: CustomerPromise; activityId: string }>(path(id, 'tell-customer'), body);

/** Open promises of a record, and the broken ones the customer was not told about yet. */
export async function fetchRecordPromises(kind: 'people' | 'companies', id: string): Promise<CustomerPromise[]> {
  const key = kind === 'people' ? 'personId' : 'companyId';
  const [open, broken] = await Promise.all([
    api.get<ListPage<CustomerPromise>>('/promises', { status: 'open', [key]: id, limit: 20 }),
    api.get<ListPage<CustomerPromise>>('/promises', { status: 'broken', [key]: id, limit: 20 }),
  ]);
  return [...broken.data.filter((p) => !p.customerToldAt), ...open.data];
}

export const fetchPromiseMetrics = (from: string) =>
  api.get<PromiseMetrics>('/promises/metrics', { groupBy: 'user', from });
