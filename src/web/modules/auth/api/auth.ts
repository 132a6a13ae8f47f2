import { api, request, setCsrfToken } from '../../../api/client.ts';
import type { CurrentUser, Me } from '../../../api/types.ts';

export const meQueryKey = ['auth', 'me'] as const;

export async function fetchMe(): Promise<Me> {
  const me = await api.get<Me>('/auth/me');
  setCsrfToken(me.csrfToken);
  return me;
}

export const meQueryOptions = {
  queryKey: meQueryKey,
  queryFn: fetchMe,
  staleTime: 5 * 60_000,
  retry: false,
} as const;

export async function login(email: string, password: string): Promise<{ user: CurrentUser; csrfToken: string }> {
  const { data } = await request<{ user: CurrentUser; csrfToken: string }>('/auth/login', {
    method: 'POST',
    body: { email, password },
    skipAuthRedirect: true,
  });
  setCsrfToken(data.csrfToken);
  return data;
}

export async function logout(everywhere: boolean): Promise<void> {
  await request<void>(everywhere ? '/auth/logout-everywhere' : '/auth/logout', {
    method: 'POST',
    skipAuthRedirect: true,
  });
  setCsrfToken(null);
}
