/**
 * Security headers and caching rules for every response.
 *
 * - One strict Content Security Policy for the app and the API: scripts only from this origin (no inline scripts, no
 *   third-party hosts). Styles may be inline (the web app's component library writes style tags and attributes).
 * - The API reference at /api/docs is the one page with its own policy: its scripts are the reference bundle, served
 *   from this app, plus the page's one inline start-up script, allowed by its SHA-256 hash (computed from the page
 *   itself, so it follows an upgrade of the package), never 'unsafe-inline'.
 * - HSTS and upgrade-insecure-requests only when RAPPORT_BASE_URL is https (on plain http they would break the site).
 * - `Cache-Control: no-store` on every /api response unless a route chose otherwise: personal data (records,
 *   exports, the audit trail) must not stay in browser or proxy caches.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import helmet from 'helmet';
import type { Config } from '../config.ts';

export const API_DOCS_PREFIX = '/api/docs';

type Directives = Record<string, string[]>;

const BASE_DIRECTIVES: Directives = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'self'"],
  objectSrc: ["'none'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  // Images may also come from https hosts: the portal's logo is an address its staff choose (never scripts).
  imgSrc: ["'self'", 'data:', 'blob:', 'https:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  workerSrc: ["'self'", 'blob:'],
};

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** A CSP header value from directives (the same shape helmet takes). */
export function cspValue(directives: Directives, https: boolean): string {
  const parts = Object.entries(directives).map(([k, v]) => `${kebab(k)} ${v.join(' ')}`);
  if (https) parts.push('upgrade-insecure-requests');
  return parts.join(';');
}

/** helmet's middleware, built once (building it per request re-parses the policy). */
export function securityHeaderMiddleware(config: Pick<Config, 'baseUrl'>) {
  const https = config.baseUrl.startsWith('https://');
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { ...BASE_DIRECTIVES, ...(https ? { upgradeInsecureRequests: [] } : {}) },
    },
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  });
}

/** `Cache-Control: no-store` on /api responses that did not set their own caching (onSend hook). */
export async function noStoreApiResponses(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
}

const INLINE_SCRIPT = /<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi;

/** The API reference page's policy: the base one plus the hashes of the page's own inline scripts. */
export function apiDocsCsp(html: string, https: boolean): string {
  const hashes = [...html.matchAll(INLINE_SCRIPT)].map(
    (m) =>
      `'sha256-${createHash('sha256')
        .update(m[1] ?? '')
        .digest('base64')}'`,
  );
  return cspValue({ ...BASE_DIRECTIVES, scriptSrc: ["'self'", ...hashes] }, https);
}
