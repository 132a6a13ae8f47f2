import { api } from '../../../api/client.ts';
import type { components } from '../../../api/schema.d.ts';

export type Merge = components['schemas']['Merge'];
export type MergeKind = 'people' | 'companies';

export const mergesKey = (kind: MergeKind, survivorId: string) => ['merges', kind, survivorId] as const;

export const fetchMerges = (kind: MergeKind, survivorId: string) =>
  api.get<{ data: Merge[] }>('/merges', { kind, survivorId });

export const mergeRecords = (
  kind: MergeKind,
  body: { survivorId: string; mergedIds: string[]; fields: Record<string, string> },
) => api.post<Merge>(`/${kind}/merge`, body);

export const undoMerge = (id: string) => api.post<Merge>(`/merges/${encodeURIComponent(id)}/undo`);
