import i18n from './i18n';

/** An RFC 9457 problem as the server sends it: stable `code`, translated `detail`, extra fields. */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  code: string;
  detail?: string;
  [extra: string]: unknown;
}

/** One page of a list answer (`GET /api/…?page=&pageSize=`). */
export type Page<T> = { items: T[]; total: number };

/** A failed API call. `problem` keeps the extra fields (`errors`, `current`, `retryAfterSeconds`…). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly problem: Problem;

  constructor(problem: Problem) {
    const detail = problem.detail ?? problem.title ?? problem.code;
    super(detail);
    this.name = 'ApiError';
    this.status = problem.status;
    this.code = problem.code;
    this.detail = detail;
    this.problem = problem;
  }

  /** An extra field of the problem, e.g. `errors` on `invalid_boundary`. */
  extra<T>(name: string): T | undefined {
    return this.problem[name] as T | undefined;
  }
}

export function isApiError(error: unknown, code?: string): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}

let csrfToken: string | null = null;
let onUnauthorized: () => void = () => {};

/** Set from the login and `me` responses; sent on every write. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The CSRF header for a write sent without `request` (an upload through XMLHttpRequest). */
export function csrfHeader(): Record<string, string> {
  return csrfToken ? { 'x-csrf-token': csrfToken } : {};
}

/** The answers of a session that owes an account step first (a new password, a second factor). */
const RESTRICTED = new Set(['password_change_required', 'totp_enrolment_required']);
let onRestricted: () => void = () => {};

/** Called when a request is refused until the account step is done: the app shows the account page. */
export function setRestrictedHandler(handler: () => void): void {
  onRestricted = handler;
}

/** Called when a request comes back 401: the session is gone, so the app goes to the login page. */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Sent as JSON unless it is already a string (an uploaded file's text) or a Blob (a file as it is). */
  body?: unknown;
  signal?: AbortSignal;
  /** Auth calls handle 401 themselves instead of leaving the page. */
  redirectOn401?: boolean;
  /** Extra headers, e.g. `Accept-Language` to read names in a language other than the user's. */
  headers?: Record<string, string>;
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': i18n.language };
  Object.assign(headers, options.headers);
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let body: string | Blob | undefined;
  if (options.body instanceof Blob) {
    // A file as it is (a Shapefile zip, a KMZ): its type says what it is.
    headers['Content-Type'] ??= options.body.type || 'application/octet-stream';
    body = options.body;
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  }

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new ApiError({ status: 0, code: 'network_error', detail: i18n.t('error.network') });
  }

  if (response.ok) {
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }
  const problem = await readProblem(response);
  if (response.status === 401 && options.redirectOn401 !== false) onUnauthorized();
  if (response.status === 403 && RESTRICTED.has(problem.code)) onRestricted();
  throw new ApiError(problem);
}

async function readProblem(response: Response): Promise<Problem> {
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      const body = (await response.json()) as Partial<Problem>;
      if (typeof body.code === 'string') return { ...body, status: response.status, code: body.code };
    } catch {
      // fall through to the generic problem below
    }
  }
  return {
    status: response.status,
    code: `http_${response.status}`,
    detail: i18n.t('error.server', { status: response.status }),
  };
}

export const api = {
  get: <T>(path: string, signal?: AbortSignal) => request<T>(path, { signal }),
  post: <T>(path: string, body?: unknown) => request<T>(path, { method: 'POST', body }),
  patch: <T>(path: string, body: unknown) => request<T>(path, { method: 'PATCH', body }),
  put: <T>(path: string, body: unknown) => request<T>(path, { method: 'PUT', body }),
  delete: <T>(path: string) => request<T>(path, { method: 'DELETE' }),
};

/** Builds `path?a=1&b=2`, leaving out empty values. */
export function withQuery(path: string, query: Record<string, string | number | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}
