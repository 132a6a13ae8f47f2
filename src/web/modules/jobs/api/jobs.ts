import { api } from '../../../api/client.ts';

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface Job {
  id: string;
  type: string;
  status: JobStatus;
  progress: { done: number; total: number | null };
  message: string | null;
  error: string | null;
  attempts: number;
  resultUrl: string | null;
  resultName: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface ExportRequest {
  kind: 'people' | 'companies';
  format: 'csv' | 'xlsx';
  filter?: string | string[];
  q?: string;
  columns?: string[];
}

export const jobsKey = ['jobs'] as const;
export const fetchJobs = () => api.get<{ data: Job[] }>('/jobs', { limit: 10 });
export const cancelJob = (id: string) => api.post<Job>(`/jobs/${encodeURIComponent(id)}/cancel`);
export const startExport = (body: ExportRequest) => api.post<Job>('/exports', body);
export const isActive = (j: Job) => j.status === 'queued' || j.status === 'running';
