/**
 * Authentication and route access, enforced in one hook. Every route declares `config.access`:
 *   'public'                 – anyone (login, health);
 *   'authenticated'          – any logged-in user; API tokens only for reads (GET/HEAD), never account writes;
 *   { object, action }       – the actor's role (and token scope) must allow it.
 * A route without a rule fails at registration, and a test walks the route table to prove none is unmapped.
 * Cookie-authenticated writes must carry the session's CSRF token in `x-csrf-token`.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, forbidden, unauthenticated } from '../errors.ts';
import { clientRequestId } from '../request-id.ts';
import { type Action, type Actor, type Ctx, can, type ObjectName } from './policy.ts';

export type AccessRule = 'public' | 'authenticated' | { object: ObjectName; action: Action };

export interface Authenticated {
  actor: Actor;
  /** Present for cookie sessions: writes must echo it in x-csrf-token. */
  csrfToken?: string;
}

export interface AccessOptions {
  /** Resolves the caller from the request (session cookie or bearer token), or null. */
  authenticate(request: FastifyRequest): Promise<Authenticated | null>;
}

export interface RouteRule {
  method: string;
  url: string;
  access: AccessRule | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with its access rule, for the tests that prove no route is unmapped. */
    routeRules: RouteRule[];
  }
  interface FastifyRequest {
    actor: Actor | null;
    csrfToken: string | undefined;
    /** The actor and request facts a service needs; throws 401 when nobody is logged in. */
    ctx(): Ctx;
  }
  interface FastifyContextConfig {
    access?: AccessRule;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export default fp<AccessOptions>(
  async function access(app: FastifyInstance, opts) {
    app.decorateRequest('actor', null);
    app.decorateRequest('csrfToken', undefined);
    app.decorateRequest('ctx', function (this: FastifyRequest): Ctx {
      if (!this.actor) throw unauthenticated();
      const clientId = clientRequestId(this.raw);
      return {
        actor: this.actor,
        requestId: String(this.id),
        ip: this.ip ?? null,
        ...(clientId ? { clientRequestId: clientId } : {}),
      };
    });

    app.decorate('routeRules', [] as RouteRule[]);
    app.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) {
        if (method !== 'HEAD') app.routeRules.push({ method, url: route.url, access: route.config?.access });
      }
      if (route.url.startsWith('/api/v1') && route.config?.access === undefined) {
        throw new Error(`Route ${route.method} ${route.url} declares no access rule (config.access)`);
      }
    });

    app.addHook('onRequest', async (request) => {
      const rule = request.routeOptions.config?.access;
      if (rule === undefined || rule === 'public') {
        // Public routes still learn who is calling when they can (e.g. /auth/me answers 401 itself).
        return;
      }
      const auth = await opts.authenticate(request);
      if (!auth) throw unauthenticated();
      request.actor = auth.actor;
      request.csrfToken = auth.csrfToken;
      if (auth.csrfToken !== undefined && !SAFE_METHODS.has(request.method)) {
        const sent = request.headers['x-csrf-token'];
        if (typeof sent !== 'string' || !sameToken(sent, auth.csrfToken)) {
          throw new AppError(
            'auth.csrf',
            403,
            'Forbidden',
            'Missing or wrong x-csrf-token header for a cookie-authenticated write.',
          );
        }
      }
      if (rule === 'authenticated' && auth.actor.tokenScopes && !SAFE_METHODS.has(request.method)) {
        // Account-level writes (sessions, tokens, saved views, notifications, profile) belong to the person, not to
        // an integration: no token scope reaches them, whatever the token may do to records.
        throw forbidden('API tokens may not change account settings (sessions, tokens, saved views, profile).');
      }
      if (rule !== 'authenticated' && !can(auth.actor, rule.object, rule.action)) {
        throw forbidden(`Your role may not ${rule.action} ${rule.object}.`);
      }
    });
  },
  { name: 'access' },
);
