import { api, request } from '../../../api/client.ts';

export interface PasswordLink {
  purpose: 'reset' | 'invite';
  email: string;
  name: string;
  expiresAt: string;
}

export const changePassword = (currentPassword: string, newPassword: string) =>
  api.post<{ sessionsEnded: number }>('/auth/password', { currentPassword, newPassword });

export async function forgotPassword(email: string): Promise<string> {
  const { data } = await request<{ message: string }>('/auth/forgot-password', {
    method: 'POST',
    body: { email },
    skipAuthRedirect: true,
  });
  return data.message;
}

export async function checkPasswordLink(token: string): Promise<PasswordLink> {
  const { data } = await request<PasswordLink>('/auth/password-link', { query: { token }, skipAuthRedirect: true });
  return data;
}

export async function resetPassword(token: string, password: string): Promise<void> {
  await request<void>('/auth/reset-password', { method: 'POST', body: { token, password }, skipAuthRedirect: true });
}
