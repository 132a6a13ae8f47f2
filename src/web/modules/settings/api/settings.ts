import { api, request } from '../../../api/client.ts';
import type { ApiToken, AuditEntry, CustomFieldDef, ListPage, ObjectName, Workspace } from '../../../api/types.ts';

export const workspaceQueryKey = ['workspace'] as const;

export async function fetchWorkspace(): Promise<{ workspace: Workspace; etag: string | null }> {
  const { data, etag } = await request<Workspace>('/workspace');
  return { workspace: data, etag };
}

export async function updateWorkspace(
  body: Partial<Workspace>,
  ifMatch: string | null,
): Promise<{ workspace: Workspace; etag: string | null }> {
  const { data, etag } = await request<Workspace>('/workspace', { method: 'PATCH', body, ifMatch });
  return { workspace: data, etag };
}

export const customFieldsQueryKey = (object: ObjectName) => ['custom-fields', object] as const;

export async function fetchCustomFields(object: ObjectName): Promise<CustomFieldDef[]> {
  return (await api.get<{ data: CustomFieldDef[] }>('/custom-fields', { object })).data;
}

export type CustomFieldInput = Pick<CustomFieldDef, 'label' | 'type' | 'options' | 'required' | 'helpText'> & {
  object?: ObjectName;
  key?: string;
};

export const createCustomField = (body: CustomFieldInput) => api.post<CustomFieldDef>('/custom-fields', body);
export const updateCustomField = (id: string, body: Partial<CustomFieldInput>) =>
  api.patch<CustomFieldDef>(`/custom-fields/${encodeURIComponent(id)}`, body);
export const deleteCustomField = (id: string) => api.delete(`/custom-fields/${encodeURIComponent(id)}`);

export const tokensQueryKey = ['tokens'] as const;
export const fetchTokens = async (): Promise<ApiToken[]> => (await api.get<{ data: ApiToken[] }>('/tokens')).data;
export const createToken = (body: {
  name: string;
  scopes: Record<string, 'read' | 'write'>;
  expiresInDays: number | null;
}) => api.post<ApiToken & { token: string }>('/tokens', body);
export const revokeToken = (id: string) => api.delete(`/tokens/${encodeURIComponent(id)}`);

export interface AuditQuery {
  object?: string | undefined;
  action?: string | undefined;
  actorId?: string | undefined;
  recordId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export const fetchAudit = (query: AuditQuery, cursor: string | null) =>
  api.get<ListPage<AuditEntry>>('/audit', { ...query, cursor, limit: 50 });

export interface DevMailSummary {
  id: string;
  from: string;
  to: string;
  subject: string;
  createdAt: string;
}
export interface DevMailbox {
  mode: 'smtp' | 'dev-mailbox';
  outbox: { pending: number; failed: number };
  data: DevMailSummary[];
}
export const mailboxQueryKey = ['settings', 'mailbox'] as const;
export const fetchMailbox = () => api.get<DevMailbox>('/settings/mailbox');
export const fetchDevMail = (id: string) =>
  api.get<DevMailSummary & { html: string; text: string }>(`/settings/mailbox/${encodeURIComponent(id)}`);
