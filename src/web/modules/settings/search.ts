import type { ObjectName } from '../../api/types.ts';

/** URL state of the settings pages, kept apart from the (lazily loaded) pages themselves. */

export function validateFieldsSearch(raw: Record<string, unknown>): { object?: ObjectName } {
  return raw.object === 'companies' ? { object: 'companies' } : {};
}

export interface AuditSearch {
  object?: string;
  action?: string;
  actorId?: string;
  recordId?: string;
  from?: string;
  to?: string;
}

export function validateAuditSearch(raw: Record<string, unknown>): AuditSearch {
  const out: AuditSearch = {};
  for (const key of ['object', 'action', 'actorId', 'recordId', 'from', 'to'] as const) {
    const v = raw[key];
    if (typeof v === 'string' && v) out[key] = v;
  }
  return out;
}
