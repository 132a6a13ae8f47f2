/**
 * The readable API reference at /api/docs (Scalar), served entirely from this app: the reference bundle comes from
 * the package (`/api/docs/js/scalar.js`), never a CDN, and the vendor's extras (API client button, developer tools with
 * its "Deploy" button, the "Ask AI" agent, MCP, telemetry, web fonts) are off. The page gets its own Content Security
 * Policy (security-headers.ts): the one place the policy differs, by the hash of its inline start-up script.
 *
 * Registered as an encapsulated plugin, so its hooks apply to the reference's routes only.
 */
import scalar from '@scalar/fastify-api-reference';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import { API_DOCS_PREFIX, apiDocsCsp } from './security-headers.ts';

export async function apiDocs(app: FastifyInstance, opts: { config: Pick<Config, 'baseUrl'> }): Promise<void> {
  const https = opts.config.baseUrl.startsWith('https://');
  let lastHtml = '';
  let lastCsp = '';
  app.addHook('onSend', async (request, reply, payload) => {
    const type = String(reply.getHeader('content-type') ?? '');
    if (type.startsWith('text/html') && typeof payload === 'string') {
      if (payload !== lastHtml) {
        lastCsp = apiDocsCsp(payload, https);
        lastHtml = payload;
      }
      reply.header('content-security-policy', lastCsp);
      reply.header('cache-control', 'no-cache');
    } else if (request.url.startsWith(`${API_DOCS_PREFIX}/js/`)) {
      // The bundle (about 5 MB) changes only with the package: let browsers keep it for an hour.
      reply.header('cache-control', 'public, max-age=3600');
    }
    return payload;
  });
  await app.register(scalar, {
    routePrefix: API_DOCS_PREFIX,
    configuration: {
      url: '/api/openapi.json',
      pageTitle: 'Rapport API reference',
      hideClientButton: true,
      showDeveloperTools: 'never',
      agent: { disabled: true },
      mcp: { disabled: true },
      telemetry: false,
      withDefaultFonts: false,
    },
  });
}
