import { language } from './i18n';

export interface Answer<T = unknown> {
  status: number;
  body: T;
}
export interface Problem {
  code?: string;
  detail?: string;
}

let csrfToken: string | null = null;
export const setCsrfToken = (token: string | null) => {
  csrfToken = token;
};

export async function call<T = unknown>(
  path: string,
  method: 'GET' | 'POST' = 'GET',
  json?: unknown,
): Promise<Answer<T>> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': language() === 'en' ? 'en' : 'zh-CN',
  };
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  if (json !== undefined) headers['Content-Type'] = 'application/json';
  try {
    const response = await fetch(path, {
      method,
      headers,
      body: json === undefined ? undefined : JSON.stringify(json),
      credentials: 'same-origin',
      cache: 'no-store',
    });
    const type = response.headers.get('content-type') ?? '';
    return {
      status: response.status,
      body: (type.includes('json') ? await response.json().catch(() => null) : null) as T,
    };
  } catch {
    return { status: 0, body: null as T };
  }
}

/** The problem's text, or a generic one when the server did not answer. */
export const problemText = (answer: Answer<unknown>) =>
  (answer.body as Problem | null)?.detail ?? (language() === 'en' ? 'No connection' : '网络不可用');
