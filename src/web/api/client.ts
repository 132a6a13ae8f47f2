/**
 * The one fetch wrapper: same-origin cookies, CSRF header on every write, RFC 9457 problems turned into ApiError,
 * and a 401 anywhere (other than the login itself) hands control to the unauthorised handler (redirect to /login).
 */

export const API_BASE = '/api/v1';

export interface FieldProblem {
  pointer: string;
  detail: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly errors?: FieldProblem[];
  readonly retryAfter?: number;

  constructor(init: {
    status: number;
    code: string;
    title: string;
    detail: string;
    errors?: FieldProblem[];
    retryAfter?: number;
  }) {
    super(init.detail || init.title);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.title = init.title;
    this.detail = init.detail;
    if (init.errors) this.errors = init.errors;
    if (init.retryAfter !== undefined) this.retryAfter = init.retryAfter;
  }
}

export function isApiError(error: unknown, status?: number): error is ApiError {
  return error instanceof ApiError && (status === undefined || error.status === status);
}

let csrfFallback: string | null = null;
let unauthorizedHandler: (() => void) | null = null;

/** Remember the CSRF token from /auth/me or the login answer, for when the cookie cannot be read. */
export function setCsrfToken(token: string | null): void {
  csrfFallback = token;
}

export function onUnauthorized(handler: () => void): void {
  unauthorizedHandler = handler;
}

function readCookie(name: string): string | null {
  if (typeof document === 'undefined') return null;
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

function csrfToken(): string | null {
  return readCookie('rapport_csrf') ?? csrfFallback;
}

export type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[];
export type Query = Record<string, QueryValue>;

/** Builds `?a=1&filter=x&filter=y`: arrays repeat the key, empty values are left out. */
export function toQueryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      for (const item of value) params.append(key, String(item));
    } else {
      params.append(key, String(value));
    }
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function apiUrl(path: string, query?: Query): string {
  return `${API_BASE}${path}${toQueryString(query)}`;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: Query;
  body?: unknown;
  ifMatch?: string | null;
  signal?: AbortSignal;
  /** Do not send the user to /login on 401 (the login form handles its own 401). */
  skipAuthRedirect?: boolean;
}

export interface ApiResponse<T> {
  data: T;
  etag: string | null;
  status: number;
}

async function toApiError(response: Response): Promise<ApiError> {
  const retryHeader = response.headers.get('retry-after');
  const retryAfter = retryHeader && /^\d+$/.test(retryHeader) ? Number(retryHeader) : undefined;
  let problem: Record<string, unknown> = {};
  try {
    const text = await response.text();
    if (text) problem = JSON.parse(text) as Record<string, unknown>;
  } catch {
    problem = {};
  }
  const errors = Array.isArray(problem.errors)
    ? problem.errors
        .filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null)
        .map((e) => ({ pointer: String(e.pointer ?? ''), detail: String(e.detail ?? e.message ?? '') }))
    : undefined;
  return new ApiError({
    status: response.status,
    code: typeof problem.code === 'string' ? problem.code : `http.${response.status}`,
    title: typeof problem.title === 'string' ? problem.title : response.statusText || 'Request failed',
    detail: typeof problem.detail === 'string' ? problem.detail : '',
    ...(errors ? { errors } : {}),
    ...(retryAfter !== undefined ? { retryAfter } : {}),
  });
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  if (method !== 'GET') {
    const token = csrfToken();
    if (token) headers['x-csrf-token'] = token;
  }
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.ifMatch) headers['if-match'] = options.ifMatch;

  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError({
      status: 0,
      code: 'network.unreachable',
      title: 'Cannot reach Rapport',
      detail: 'The server did not answer. Check your connection and try again.',
    });
  }

  if (!response.ok) {
    const error = await toApiError(response);
    if (error.status === 401 && !options.skipAuthRedirect) unauthorizedHandler?.();
    throw error;
  }

  const etag = response.headers.get('etag');
  if (response.status === 204) return { data: undefined as T, etag, status: 204 };
  const text = await response.text();
  return { data: (text ? JSON.parse(text) : undefined) as T, etag, status: response.status };
}

export const api = {
  get: async <T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> =>
    (await request<T>(path, { query, ...(signal ? { signal } : {}) })).data,
  post: async <T>(path: string, body?: unknown): Promise<T> => (await request<T>(path, { method: 'POST', body })).data,
  patch: async <T>(path: string, body: unknown, ifMatch?: string | null): Promise<T> =>
    (await request<T>(path, { method: 'PATCH', body, ifMatch: ifMatch ?? null })).data,
  put: async <T>(path: string, body: unknown): Promise<T> => (await request<T>(path, { method: 'PUT', body })).data,
  delete: async (path: string): Promise<void> => {
    await request<void>(path, { method: 'DELETE' });
  },
};

/** Posts a form with a file (`multipart/form-data`, which the browser streams), with the CSRF header. */
export async function postForm<T>(path: string, form: FormData): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  const token = csrfToken();
  if (token) headers['x-csrf-token'] = token;
  let response: Response;
  try {
    response = await fetch(apiUrl(path), { method: 'POST', headers, credentials: 'same-origin', body: form });
  } catch {
    throw new ApiError({
      status: 0,
      code: 'network.unreachable',
      title: 'Cannot reach Rapport',
      detail: 'The server did not answer. Check your connection and try again.',
    });
  }
  if (!response.ok) {
    const error = await toApiError(response);
    if (error.status === 401) unauthorizedHandler?.();
    throw error;
  }
  return (await response.json()) as T;
}

/** The ETag to send back: the header if the server sent one, else the record's version as a strong tag. */
export function etagFor(etag: string | null | undefined, version: number | undefined): string | null {
  if (etag) return etag;
  return version === undefined ? null : `"${version}"`;
}

/** A sentence for a person to read, for any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 403) return error.detail || 'You do not have permission to do this.';
    if (error.status === 404) return error.detail || 'This record does not exist or was removed.';
    if (error.status === 429) return 'Too many requests. Wait a moment and try again.';
    if (error.status >= 500) return 'The server hit an error. Try again; if it keeps happening, tell your admin.';
    return error.detail || error.title;
  }
  if (error instanceof Error) return error.message;
  return 'Unexpected error.';
}
