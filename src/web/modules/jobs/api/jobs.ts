import { API_BASE, api } from '../../../api/client.ts';
import type { ObjectName } from '../../../api/types.ts';

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
  /** Any kind of record's list (the server exports every kind of the registry). */
  kind: ObjectName;
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

/**
 * Follows a job's server-sent events (`GET /jobs/{id}/events`): `onJob` gets the job at each change; the stream is
 * closed once the job ended (before the server closes it, so the browser does not reconnect) or could not be followed,
 * and `onEnd` is called. Returns a function that stops following.
 */
export function watchJob(id: string, onJob: (job: Job) => void, onEnd: () => void): () => void {
  const source = new EventSource(`${API_BASE}/jobs/${encodeURIComponent(id)}/events`);
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    source.close();
    onEnd();
  };
  source.addEventListener('job', (e) => {
    const job = JSON.parse((e as MessageEvent<string>).data) as Job;
    onJob(job);
    if (!isActive(job)) end();
  });
  source.onerror = () => {
    if (source.readyState === EventSource.CLOSED) end(); // 404 or logged out; a dropped connection reconnects itself
  };
  return () => {
    ended = true;
    source.close();
  };
}
