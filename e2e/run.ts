/**
 * Browser tests: builds the web app, starts the real server on a fresh SQLite database with the demo workspace, and
 * runs the specs in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core).
 * Without Chromium the run is skipped with a message, except in CI where it fails.
 * Arguments are passed to Vitest (`node e2e/run.ts accounts search` runs those specs only).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM } from './browser.ts';

if (!existsSync(CHROMIUM)) {
  const msg = `Browser tests need Chromium at ${CHROMIUM} (Debian/Ubuntu: apt-get install chromium).`;
  if (process.env.CI) {
    console.error(msg);
    process.exit(1);
  }
  console.warn(`${msg} Skipping them.`);
  process.exit(0);
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (a && typeof a === 'object' ? resolve(a.port) : reject(new Error('no port'))));
    });
  });

const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const dir = mkdtempSync(join(tmpdir(), 'rapport-e2e-'));
const port = await freePort();
const inboundPort = await freePort();
const baseUrl = `http://127.0.0.1:${port}`;
const server: ChildProcess = spawn('node', ['src/cli.ts', 'start'], {
  stdio: ['ignore', 'inherit', 'inherit'],
  env: {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: `sqlite:${join(dir, 'e2e.db')}`,
    RAPPORT_DEMO: 'true',
    // Every spec signs in (browser and API) from this one address, dozens of times a minute: far past the default
    // 10 logins a minute per address, which the HTTP tests check on their own.
    RAPPORT_LOGIN_RATE_LIMIT: '1000',
    RAPPORT_BASE_URL: baseUrl,
    // the webhooks spec delivers to a receiver on loopback
    RAPPORT_WEBHOOK_ALLOW_PRIVATE: 'true',
    // the case-email spec delivers customers' mail to the inbound SMTP listener on loopback
    RAPPORT_INBOUND_SMTP_PORT: String(inboundPort),
    RAPPORT_INBOUND_SMTP_HOST: '127.0.0.1',
    RAPPORT_INBOUND_DOMAIN: 'help.demo.rapport.test',
    RAPPORT_DATA_DIR: join(dir, 'data'),
    LOG_LEVEL: 'warn',
  },
});

let code = 1;
try {
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error('the server exited during start-up');
    try {
      if ((await fetch(`${baseUrl}/readyz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('the server did not become ready in 120 s');
    await new Promise((r) => setTimeout(r, 250));
  }
  // Extra arguments go to Vitest: `node e2e/run.ts accounts` runs only the specs whose path contains "accounts".
  const r = spawnSync('npx', ['vitest', 'run', '--config', 'e2e/vitest.config.ts', ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, E2E_BASE_URL: baseUrl, E2E_INBOUND_SMTP_PORT: String(inboundPort) },
  });
  code = r.status ?? 1;
} catch (err) {
  console.error(err);
} finally {
  server.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
process.exit(code);
