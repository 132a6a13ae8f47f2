import { api } from '../../../api/client.ts';
import type { components } from '../../../api/schema.d.ts';

export type Pipeline = components['schemas']['Pipeline'];
export type PipelineStage = components['schemas']['PipelineStage'];
export type LostReason = components['schemas']['LostReason'];
export type StageOutcome = PipelineStage['outcome'];

/** What the stage editor sends: existing stages keep their id, new ones have none. */
export interface StageDraft {
  id?: string;
  name: string;
  probability: number;
  stalledAfterDays: number | null;
  requiredFields: string[];
  playbook: string | null;
  outcome: StageOutcome;
}

export const REQUIRABLE_FIELDS: { value: string; label: string }[] = [
  { value: 'amount', label: 'Amount' },
  { value: 'expectedCloseDate', label: 'Expected close date' },
  { value: 'companyId', label: 'Company' },
  { value: 'people', label: 'People' },
  { value: 'source', label: 'Source' },
  { value: 'nextStep', label: 'Next step' },
  { value: 'nextStepDate', label: 'Next step date' },
];

/** A sensible first pipeline, which the admin then describes in their own words. */
export const TEMPLATE_STAGES: StageDraft[] = [
  { name: 'Qualified', probability: 20, stalledAfterDays: 14, requiredFields: [], playbook: null, outcome: 'open' },
  {
    name: 'Proposal',
    probability: 50,
    stalledAfterDays: 21,
    requiredFields: ['amount'],
    playbook: null,
    outcome: 'open',
  },
  {
    name: 'Negotiation',
    probability: 80,
    stalledAfterDays: 14,
    requiredFields: ['amount', 'expectedCloseDate'],
    playbook: null,
    outcome: 'open',
  },
  { name: 'Won', probability: 100, stalledAfterDays: null, requiredFields: [], playbook: null, outcome: 'won' },
  { name: 'Lost', probability: 0, stalledAfterDays: null, requiredFields: [], playbook: null, outcome: 'lost' },
];

export const pipelinesKey = ['pipelines'] as const;
export const lostReasonsKey = ['lost-reasons'] as const;

export const fetchPipelines = async () =>
  (await api.get<{ data: Pipeline[] }>('/pipelines', { includeArchived: true })).data;
export const createPipeline = (body: { name: string; stages: StageDraft[] }) => api.post<Pipeline>('/pipelines', body);
export const updatePipeline = (
  p: Pipeline,
  body: { name?: string; archived?: boolean; stages?: StageDraft[]; stageMoves?: Record<string, string> },
) => api.patch<Pipeline>(`/pipelines/${encodeURIComponent(p.id)}`, body, `"${p.version}"`);
export const deletePipeline = (id: string) => api.delete(`/pipelines/${encodeURIComponent(id)}`);
export const fetchLostReasons = async () =>
  (await api.get<{ data: LostReason[] }>('/lost-reasons', { includeInactive: true })).data;
export const replaceLostReasons = async (reasons: { id?: string; label: string; active: boolean }[]) =>
  (await api.put<{ data: LostReason[] }>('/lost-reasons', { reasons })).data;
