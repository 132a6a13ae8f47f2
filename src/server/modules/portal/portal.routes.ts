/**
 * The portal API under `/api/portal/v1/`: the customer's own routes, with their own session cookie and CSRF token.
 * Staff sessions and API tokens mean nothing here, and a portal session means nothing on `/api/v1` (401). Public
 * routes (sign-in, the public knowledge base, the brand) need no session.
 */

import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Config } from '../../config.ts';
import { AppError, unauthenticated } from '../../platform/errors.ts';
import { DataEnvelope, errors, fileResponse, IdParams } from '../../platform/http.ts';
import type { ArticlesService } from '../knowledge/index.ts';
import { ArticleHit, PublicArticle, SuggestQuery } from '../knowledge/index.ts';
import {
  Accepted,
  ArticlesQuery,
  CreateRequest,
  LinkRequest,
  PORTAL_MAX_FILES,
  PortalBrand,
  PortalMe,
  PortalProfile,
  PortalRequest,
  PortalRequestDetail,
  PostMessage,
  UpdateProfile,
  VerifyRequest,
} from './portal.schemas.ts';
import type { PortalService } from './portal.service.ts';
import type { PortalAuthService, PortalCustomer } from './portal-auth.service.ts';
import { portalRequestsRoutes } from './portal-requests.routes.ts';
import type { PortalRequestsService } from './portal-requests.service.ts';
import type { PortalVisitsService } from './portal-visits.service.ts';

export const PORTAL_PREFIX = '/api/portal/v1';
export const PORTAL_SESSION_COOKIE = 'rapport_portal_session';
export const PORTAL_CSRF_COOKIE = 'rapport_portal_csrf';
/** An anonymous, random id per browser: portal visits are counted by it (self-service metrics). */
export const PORTAL_VISITOR_COOKIE = 'rapport_portal_visitor';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** `customer`: the route needs a portal session. */
    portal?: 'public' | 'customer';
  }
  interface FastifyRequest {
    portalCustomer: PortalCustomer | null;
    portalVisitor: string;
  }
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
const TAGS = ['portal'];
const customer = { access: 'public', portal: 'customer', module: 'portal' } as const;
const open = { access: 'public', portal: 'public', module: 'portal' } as const;
const signedIn = [{ portalSession: [] }];

export interface PortalRouteDeps {
  auth: PortalAuthService;
  portal: PortalService;
  articles: ArticlesService;
  visits: PortalVisitsService;
  /** Closing and rating a request (portal-requests.routes.ts), under this plugin's session hook. */
  requests: PortalRequestsService;
  config: Pick<Config, 'baseUrl' | 'sessionAbsoluteHours'> & Partial<Pick<Config, 'attachmentMaxBytes'>>;
}

export const portalRoutes: FastifyPluginAsyncTypebox<PortalRouteDeps> = async (
  app,
  { auth, portal, articles, visits, requests, config },
) => {
  const secure = config.baseUrl.startsWith('https://');
  // A request or reply may carry its files (base64 in JSON: a third larger than the files), up to the size limit each.
  const uploadBodyLimit =
    Math.ceil(((config.attachmentMaxBytes ?? 10 * 1024 * 1024) * PORTAL_MAX_FILES * 4) / 3) + 256 * 1024;
  app.decorateRequest('portalCustomer', null);
  app.decorateRequest('portalVisitor', '');
  app.addHook('onRequest', async (request, reply) => {
    let visitor = request.cookies[PORTAL_VISITOR_COOKIE];
    if (!visitor || !/^[\w-]{16,64}$/.test(visitor)) {
      visitor = randomBytes(18).toString('base64url');
      reply.setCookie(PORTAL_VISITOR_COOKIE, visitor, {
        path: '/',
        sameSite: 'lax',
        secure,
        httpOnly: true,
        maxAge: 365 * 86_400,
      });
    }
    request.portalVisitor = visitor;
    const token = request.cookies[PORTAL_SESSION_COOKIE];
    if (request.routeOptions.config?.portal !== 'customer') {
      // Public routes still learn who is browsing, for the visit log; never required.
      if (token) request.portalCustomer = await auth.authenticate(token);
      return;
    }
    const found = token ? await auth.authenticate(token) : null;
    if (!found) throw unauthenticated('Sign in to the portal to continue.');
    if (!SAFE.has(request.method) && request.headers['x-csrf-token'] !== found.csrfToken) {
      throw new AppError('auth.csrf', 403, 'Forbidden', 'Missing or wrong x-csrf-token header for a portal write.');
    }
    request.portalCustomer = found;
  });
  const who = (request: FastifyRequest) => request.portalCustomer!;
  const facts = (request: FastifyRequest) => ({ requestId: String(request.id), ip: request.ip ?? null });
  const me = async (request: FastifyRequest, c: PortalCustomer, csrfToken: string) => {
    const { person } = await portal.session(c, facts(request));
    return {
      personId: c.personId,
      name: [person.firstName, person.lastName].filter(Boolean).join(' '),
      email: c.email,
      companyName: person.company?.name ?? null,
      companyAdmin: c.companyAdmin,
      csrfToken,
    };
  };

  app.get(
    '/brand',
    {
      config: open,
      schema: {
        operationId: 'portalBrand',
        tags: TAGS,
        security: [],
        summary: 'The workspace name and colour the portal shows',
        response: { 200: PortalBrand, ...errors(404) },
      },
    },
    async () => portal.brand(),
  );

  app.post(
    '/auth/link',
    {
      config: open,
      schema: {
        operationId: 'portalRequestLink',
        tags: TAGS,
        security: [],
        summary:
          'Email a single-use sign-in link (15 minutes) to an invited customer; answers 202 whether or not the address is known',
        body: LinkRequest,
        response: { 202: Accepted, ...errors(400, 404, 429) },
      },
    },
    async (request, reply) => {
      await auth.requestLink(request.body.email, request.ip ?? null);
      return reply.status(202).send({
        status: 'accepted',
        detail: 'If this address may use the portal, a sign-in link is on its way. It works once, for 15 minutes.',
      });
    },
  );

  app.post(
    '/auth/verify',
    {
      config: open,
      schema: {
        operationId: 'portalVerifyLink',
        tags: TAGS,
        security: [],
        summary: "Exchange an emailed link's token for the portal session cookie (once)",
        body: VerifyRequest,
        response: { 200: PortalMe, ...errors(400, 404) },
      },
    },
    async (request, reply) => {
      const s = await auth.verify(request.body.token);
      const c = await auth.authenticate(s.sessionToken);
      const base = { path: '/', sameSite: 'lax' as const, secure, expires: new Date(s.expiresAt) };
      reply.setCookie(PORTAL_SESSION_COOKIE, s.sessionToken, { ...base, httpOnly: true });
      reply.setCookie(PORTAL_CSRF_COOKIE, s.csrfToken, { ...base, httpOnly: false });
      return me(request, c!, s.csrfToken);
    },
  );

  app.get(
    '/auth/me',
    {
      config: customer,
      schema: {
        operationId: 'portalMe',
        tags: TAGS,
        security: signedIn,
        summary: 'The signed-in customer',
        response: { 200: PortalMe, ...errors(401, 404) },
      },
    },
    async (request) => me(request, who(request), who(request).csrfToken),
  );

  app.post(
    '/auth/logout',
    {
      config: customer,
      schema: {
        operationId: 'portalLogout',
        tags: TAGS,
        security: signedIn,
        summary: 'Sign out of the portal (ends this session)',
        response: { 204: Type.Null(), ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await auth.signOut(who(request));
      reply.clearCookie(PORTAL_SESSION_COOKIE, { path: '/' }).clearCookie(PORTAL_CSRF_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/requests',
    {
      config: customer,
      schema: {
        operationId: 'portalListRequests',
        tags: TAGS,
        security: signedIn,
        summary: "The customer's requests (a company administrator: all the company's), newest first",
        response: { 200: DataEnvelope(PortalRequest), ...errors(401, 404) },
      },
    },
    async (request) => ({ data: await portal.listRequests(who(request), facts(request)) }),
  );

  app.post(
    '/requests',
    {
      config: customer,
      schema: {
        operationId: 'portalCreateRequest',
        tags: TAGS,
        security: signedIn,
        summary: 'Raise a request (a case on the portal channel), with files if any',
        body: CreateRequest,
        response: { 201: PortalRequestDetail, ...errors(400, 401, 403, 404, 413, 422) },
      },
      bodyLimit: uploadBodyLimit,
    },
    async (request, reply) => {
      const created = await portal.createRequest(who(request), facts(request), request.body);
      await visits.record(request.portalVisitor, who(request), { kind: 'request', caseId: created.id });
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/requests/:id',
    {
      config: customer,
      schema: {
        operationId: 'portalGetRequest',
        tags: TAGS,
        security: signedIn,
        summary: 'A request with its thread (404 for anyone else’s)',
        params: IdParams,
        response: { 200: PortalRequestDetail, ...errors(401, 404) },
      },
    },
    async (request) => portal.getRequest(who(request), facts(request), request.params.id),
  );

  app.post(
    '/requests/:id/messages',
    {
      config: customer,
      schema: {
        operationId: 'portalReplyToRequest',
        tags: TAGS,
        security: signedIn,
        summary: 'Reply on a request, with files if any (it opens again when it was waiting on you or resolved)',
        params: IdParams,
        body: PostMessage,
        response: { 201: PortalRequestDetail, ...errors(400, 401, 403, 404, 413, 422) },
      },
      bodyLimit: uploadBodyLimit,
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await portal.reply(
            who(request),
            facts(request),
            request.params.id,
            request.body.body,
            request.body.attachments,
          ),
        ),
  );

  app.get(
    '/requests/:id/attachments/:fileId',
    {
      config: customer,
      schema: {
        operationId: 'portalDownloadAttachment',
        tags: TAGS,
        security: signedIn,
        summary: 'Download a file on one of your requests (always as an attachment; 404 for anyone else’s)',
        params: Type.Object({
          id: Type.String({ minLength: 1, maxLength: 64 }),
          fileId: Type.String({ minLength: 1, maxLength: 64 }),
        }),
        response: { 200: fileResponse('The file as sent', 'application/octet-stream'), ...errors(401, 404) },
      },
    },
    async (request, reply) => {
      const file = await portal.attachment(who(request), facts(request), request.params.id, request.params.fileId);
      const ascii = file.filename.replace(/[^\w.-]+/g, '_');
      return reply
        .type(file.contentType)
        .header('cache-control', 'private, no-store')
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('content-length', file.size)
        .header(
          'content-disposition',
          `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
        )
        .send(file.stream);
    },
  );

  app.get(
    '/profile',
    {
      config: customer,
      schema: {
        operationId: 'portalGetProfile',
        tags: TAGS,
        security: signedIn,
        summary: 'Your contact details, communication preferences and consent',
        response: { 200: PortalProfile, ...errors(401, 404) },
      },
    },
    async (request) => portal.profile(who(request), facts(request)),
  );

  app.patch(
    '/profile',
    {
      config: customer,
      schema: {
        operationId: 'portalUpdateProfile',
        tags: TAGS,
        security: signedIn,
        summary: 'Change your details, preferences or consent (validated like staff edits; audited; on the timeline)',
        body: UpdateProfile,
        response: { 200: PortalProfile, ...errors(400, 401, 403, 404, 422) },
      },
    },
    async (request) => portal.updateProfile(who(request), facts(request), request.body),
  );

  app.get(
    '/articles',
    {
      config: open,
      schema: {
        operationId: 'portalListArticles',
        tags: TAGS,
        security: [],
        summary: 'Search or browse the public knowledge base (no sign-in needed)',
        querystring: ArticlesQuery,
        response: { 200: DataEnvelope(ArticleHit), ...errors(400, 404) },
      },
    },
    async (request) => {
      const data = await articles.publicSearch(request.query.q, {
        category: request.query.category,
        limit: request.query.limit ?? 50,
      });
      if (request.query.q?.trim())
        await visits.record(request.portalVisitor, request.portalCustomer, { kind: 'search' });
      return { data };
    },
  );

  app.get(
    '/articles/suggestions',
    {
      config: open,
      schema: {
        operationId: 'portalSuggestArticles',
        tags: TAGS,
        security: [],
        summary: 'Public articles relevant to a request subject as it is typed',
        querystring: SuggestQuery,
        response: { 200: DataEnvelope(ArticleHit), ...errors(400, 404) },
      },
    },
    async (request) => ({ data: await articles.publicSuggest(request.query.q ?? '', request.query.limit) }),
  );

  app.get(
    '/articles/categories',
    {
      config: open,
      schema: {
        operationId: 'portalArticleCategories',
        tags: TAGS,
        security: [],
        summary: 'The categories of the public knowledge base',
        response: {
          200: DataEnvelope(Type.Object({ name: Type.String(), count: Type.Integer() })),
          ...errors(404),
        },
      },
    },
    async () => ({ data: await articles.publicCategories() }),
  );

  app.get(
    '/articles/:id',
    {
      config: open,
      schema: {
        operationId: 'portalGetArticle',
        tags: TAGS,
        security: [],
        summary: 'A published public article (404 for drafts and internal ones)',
        params: IdParams,
        response: { 200: PublicArticle, ...errors(404) },
      },
    },
    async (request) => {
      const article = await articles.publicGet(request.params.id);
      await visits.record(request.portalVisitor, request.portalCustomer, { kind: 'view', articleId: article.id });
      return article;
    },
  );

  app.post(
    '/articles/:id/feedback',
    {
      config: open,
      schema: {
        operationId: 'portalArticleFeedback',
        tags: TAGS,
        security: [],
        summary: 'Answer "Did this answer your question?" under a public article (counted in the self-service metrics)',
        params: IdParams,
        body: Type.Object({ helpful: Type.Boolean() }, { additionalProperties: false, title: 'PortalArticleFeedback' }),
        response: { 204: Type.Null(), ...errors(400, 404) },
      },
    },
    async (request, reply) => {
      const article = await articles.publicGet(request.params.id);
      await visits.record(request.portalVisitor, request.portalCustomer, {
        kind: 'feedback',
        articleId: article.id,
        helpful: request.body.helpful,
      });
      return reply.status(204).send(null);
    },
  );

  await app.register(portalRequestsRoutes, { requests, portal });
};
