import { api } from '../../../api/client.ts';
import type { GoingColdItem, MyDay } from '../../../api/types.ts';

export const myDayKey = ['my-day'] as const;
export const fetchMyDay = () => api.get<MyDay>('/my-day');

export const fetchGoingCold = (scope: 'me' | 'team', object: 'people' | 'companies') =>
  api.get<{ data: GoingColdItem[]; total: number; totalCapped: boolean }>('/going-cold', { scope, object, limit: 10 });
