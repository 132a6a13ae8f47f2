/**
 * One HTTP delivery attempt, refusing internal targets: the host is resolved first and every address it resolves to
 * must be public unicast (no loopback, private, link-local, carrier-grade NAT, multicast, reserved; IPv4-mapped IPv6
 * checked as IPv4), unless private targets are allowed by configuration. The connection then goes to the address that
 * was checked (no second lookup a DNS rebinding could answer differently). Redirects are never followed: a 3xx is a
 * failed attempt, so a redirect cannot lead the request somewhere unchecked.
 */
import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

export class BlockedTarget extends Error {
  override name = 'BlockedTarget';
}

/** Whether an address is public unicast (what a webhook may reach without RAPPORT_WEBHOOK_ALLOW_PRIVATE). */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  return ip.range() === 'unicast';
}

/** Why a URL may not be registered as a webhook target at all (scheme, credentials, literal private address), or null. */
export function urlProblem(raw: string, allowPrivate: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an https:// or http:// URL';
  if (url.username || url.password) return 'must not carry a user name or password';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && ipaddr.isValid(host) && !isPublicAddress(host))
    return 'must not point at a loopback, private or link-local address';
  return null;
}

export interface AttemptResult {
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/**
 * Checks a URL for an outgoing request (scheme, no credentials, every address it resolves to public unless private
 * targets are allowed) and answers it with a lookup pinned to the checked address, so the connection cannot be sent
 * elsewhere by a second DNS answer. Throws `BlockedTarget` when refused.
 */
export async function guardedTarget(
  url: string,
  allowPrivate: boolean,
): Promise<{ target: URL; lookup: LookupFunction }> {
  const problem = urlProblem(url, allowPrivate);
  if (problem) throw new BlockedTarget(`The URL ${problem}`);
  const target = new URL(url);
  const host = target.hostname.replace(/^\[|\]$/g, '');
  const addresses = ipaddr.isValid(host)
    ? [{ address: host, family: host.includes(':') ? 6 : 4 }]
    : await lookup(host, { all: true });
  if (addresses.length === 0) throw new Error(`${host} does not resolve`);
  if (!allowPrivate) {
    const bad = addresses.find((a) => !isPublicAddress(a.address));
    if (bad) throw new BlockedTarget(`${host} resolves to ${bad.address}, a loopback, private or link-local address`);
  }
  const chosen = addresses[0]!;
  const pinned: LookupFunction = (_hostname, options, callback) => {
    if ((options as { all?: boolean }).all) callback(null, [{ address: chosen.address, family: chosen.family }]);
    else callback(null, chosen.address, chosen.family);
  };
  return { target, lookup: pinned };
}

export interface FetchedBody {
  statusCode: number;
  contentType: string | null;
  body: Buffer;
}

/**
 * GETs `url` through the same guard as a webhook delivery (no internal targets, pinned address, no redirects), and
 * answers the status and body (at most `maxBytes`: a larger body is refused). Throws on a blocked target, a network
 * error, a timeout or a body too large; a non-2xx status is answered for the caller to judge.
 */
export async function fetchGuarded(
  url: string,
  headers: Record<string, string>,
  opts: { allowPrivate: boolean; timeoutMs?: number; maxBytes?: number; userAgent?: string },
): Promise<FetchedBody> {
  const { target, lookup: pinned } = await guardedTarget(url, opts.allowPrivate);
  const maxBytes = opts.maxBytes ?? 50 * 1024 * 1024;
  return new Promise<FetchedBody>((resolve, reject) => {
    const req = (target.protocol === 'https:' ? https : http).request(
      target,
      {
        method: 'GET',
        headers: {
          accept: 'application/json, text/csv;q=0.9',
          'user-agent': opts.userAgent ?? 'Rapport/1',
          ...headers,
        },
        lookup: pinned,
        timeout: opts.timeoutMs ?? 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            req.destroy(new Error(`the response is larger than ${maxBytes} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () =>
          resolve({
            statusCode: res.statusCode ?? 0,
            contentType: res.headers['content-type'] ?? null,
            body: Buffer.concat(chunks),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end();
  });
}

/** POSTs `body` with `headers` to `url`; never throws, reports the status code or what went wrong. */
export async function deliver(
  url: string,
  body: string,
  headers: Record<string, string>,
  opts: { allowPrivate: boolean; timeoutMs?: number },
): Promise<AttemptResult> {
  const started = performance.now();
  const took = () => Math.round(performance.now() - started);
  try {
    const { target, lookup: pinned } = await guardedTarget(url, opts.allowPrivate);
    const statusCode = await new Promise<number>((resolve, reject) => {
      const req = (target.protocol === 'https:' ? https : http).request(
        target,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'user-agent': 'Rapport-Webhooks/1', ...headers },
          lookup: pinned,
          timeout: opts.timeoutMs ?? 10_000,
        },
        (res) => {
          res.resume(); // the body is not needed; drain it so the socket is released
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error('timed out')));
      req.on('error', reject);
      req.end(body);
    });
    const error =
      statusCode >= 300 && statusCode < 400
        ? 'redirect not followed'
        : statusCode >= 200 && statusCode < 300
          ? null
          : `HTTP ${statusCode}`;
    return { statusCode, error, durationMs: took() };
  } catch (err) {
    return {
      statusCode: null,
      error: String(err instanceof Error ? err.message : err).slice(0, 500),
      durationMs: took(),
    };
  }
}
