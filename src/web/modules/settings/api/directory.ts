import { useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';
import type { Role, Team, User } from '../../../api/types.ts';

export const usersQueryKey = ['users'] as const;
export const teamsQueryKey = ['teams'] as const;
export const rolesQueryKey = ['roles'] as const;

export const fetchUsers = async (): Promise<User[]> => (await api.get<{ data: User[] }>('/users')).data;
export const fetchTeams = async (): Promise<Team[]> => (await api.get<{ data: Team[] }>('/teams')).data;
export const fetchRoles = async (): Promise<Role[]> => (await api.get<{ data: Role[] }>('/roles')).data;

/** Users for pickers and labels. Callers must cope with an error (a role without `users:read`). */
export function useUsers(enabled = true) {
  return useQuery({ queryKey: usersQueryKey, queryFn: fetchUsers, staleTime: 60_000, retry: false, enabled });
}

export function useTeams(enabled = true) {
  return useQuery({ queryKey: teamsQueryKey, queryFn: fetchTeams, staleTime: 60_000, retry: false, enabled });
}

export function useRoles(enabled = true) {
  return useQuery({ queryKey: rolesQueryKey, queryFn: fetchRoles, staleTime: 60_000, retry: false, enabled });
}

export function createUser(input: {
  email: string;
  name: string;
  password: string;
  roleId: string;
  teamIds: string[];
}): Promise<User> {
  return api.post<User>('/users', input);
}

export function updateUser(
  id: string,
  input: { name?: string; roleId?: string; teamIds?: string[]; active?: boolean },
): Promise<User> {
  return api.patch<User>(`/users/${encodeURIComponent(id)}`, input);
}

export const createTeam = (name: string) => api.post<Team>('/teams', { name });
export const renameTeam = (id: string, name: string) => api.patch<Team>(`/teams/${encodeURIComponent(id)}`, { name });
export const deleteTeam = (id: string) => api.delete(`/teams/${encodeURIComponent(id)}`);

export const createRole = (input: { key: string; name: string; policy: Role['policy'] }) =>
  api.post<Role>('/roles', input);
export const updateRole = (id: string, input: { name?: string; policy?: Role['policy'] }) =>
  api.patch<Role>(`/roles/${encodeURIComponent(id)}`, input);

/** Invites a user by email: no password yet; they set one through the mailed link. */
export function inviteUser(input: { email: string; name: string; roleId: string; teamIds: string[] }): Promise<User> {
  return api.post<User>('/users/invitations', input);
}

/** Forces a password reset: their password stops working, their sessions end, a link is mailed. */
export const forcePasswordReset = (id: string) => api.post<void>(`/users/${encodeURIComponent(id)}/reset-password`);
