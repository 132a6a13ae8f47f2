/**
 * `npm start`: builds the web app on first run if it is missing, then starts Rapport with the demo workspace on
 * (RAPPORT_DEMO defaults to true here; set RAPPORT_DEMO=false to start empty).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
if (major < 24 || (major === 24 && minor < 7)) {
  console.error(`Rapport needs Node.js 24.7 or newer; this is ${process.version}.`);
  process.exit(1);
}

const dist = process.env.RAPPORT_WEB_DIST ?? 'dist';
if (!existsSync(`${dist}/index.html`)) {
  console.log('Building the web app (first start only)…');
  const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

process.env.RAPPORT_DEMO ??= 'true';
const { start } = await import('../src/server/main.ts');
await start();
