/**
 * The portal app's API client: `/api/portal/v1`, the portal session cookie (sent by the browser) and its CSRF token
 * (read from the `rapport_portal_csrf` cookie, echoed on writes). Never the staff API.
 */
import type { components } from '../web/api/schema.d.ts';

type Schemas = components['schemas'];
export type PortalMe = Schemas['PortalMe'];
export type PortalBrand = Schemas['PortalBrand'];
export type PortalRequest = Schemas['PortalRequest'];
export type PortalRequestDetail = Schemas['PortalRequestDetail'];
export type PortalProfile = Schemas['PortalProfile'];
export type PortalUpdateProfile = Schemas['PortalUpdateProfile'];
export type ArticleHit = Schemas['ArticleHit'];
export type PublicArticle = Schemas['PublicArticle'];
export type RatingLink = Schemas['RatingLink'];
export type PortalRequestRating = Schemas['PortalRequestRating'];
export type PortalUpload = Schemas['PortalUpload'];

/** Files chosen in a form, read as the API takes them (base64). */
export async function uploads(files: File[]): Promise<PortalUpload[]> {
  return Promise.all(
    files.map(
      (f) =>
        new Promise<PortalUpload>((resolve, reject) => {
          const reader = new FileReader();
          reader.onload = () =>
            resolve({
              filename: f.name,
              contentType: f.type || 'application/octet-stream',
              content: String(reader.result).replace(/^data:[^,]*,/, ''),
            });
          reader.onerror = () => reject(new PortalError(0, 'file', `${f.name} could not be read.`));
          reader.readAsDataURL(f);
        }),
    ),
  );
}

export const PORTAL_API = '/api/portal/v1';

export class PortalError extends Error {
  readonly status: number;
  readonly code: string;
  readonly errors: { pointer: string; detail: string }[];
  constructor(status: number, code: string, message: string, errors: { pointer: string; detail: string }[] = []) {
    super(message);
    this.status = status;
    this.code = code;
    this.errors = errors;
  }
}

function csrf(): string | null {
  const m = /(?:^|;\s*)rapport_portal_csrf=([^;]+)/.exec(document.cookie);
  return m ? decodeURIComponent(m[1]!) : null;
}

export async function call<T>(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const token = csrf();
  if (method !== 'GET' && token) headers['x-csrf-token'] = token;
  let res: Response;
  try {
    res = await fetch(`${PORTAL_API}${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    throw new PortalError(0, 'network', 'We could not reach the server. Check your connection and try again.');
  }
  const text = await res.text();
  const data = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  if (!res.ok) {
    throw new PortalError(
      res.status,
      String(data.code ?? `http.${res.status}`),
      String(data.detail ?? data.title ?? 'Something did not work. Try again.'),
      Array.isArray(data.errors) ? (data.errors as { pointer: string; detail: string }[]) : [],
    );
  }
  return data as T;
}

export const portalApi = {
  brand: () => call<PortalBrand>('GET', '/brand'),
  me: async (): Promise<PortalMe | null> => {
    try {
      return await call<PortalMe>('GET', '/auth/me');
    } catch (e) {
      if (e instanceof PortalError && e.status === 401) return null;
      throw e;
    }
  },
  askLink: (email: string) => call<{ detail: string }>('POST', '/auth/link', { email }),
  verify: (token: string) => call<PortalMe>('POST', '/auth/verify', { token }),
  logout: () => call<void>('POST', '/auth/logout'),
  articles: (q: string, category?: string) =>
    call<{ data: ArticleHit[] }>(
      'GET',
      `/articles?${new URLSearchParams({ ...(q ? { q } : {}), ...(category ? { category } : {}) })}`,
    ),
  categories: () => call<{ data: { name: string; count: number }[] }>('GET', '/articles/categories'),
  suggestions: (q: string) =>
    call<{ data: ArticleHit[] }>('GET', `/articles/suggestions?${new URLSearchParams({ q })}`),
  article: (id: string) => call<PublicArticle>('GET', `/articles/${encodeURIComponent(id)}`),
  requests: () => call<{ data: PortalRequest[] }>('GET', '/requests'),
  request: (id: string) => call<PortalRequestDetail>('GET', `/requests/${encodeURIComponent(id)}`),
  caseTypes: () => call<{ data: { id: string; name: string }[] }>('GET', '/case-types'),
  raise: (body: {
    subject: string;
    description?: string;
    articleIds?: string[];
    caseTypeId?: string;
    attachments?: PortalUpload[];
  }) => call<PortalRequestDetail>('POST', '/requests', body),
  reply: (id: string, body: string, attachments?: PortalUpload[]) =>
    call<PortalRequestDetail>('POST', `/requests/${encodeURIComponent(id)}/messages`, {
      body,
      ...(attachments?.length ? { attachments } : {}),
    }),
  attachmentUrl: (id: string, fileId: string) =>
    `${PORTAL_API}/requests/${encodeURIComponent(id)}/attachments/${encodeURIComponent(fileId)}`,
  profile: () => call<PortalProfile>('GET', '/profile'),
  updateProfile: (body: PortalUpdateProfile) => call<PortalProfile>('PATCH', '/profile', body),
  close: (id: string) => call<PortalRequestDetail>('POST', `/requests/${encodeURIComponent(id)}/close`),
  rating: (id: string) => call<PortalRequestRating>('GET', `/requests/${encodeURIComponent(id)}/rating`),
  rate: (id: string, body: { score: number; comment?: string | null }) =>
    call<PortalRequestRating>('POST', `/requests/${encodeURIComponent(id)}/rating`, body),
  ratingLink: (token: string) => call<RatingLink>('GET', `/ratings?${new URLSearchParams({ token })}`),
  rateByLink: (body: { token: string; score: number; comment?: string | null }) =>
    call<RatingLink>('POST', '/ratings', body),
};

/** Articles read in this browser tab, sent with a request raised afterwards (what preceded it). */
export const readArticles = new Set<string>();
