import { api, request } from '../../../api/client.ts';
import type { ListPage, Task } from '../../../api/types.ts';

export interface NewTask {
  title: string;
  notes?: string | null;
  dueAt?: string | null;
  priority?: Task['priority'];
  personId?: string | null;
  companyId?: string | null;
}

export const createTask = (body: NewTask) => api.post<Task>('/tasks', body);
export const completeTask = (id: string) => api.post<Task>(`/tasks/${encodeURIComponent(id)}/complete`);

/** Re-open a task completed by mistake (the undo of "complete"). */
export async function reopenTask(id: string): Promise<Task> {
  return (await request<Task>(`/tasks/${encodeURIComponent(id)}`, { method: 'PATCH', body: { status: 'open' } })).data;
}

export function fetchRecordTasks(kind: 'people' | 'companies', id: string): Promise<ListPage<Task>> {
  return api.get<ListPage<Task>>('/tasks', {
    status: 'open',
    [kind === 'people' ? 'personId' : 'companyId']: id,
    limit: 20,
  });
}
