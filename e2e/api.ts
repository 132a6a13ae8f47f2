/** API calls from the test process as a demo user (to set up and find records), with the CSRF header on writes. */
import { expect } from 'vitest';
import { BASE_URL, DEMO_PASSWORD } from './browser.ts';

export interface ApiSession {
  call<T = unknown>(method: string, path: string, body?: unknown, ifMatch?: string): Promise<T>;
  etag(path: string): Promise<string | null>;
}

/** `base`: another server than the suite's (a spec that starts its own). */
export async function apiAs(email: string, base = BASE_URL): Promise<ApiSession> {
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  if (!login.ok) throw new Error(`login ${email}: ${login.status}`);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return {
    async call<T>(method: string, path: string, body?: unknown, ifMatch?: string): Promise<T> {
      const headers: Record<string, string> = { cookie, 'x-csrf-token': csrfToken };
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (ifMatch) headers['if-match'] = ifMatch;
      const res = await fetch(`${base}/api/v1${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
      return (text ? JSON.parse(text) : undefined) as T;
    },
    async etag(path: string) {
      return (await fetch(`${base}/api/v1${path}`, { headers: { cookie } })).headers.get('etag');
    },
  };
}

interface Mail {
  id: string;
  to: string;
  subject: string;
}

/**
 * The first link in the newest mail to `to` whose subject matches, once it is in the dev mailbox (mail is queued,
 * then delivered), read through an admin's session.
 */
export async function mailLink(admin: ApiSession, to: string, subject: RegExp): Promise<string> {
  let found: Mail | undefined;
  await expect
    .poll(
      async () => {
        const box = await admin.call<{ data: Mail[] }>('GET', '/settings/mailbox');
        found = box.data.find((m) => m.to.includes(to) && subject.test(m.subject));
        return Boolean(found);
      },
      { timeout: 30_000, interval: 500 },
    )
    .toBe(true);
  const mail = await admin.call<{ text: string }>('GET', `/settings/mailbox/${found!.id}`);
  const link = mail.text.match(/https?:\/\/\S+/)?.[0];
  if (!link) throw new Error(`no link in "${found!.subject}"`);
  return link;
}
