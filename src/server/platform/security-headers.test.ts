import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, json, login, PASSWORD, type Session, type TestContext, testApp } from '../test/harness.ts';

let t: TestContext;
let s: Session;

beforeAll(async () => {
  t = await testApp();
  const admin = await createUser(t.services, 'admin', 'North');
  s = await login(t.app, admin.email);
});
afterAll(() => t.close());

const directive = (csp: unknown, name: string) =>
  String(csp)
    .split(';')
    .find((d) => d.startsWith(`${name} `));

describe('Content Security Policy', () => {
  it('allows scripts from this origin only, with no inline scripts or third-party hosts, on app and API responses', async () => {
    for (const url of ['/healthz', '/api/openapi.json', '/api/v1/auth/me', '/api/v1/people', '/api/v1/nothing']) {
      const res = await t.app.inject({ url, headers: s.headers });
      expect(directive(res.headers['content-security-policy'], 'script-src'), url).toBe("script-src 'self'");
      expect(String(res.headers['content-security-policy'])).not.toMatch(/jsdelivr|googleapis|gstatic/);
      expect(res.headers['content-security-policy']).toContain("object-src 'none'");
    }
  });

  it('serves the API reference from the app: local bundle, its inline start-up script allowed by hash, no vendor extras', async () => {
    const page = await t.app.inject({ url: '/api/docs/' });
    expect(page.statusCode).toBe(200);
    const html = page.body;
    expect(html).toContain('<script src="js/scalar.js"></script>');
    expect(html).not.toMatch(/<script[^>]+src="https?:/);
    expect(html).not.toContain('cdn.jsdelivr.net');
    const inline = /<script type="text\/javascript">([\s\S]*?)<\/script>/.exec(html)?.[1];
    expect(inline).toBeDefined();
    const config = JSON.parse(/createApiReference\('#app', ([\s\S]*)\)\s*$/.exec(inline!.trim())![1]!);
    expect(config).toMatchObject({
      url: '/api/openapi.json',
      hideClientButton: true,
      showDeveloperTools: 'never',
      agent: { disabled: true },
      mcp: { disabled: true },
      telemetry: false,
      withDefaultFonts: false,
    });
    const hash = createHash('sha256').update(inline!).digest('base64');
    expect(directive(page.headers['content-security-policy'], 'script-src')).toBe(`script-src 'self' 'sha256-${hash}'`);
    expect(page.headers['cache-control']).toBe('no-cache');

    const bundle = await t.app.inject({ url: '/api/docs/js/scalar.js' });
    expect(bundle.statusCode).toBe(200);
    expect(bundle.headers['content-type']).toContain('javascript');
    expect(bundle.body.length).toBeGreaterThan(100_000);
    expect(bundle.headers['cache-control']).toBe('public, max-age=3600');
    expect(directive(bundle.headers['content-security-policy'], 'script-src')).toBe("script-src 'self'");
  });
});

describe('HSTS', () => {
  it('is sent only when RAPPORT_BASE_URL is https', async () => {
    const plain = await t.app.inject({ url: '/healthz' });
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    expect(plain.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    const https = await testApp({ baseUrl: 'https://crm.example.com' });
    try {
      for (const url of ['/healthz', '/api/docs/']) {
        const res = await https.app.inject({ url });
        expect(res.headers['strict-transport-security'], url).toBe('max-age=31536000; includeSubDomains');
        expect(res.headers['content-security-policy'], url).toContain('upgrade-insecure-requests');
      }
    } finally {
      await https.close();
    }
  });
});

describe('caching of personal data', () => {
  it('sends Cache-Control: no-store on authenticated API answers, exports, errors and login', async () => {
    const person = await t.app.inject({
      method: 'POST',
      url: '/api/v1/people',
      headers: s.headers,
      payload: { firstName: 'Ada', lastName: 'Lovelace' },
    });
    expect(person.statusCode).toBe(201);
    const id = json<{ id: string }>(person).id;
    const cases = [
      { url: '/api/v1/people', status: 200 },
      { url: `/api/v1/people/${id}`, status: 200 },
      { url: '/api/v1/people/export.csv', status: 200 },
      { url: '/api/v1/auth/me', status: 200 },
      { url: '/api/v1/audit', status: 200 },
      { url: '/api/v1/people/nope', status: 404 },
    ];
    for (const c of cases) {
      const res = await t.app.inject({ url: c.url, headers: s.headers });
      expect(res.statusCode, c.url).toBe(c.status);
      expect(res.headers['cache-control'], c.url).toBe('no-store');
    }
    const admin = await createUser(t.services, 'admin', 'South');
    const loggedIn = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: admin.email, password: PASSWORD },
    });
    expect(loggedIn.statusCode).toBe(200);
    expect(loggedIn.headers['cache-control']).toBe('no-store');
    const anonymous = await t.app.inject({ url: '/api/v1/people' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['cache-control']).toBe('no-store');
    const csv = await t.app.inject({ url: '/api/v1/people/export.csv', headers: s.headers });
    expect(csv.body).toContain('Lovelace');
  });
});
