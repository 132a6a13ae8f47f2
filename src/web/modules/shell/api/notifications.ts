import { api } from '../../../api/client.ts';
import type { AppNotification } from '../../../api/types.ts';

export const notificationsKey = ['notifications'] as const;
export const fetchNotifications = () =>
  api.get<{ data: AppNotification[]; unread: number }>('/notifications', { limit: 30 });
export const markRead = (id: string) => api.post<unknown>(`/notifications/${encodeURIComponent(id)}/read`);
export const markAllRead = () => api.post<{ updated: number }>('/notifications/read-all');
