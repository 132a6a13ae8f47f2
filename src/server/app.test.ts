import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app.ts';
import { bootstrap } from './bootstrap.ts';
import { createServices } from './services.ts';
import { createUser, json, login, type TestDatabase, testConfig, testDatabase } from './test/harness.ts';

let tdb: TestDatabase;
let app: Awaited<ReturnType<typeof buildApp>>;
let services: ReturnType<typeof createServices>;

beforeAll(async () => {
  tdb = await testDatabase();
  const config = testConfig();
  services = createServices(tdb.database, config);
  await bootstrap({ demo: false, adminEmail: undefined, adminPassword: undefined }, services);
  app = await buildApp(config, services);
  // A route of a switchable module, as the sales/marketing/service modules declare theirs.
  app.get('/api/v1/test-pipeline', { config: { access: 'authenticated', module: 'sales' } }, async () => ({
    ok: true,
  }));
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await tdb.drop();
});

describe('the app shell', () => {
  it('answers health and readiness', async () => {
    expect(json(await app.inject({ url: '/healthz' }))).toEqual({ status: 'ok' });
    const ready = await app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(json(ready).database).toBe(tdb.database.dialect);
  });

  it('serves the OpenAPI 3.1 document and the readable reference', async () => {
    const spec = json<{ openapi: string; paths: Record<string, unknown> }>(
      await app.inject({ url: '/api/openapi.json' }),
    );
    expect(spec.openapi).toBe('3.1.0');
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/api/v1/people', '/api/v1/people/{id}', '/api/v1/auth/login']),
    );
    const docs = await app.inject({ url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toContain('text/html');
  });

  it('answers unknown routes with a problem+json 404', async () => {
    const res = await app.inject({ url: '/api/v1/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(json(res).code).toBe('route.not_found');
  });

  it('a switched-off module answers 404 and /auth/me reports the switches', async () => {
    const admin = await createUser(services, 'admin', 'North');
    const s = await login(app, admin.email);
    expect((await app.inject({ url: '/api/v1/test-pipeline', headers: s.headers })).statusCode).toBe(200);
    const ws = await app.inject({ url: '/api/v1/workspace', headers: s.headers });
    const off = await app.inject({
      method: 'PATCH',
      url: '/api/v1/workspace',
      headers: { ...s.headers, 'if-match': ws.headers.etag as string },
      payload: { modules: { sales: false } },
    });
    expect(off.statusCode).toBe(200);
    expect(json<{ modules: { sales: boolean; service: boolean } }>(off).modules).toMatchObject({
      sales: false,
      service: true,
    });
    // Settings are cached for a second per instance.
    await new Promise((r) => setTimeout(r, 1100));
    const gone = await app.inject({ url: '/api/v1/test-pipeline', headers: s.headers });
    expect(gone.statusCode).toBe(404);
    expect(json(gone).code).toBe('module.disabled');
    const me = json<{ workspace: { modules: { sales: boolean } } }>(
      await app.inject({ url: '/api/v1/auth/me', headers: s.headers }),
    );
    expect(me.workspace.modules.sales).toBe(false);
    const stale = await app.inject({
      method: 'PATCH',
      url: '/api/v1/workspace',
      headers: { ...s.headers, 'if-match': ws.headers.etag as string },
      payload: { name: 'Lost update' },
    });
    expect(stale.statusCode).toBe(412);
  });
});
