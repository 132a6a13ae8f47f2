/**
 * Request ids. The server always makes its own (a UUID: what `x-request-id` answers, error bodies quote and the audit
 * trail records); a caller's `x-request-id` is never adopted, so a client cannot forge or collide with ours. The
 * caller's value is kept beside it as `clientRequestId` (log lines, audit metadata), cut to a short, safe string so it
 * cannot inject log lines or bloat records.
 */
import type { IncomingMessage } from 'node:http';

export const CLIENT_REQUEST_ID_MAX = 128;

/** The caller's `x-request-id`, or undefined: printable ASCII id characters only, at most 128 of them. */
export function clientRequestId(raw: IncomingMessage | { headers: IncomingMessage['headers'] }): string | undefined {
  const header = raw.headers['x-request-id'];
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  const clean = value.replace(/[^\w.:/+=@-]/g, '').slice(0, CLIENT_REQUEST_ID_MAX);
  return clean === '' ? undefined : clean;
}
