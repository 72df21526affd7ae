import { queryOptions } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type * as users from '../../../../server/src/modules/users/users.schemas.ts';
import { ApiError, api, csrfHeader, type Problem, withQuery } from '../../app/api';
import i18n from '../../app/i18n';

// Types come from the server's schemas, so the two cannot drift apart.
export type User = users.User;
export type UserState = users.UserState;
export type CreateUserBody = users.CreateUserBody;
export type UpdateUserBody = users.UpdateUserBody;
export type UserWithPassword = Static<typeof users.UserWithPassword>;
export type ImportResult = Static<typeof users.ImportResponse>;

export const STATES: readonly UserState[] = ['active', 'disabled', 'locked'];

export interface UsersQuery {
  role?: string;
  areaCode?: string;
  state?: string;
  text?: string;
  page?: number;
  pageSize?: number;
}

export const userQueries = {
  list: (query: UsersQuery) =>
    queryOptions({
      queryKey: ['users', 'list', i18n.language, query],
      queryFn: ({ signal }) =>
        api.get<{ items: User[]; total: number }>(
          withQuery('/api/users', query as Record<string, string | number | undefined>),
          signal,
        ),
    }),
  grants: () =>
    queryOptions({
      queryKey: ['users', 'grants'],
      queryFn: ({ signal }) => api.get<{ roles: User['role'][] }>('/api/users/grants', signal),
      staleTime: 10 * 60_000,
    }),
};

export const createUser = (body: CreateUserBody) => api.post<UserWithPassword>('/api/users', body);
export const updateUser = (id: string, body: UpdateUserBody) => api.patch<User>(`/api/users/${id}`, body);
export const userAction = (id: string, action: 'disable' | 'enable' | 'unlock') =>
  api.post<User>(`/api/users/${id}/${action}`);
export const resetPassword = (id: string) => api.post<UserWithPassword>(`/api/users/${id}/reset-password`);

/** Sends the file itself as the body (CSV or XLSX), as ledgers are uploaded. */
export async function importUsers(file: File, dryRun: boolean): Promise<ImportResult> {
  let response: Response;
  try {
    response = await fetch(withQuery('/api/users/import', { dryRun: dryRun ? 'true' : undefined }), {
      method: 'POST',
      headers: {
        Accept: 'application/json',
        'Accept-Language': i18n.language,
        'Content-Type': 'application/octet-stream',
        ...csrfHeader(),
      },
      body: file,
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError({ status: 0, code: 'network_error', detail: i18n.t('error.network') });
  }
  const body = (await response.json().catch(() => null)) as (ImportResult & Problem) | null;
  if (response.ok && body) return body;
  throw new ApiError(
    body?.code
      ? { ...body, status: response.status }
      : {
          status: response.status,
          code: `http_${response.status}`,
          detail: i18n.t('error.server', { status: response.status }),
        },
  );
}

/** Offers the passwords XLSX (base64 in the answer) as a download. */
export function downloadBase64(base64: string, fileName: string) {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(
    new Blob([bytes], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }),
  );
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
