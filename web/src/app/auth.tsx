import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { Static } from 'typebox';
import type { SessionResponse, UserSchema } from '../../../server/src/platform/auth/auth.schemas.ts';
import { isApiError, request, setCsrfToken } from './api';

export type User = Static<typeof UserSchema>;
export type Role = User['role'];
export type Permission = User['permissions'][number];
type Session = Static<typeof SessionResponse>;

export const SESSION_KEY = ['auth', 'session'] as const;

async function fetchSession(): Promise<Session | null> {
  try {
    const session = await request<Session>('/api/auth/me', { redirectOn401: false });
    setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (isApiError(error) && error.status === 401) return null;
    throw error;
  }
}

/** The signed-in user (null when nobody is), with login and logout that keep the cache in step. */
export function useAuth() {
  const queryClient = useQueryClient();
  const session = useQuery({
    queryKey: SESSION_KEY,
    queryFn: fetchSession,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const user = session.data?.user ?? null;

  const login = useCallback(
    async (username: string, password: string, totpCode?: string) => {
      const next = await request<Session>('/api/auth/login', {
        method: 'POST',
        body: { username, password, ...(totpCode && { totpCode }) },
        redirectOn401: false,
      });
      setCsrfToken(next.csrfToken);
      queryClient.removeQueries();
      queryClient.setQueryData(SESSION_KEY, next);
      return next.user;
    },
    [queryClient],
  );

  const logout = useCallback(async () => {
    try {
      await request<void>('/api/auth/logout', { method: 'POST', redirectOn401: false });
    } finally {
      setCsrfToken(null);
      queryClient.removeQueries();
      queryClient.setQueryData(SESSION_KEY, null);
    }
  }, [queryClient]);

  /** With a list, the user needs every permission in it. */
  const can = useCallback(
    (needed: Permission | readonly Permission[]) =>
      (typeof needed === 'string' ? [needed] : needed).every(
        (permission) => user?.permissions.includes(permission) ?? false,
      ),
    [user],
  );

  return { user, loading: session.isPending, error: session.error, login, logout, can };
}
