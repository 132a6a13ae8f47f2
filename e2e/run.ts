/**
 * Browser tests: builds the web app, starts the real server on a fresh SQLite database with the demo workspace, and
 * runs the specs in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core).
 * Without Chromium the run is skipped with a message, except in CI where it fails.
 * Arguments are passed to Vitest (`node e2e/run.ts accounts search` runs those specs only).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM } from './browser.ts';
import { freePort, type RunningServer, startServer } from './server.ts';

if (!existsSync(CHROMIUM)) {
  const msg = `Browser tests need Chromium at ${CHROMIUM} (Debian/Ubuntu: apt-get install chromium).`;
  if (process.env.CI) {
    console.error(msg);
    process.exit(1);
  }
  console.warn(`${msg} Skipping them.`);
  process.exit(0);
}

const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const dir = mkdtempSync(join(tmpdir(), 'rapport-e2e-'));
const inboundPort = await freePort();
let server: RunningServer | undefined;
let code = 1;
try {
  server = await startServer({
    DATABASE_URL: `sqlite:${join(dir, 'e2e.db')}`,
    RAPPORT_DEMO: 'true',
    // Every spec signs in (browser and API) from this one address, dozens of times a minute: far past the default
    // 10 logins a minute per address, which the HTTP tests check on their own.
    RAPPORT_LOGIN_RATE_LIMIT: '1000',
    // the webhooks spec delivers to a receiver on loopback
    RAPPORT_WEBHOOK_ALLOW_PRIVATE: 'true',
    // the case-email spec delivers customers' mail to the inbound SMTP listener on loopback
    RAPPORT_INBOUND_SMTP_PORT: String(inboundPort),
    RAPPORT_INBOUND_SMTP_HOST: '127.0.0.1',
    RAPPORT_INBOUND_DOMAIN: 'help.demo.rapport.test',
    RAPPORT_DATA_DIR: join(dir, 'data'),
  });
  // Extra arguments go to Vitest: `node e2e/run.ts accounts` runs only the specs whose path contains "accounts".
  const r = spawnSync('npx', ['vitest', 'run', '--config', 'e2e/vitest.config.ts', ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, E2E_BASE_URL: server.baseUrl, E2E_INBOUND_SMTP_PORT: String(inboundPort) },
  });
  code = r.status ?? 1;
} catch (err) {
  console.error(err);
} finally {
  server?.stop();
  rmSync(dir, { recursive: true, force: true });
}
process.exit(code);
