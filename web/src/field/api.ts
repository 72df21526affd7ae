import type { Static } from 'typebox';
import type { UserSchema } from '../../../server/src/platform/auth/auth.schemas.ts';
import { language } from './i18n';

/** The server's answer: status 0 when there was none (offline, DNS, connection reset). */
export interface Answer<T = unknown> {
  status: number;
  body: T;
}

export interface Problem {
  code?: string;
  detail?: string;
  /** Per field, with `invalid_field` (e.g. the password policy's reasons). */
  errors?: { field: string; message: string }[];
}

let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}
export const hasCsrfToken = () => csrfToken !== null;

export interface CallOptions {
  method?: 'GET' | 'POST';
  json?: unknown;
  blob?: Blob;
  idempotencyKey?: string;
}

export async function call<T = unknown>(path: string, options: CallOptions = {}): Promise<Answer<T>> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': language() === 'en' ? 'en' : 'zh-CN',
  };
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  if (options.idempotencyKey) headers['Idempotency-Key'] = `"${options.idempotencyKey}"`;
  let body: BodyInit | undefined;
  if (options.blob) {
    headers['Content-Type'] = options.blob.type || 'application/octet-stream';
    body = options.blob;
  } else if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body, credentials: 'same-origin', cache: 'no-store' });
  } catch {
    return { status: 0, body: null as T };
  }
  const type = response.headers.get('content-type') ?? '';
  const parsed = type.includes('json') ? await response.json().catch(() => null) : null;
  return { status: response.status, body: parsed as T };
}

/**
 * The signed-in user as the field app shows it (the server's UserSchema). `mustChangePassword`: a
 * new account's temporary password (or one an administrator reset); the server refuses the rest
 * until it is changed.
 */
export type User = Pick<
  Static<typeof UserSchema>,
  'id' | 'username' | 'displayName' | 'role' | 'areaCode' | 'areaName' | 'mustChangePassword'
>;

interface SessionBody {
  user: User;
  csrfToken: string;
}

/** The signed-in user (remembered for offline starts), null when the session has ended. */
export async function fetchSession(): Promise<{ user: User | null; offline: boolean }> {
  const answer = await call<SessionBody>('/api/auth/me');
  if (answer.status === 0 || answer.status >= 500) {
    const saved = localStorage.getItem(USER_KEY);
    return { user: saved ? (JSON.parse(saved) as User) : null, offline: true };
  }
  if (answer.status !== 200) {
    setCsrfToken(null);
    return { user: null, offline: false };
  }
  setCsrfToken(answer.body.csrfToken);
  localStorage.setItem(USER_KEY, JSON.stringify(answer.body.user));
  return { user: answer.body.user, offline: false };
}

const USER_KEY = 'cg.field.user';

export async function logIn(username: string, password: string): Promise<Answer<SessionBody | Problem>> {
  const answer = await call<SessionBody>('/api/auth/login', { method: 'POST', json: { username, password } });
  if (answer.status === 200) {
    setCsrfToken(answer.body.csrfToken);
    localStorage.setItem(USER_KEY, JSON.stringify(answer.body.user));
  }
  return answer;
}

/** Replaces the password (the temporary one at the first login); the session goes on. */
export async function changePassword(
  currentPassword: string,
  newPassword: string,
): Promise<Answer<Problem | null>> {
  return call<Problem | null>('/api/auth/password', {
    method: 'POST',
    json: { currentPassword, newPassword },
  });
}

export async function logOut(): Promise<void> {
  await call('/api/auth/logout', { method: 'POST' });
  setCsrfToken(null);
  localStorage.removeItem(USER_KEY);
}

/** GET answers kept for offline use (categories, today's tasks): the fresh one when online. */
export async function cachedGet<T>(
  path: string,
): Promise<{ data: T | null; stale: boolean; problem?: Problem }> {
  const key = `cg.field.cache:${path}`;
  const answer = await call<T>(path);
  if (answer.status === 200) {
    localStorage.setItem(key, JSON.stringify(answer.body));
    return { data: answer.body, stale: false };
  }
  const saved = localStorage.getItem(key);
  const problem = answer.status === 0 ? undefined : (answer.body as Problem);
  return { data: saved ? (JSON.parse(saved) as T) : null, stale: true, problem };
}
