/**
 * buildApp assembles the Fastify plugin tree; it never listens (main.ts does), so tests drive it with app.inject.
 */
import { existsSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { relative, resolve, sep } from 'node:path';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { type Config, trustProxyOption } from './config.ts';
import { activitiesRoutes } from './modules/activities/index.ts';
import { auditRoutes } from './modules/audit/index.ts';
import { companiesRoutes } from './modules/companies/index.ts';
import { contextCardRoutes } from './modules/context-card/index.ts';
import { customFieldsRoutes } from './modules/custom-fields/index.ts';
import { dashboardsRoutes } from './modules/dashboards/index.ts';
import { duplicatesRoutes, mergeRoutes } from './modules/duplicates/index.ts';
import { exportsRoutes } from './modules/exports/index.ts';
import { financeRoutes } from './modules/finance/index.ts';
import { handbookRoutes } from './modules/handbook/index.ts';
import { accountRoutes, identityRoutes, SESSION_COOKIE } from './modules/identity/index.ts';
import { importsRoutes } from './modules/imports/index.ts';
import { recordKinds, touchpointKinds } from './modules/kinds.ts';
import { articlesRoutes } from './modules/knowledge/index.ts';
import { MetaService, metaRoutes } from './modules/meta/index.ts';
import { myDayRoutes } from './modules/my-day/index.ts';
import { objectivesRoutes } from './modules/objectives/index.ts';
import { peopleRoutes } from './modules/people/index.ts';
import {
  PORTAL_PREFIX,
  PORTAL_SESSION_COOKIE,
  portalRoutes,
  portalSettingsRoutes,
  portalStaffRoutes,
} from './modules/portal/index.ts';
import { privacyRoutes } from './modules/privacy/index.ts';
import { promisesRoutes } from './modules/promises/index.ts';
import { qualityRoutes } from './modules/quality/index.ts';
import {
  dealsRoutes,
  leadFormsPublicRoutes,
  leadFormsRoutes,
  pipelinesRoutes,
  productsRoutes,
  quotasRoutes,
} from './modules/sales/index.ts';
import { searchRoutes } from './modules/search/index.ts';
import {
  cannedResponsesRoutes,
  caseCostsRoutes,
  caseMessagesRoutes,
  casesRoutes,
  csatPublicRoutes,
  inboundEmailRoutes,
  serviceSettingsRoutes,
} from './modules/service/index.ts';
import { setupRoutes } from './modules/setup/index.ts';
import { tasksRoutes } from './modules/tasks/index.ts';
import { timelineRoutes } from './modules/timeline/index.ts';
import { viewsRoutes } from './modules/views/index.ts';
import { webhooksRoutes } from './modules/webhooks/index.ts';
import { type ModuleKey, workspaceRoutes } from './modules/workspace/index.ts';
import access from './platform/access/plugin.ts';
import { apiDocs } from './platform/api-docs.ts';
import { AppError } from './platform/errors.ts';
import { ProblemSchema } from './platform/http.ts';
import { jobsRoutes } from './platform/jobs/index.ts';
import { requestLogSerializer } from './platform/log-redaction.ts';
import { mailboxRoutes } from './platform/mail/index.ts';
import { metricsRoutes } from './platform/metrics/index.ts';
import { nameSchemas } from './platform/openapi.ts';
import problems, { frameworkProblem, sendProblem } from './platform/problems.ts';
import { kernelsOf } from './platform/records/kernel.ts';
import { clientRequestId } from './platform/request-id.ts';
import { noStoreApiResponses, securityHeaderMiddleware } from './platform/security-headers.ts';
import { rejectUnsafeStrings, validatorCompiler } from './platform/validation.ts';
import type { Services } from './services.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The module a route belongs to: when it is switched off the route answers 404. */
    module?: ModuleKey;
  }
}

export const API_PREFIX = '/api/v1';

export async function buildApp(config: Config, services: Services): Promise<FastifyInstance> {
  const app = Fastify({
    // Request lines are logged with link tokens redacted (platform/log-redaction.ts).
    logger:
      config.logLevel === 'silent' ? false : { level: config.logLevel, serializers: { req: requestLogSerializer } },
    // X-Forwarded-For is believed only from configured proxies (RAPPORT_TRUST_PROXY); otherwise the TCP peer is the
    // client, so a forged header changes neither the rate-limit key nor the audited address.
    trustProxy: trustProxyOption(config.trustProxy),
    // Always our own id; the caller's x-request-id is kept apart as clientRequestId (platform/request-id.ts).
    requestIdHeader: false,
    genReqId: () => crypto.randomUUID(),
    childLoggerFactory: (logger, bindings, options, raw) => {
      const clientId = clientRequestId(raw as IncomingMessage);
      return logger.child(clientId ? { ...bindings, clientRequestId: clientId } : bindings, options);
    },
    bodyLimit: 1_048_576,
    // A path the router cannot decode (bad percent-encoding) skips the hooks: answer a problem with the same headers.
    frameworkErrors: (error, request, reply) => {
      reply.header('x-request-id', request.id);
      // The onSend hooks do not run for it either: no caching, like every other /api answer.
      if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
      securityHeaders(request.raw, reply.raw, () => sendProblem(reply, request, frameworkProblem(error)));
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.addHook('preValidation', rejectUnsafeStrings);

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onSend', noStoreApiResponses);

  await app.register(problems);
  app.addSchema(ProblemSchema);
  await app.register(cookie, { secret: config.secret });
  // Security headers (platform/security-headers.ts): helmet's middleware is built once here and run on every request
  // (the Fastify wrapper rebuilt it, re-parsing the CSP, on each request).
  const securityHeaders = securityHeaderMiddleware(config);
  app.addHook('onRequest', (request, reply, done) => {
    securityHeaders(request.raw, reply.raw, (err?: unknown) => done(err instanceof Error ? err : undefined));
  });
  await app.register(rateLimit, { global: false });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Rapport API',
        version: '1',
        license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' },
        description:
          'REST API of Rapport. JSON is camelCase; lists answer {data, nextCursor, total, totalCapped}; errors are RFC 9457 application/problem+json. Authenticate with the session cookie (writes need x-csrf-token) or `Authorization: Bearer rap_...` API tokens.',
      },
      servers: [{ url: config.baseUrl }],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          bearer: { type: 'http', scheme: 'bearer' },
          portalSession: { type: 'apiKey', in: 'cookie', name: PORTAL_SESSION_COOKIE },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    refResolver: {
      buildLocalReference: (json, _base, _frag, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`),
    },
    // Schemas with a title become named components (platform/openapi.ts), so generated clients have names for them.
    transformObject: (d) => ('openapiObject' in d ? nameSchemas(d.openapiObject) : d.swaggerObject),
  });
  await app.register(apiDocs, { config });
  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());

  await app.register(access, {
    authenticate: async (request) => {
      const auth = request.headers.authorization;
      if (auth?.startsWith('Bearer ')) return services.identity.authenticateToken(auth.slice(7).trim());
      const token = request.cookies[SESSION_COOKIE];
      return token ? services.identity.authenticateSession(token) : null;
    },
  });

  // Module switches: a switched-off module's routes answer 404 as if they did not exist.
  app.addHook('onRequest', async (request) => {
    const module = request.routeOptions.config?.module;
    if (module && !(await services.workspace.isEnabled(module))) {
      throw new AppError(
        'module.disabled',
        404,
        'Not found',
        `The ${module} module is switched off in this workspace.`,
      );
    }
  });

  app.get('/healthz', { config: { access: 'public' }, schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(services.database.db);
      return { status: 'ready', database: services.database.dialect };
    } catch {
      return reply.status(503).send({ status: 'unavailable', database: services.database.dialect });
    }
  });

  await app.register(
    async (api) => {
      await api.register(identityRoutes, { identity: services.identity, workspace: services.workspace, config });
      await api.register(accountRoutes, { accounts: services.accounts, config });
      await api.register(mailboxRoutes, { database: services.database, mailer: services.mailer });
      await api.register(workspaceRoutes, { workspace: services.workspace });
      await api.register(customFieldsRoutes, { customFields: services.customFields });
      await api.register(peopleRoutes, { people: services.people });
      await api.register(companiesRoutes, { companies: services.companies });
      await api.register(auditRoutes, { audit: services.audit });
      await api.register(activitiesRoutes, { activities: services.activities });
      await api.register(timelineRoutes, { timeline: services.timeline });
      await api.register(contextCardRoutes, { contextCard: services.contextCard });
      await api.register(searchRoutes, { search: services.search });
      await api.register(tasksRoutes, { tasks: services.tasks });
      await api.register(promisesRoutes, { promises: services.promises });
      await api.register(myDayRoutes, {
        myDay: services.myDay,
        goingCold: services.goingCold,
        notifications: services.notifications,
      });
      await api.register(jobsRoutes, { jobs: services.jobs });
      await api.register(exportsRoutes, { exports: services.exports });
      await api.register(webhooksRoutes, { webhooks: services.webhooks });
      await api.register(pipelinesRoutes, { pipelines: services.pipelines });
      await api.register(handbookRoutes, { handbook: services.handbook });
      await api.register(dealsRoutes, { deals: services.deals });
      await api.register(serviceSettingsRoutes, {
        caseTypes: services.caseTypes,
        sla: services.sla,
        settings: services.serviceSettings,
      });
      await api.register(casesRoutes, { cases: services.cases });
      await api.register(financeRoutes, {
        finance: services.finance,
        orders: services.orders,
        invoices: services.invoices,
        payments: services.payments,
        connector: services.erpConnector,
      });
      await api.register(productsRoutes, { products: services.products });
      await api.register(leadFormsRoutes, { leadForms: services.leadForms });
      await api.register(quotasRoutes, {
        quotas: services.quotas,
        deals: services.deals,
        performance: services.performance,
      });
      await api.register(viewsRoutes, { views: services.views });
      await api.register(metricsRoutes, { metrics: services.metrics });
      await api.register(objectivesRoutes, { objectives: services.objectives });
      await api.register(dashboardsRoutes, { dashboards: services.dashboards });
      await api.register(setupRoutes, { setup: services.setup });
      await api.register(importsRoutes, { imports: services.imports });
      await api.register(duplicatesRoutes, { duplicates: services.duplicates });
      await api.register(mergeRoutes, { merges: services.merges });
      await api.register(privacyRoutes, { privacy: services.privacy, people: services.people });
      await api.register(qualityRoutes, { quality: services.quality });
      await api.register(articlesRoutes, { articles: services.articles });
      await api.register(caseMessagesRoutes, { messages: services.caseMessages });
      await api.register(caseCostsRoutes, { costs: services.caseCosts });
      await api.register(inboundEmailRoutes, { inbound: services.inboundEmail });
      await api.register(cannedResponsesRoutes, { canned: services.cannedResponses });
      await api.register(portalStaffRoutes, { auth: services.portalAuth });
      await api.register(portalSettingsRoutes, { settings: services.portalSettings });
      // Every kind's kernel, found on its service, in the registry's order.
      await api.register(metaRoutes, {
        meta: new MetaService(kernelsOf(Object.values(services), recordKinds.names()), touchpointKinds.kinds),
      });
    },
    { prefix: API_PREFIX },
  );
  // Public endpoints for the world outside (web forms posting leads): no session, their own rate limits.
  await app.register(leadFormsPublicRoutes, { prefix: '/api/public', leadForms: services.leadForms });
  // The customer portal's API: its own actors, session cookie and OpenAPI section (modules/portal).
  await app.register(portalRoutes, {
    prefix: PORTAL_PREFIX,
    auth: services.portalAuth,
    portal: services.portal,
    articles: services.articles,
    visits: services.portalVisits,
    requests: services.portalRequests,
    config,
  });
  // The public rating page's API (CSAT by signed link): the service module's, beside the portal's.
  await app.register(csatPublicRoutes, { prefix: PORTAL_PREFIX, csat: services.csat });

  const dist = resolve(config.webDist);
  if (existsSync(resolve(dist, 'index.html'))) {
    // Hashed build files (assets/) never change under their name: cached for a year. index.html names the current
    // ones, so browsers revalidate it every time. The build writes .br and .gz beside each text file; the one the
    // browser accepts is sent (Vary: Accept-Encoding), the plain file otherwise.
    const cacheControl = (file: string) =>
      file.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
    await app.register(fastifyStatic, {
      root: dist,
      prefix: '/',
      wildcard: false,
      index: ['index.html'],
      cacheControl: false,
      preCompressed: true,
      globIgnore: ['**/*.br', '**/*.gz', '.vite/**'],
      setHeaders: (reply, path) => {
        reply.header('cache-control', cacheControl(relative(dist, path).split(sep).join('/')));
      },
    });
    // The web app's routes (/people/123, /settings/...) all load index.html; API and docs keep their 404s.
    app.get('/*', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
      const path = request.url.split('?')[0] ?? '';
      if (path.startsWith('/api/')) {
        throw new AppError('route.not_found', 404, 'Not found', `No route ${request.method} ${path}`);
      }
      if (/\.[a-z0-9]+$/i.test(path) && !path.endsWith('.html')) {
        const file = path.slice(1);
        if (existsSync(resolve(dist, file))) {
          reply.header('cache-control', cacheControl(file));
          return reply.sendFile(file);
        }
        throw new AppError('route.not_found', 404, 'Not found', `No file ${path}`);
      }
      reply.header('cache-control', 'no-cache');
      // The customer portal is its own page (portal.html), never the staff app.
      if ((path === '/portal' || path.startsWith('/portal/')) && existsSync(resolve(dist, 'portal.html'))) {
        return reply.sendFile('portal.html');
      }
      return reply.sendFile('index.html');
    });
  }

  return app;
}
