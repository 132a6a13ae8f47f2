/**
 * `npm run dev`: the API server with file watching on :3000 and the Vite dev server on :5173 (proxying /api).
 * Ctrl-C stops both.
 */
import { type ChildProcess, spawn } from 'node:child_process';

process.env.RAPPORT_DEMO ??= 'true';
process.env.RAPPORT_BASE_URL ??= 'http://localhost:5173';

const children: ChildProcess[] = [
  spawn('node', ['--watch-path=src/server', '--watch-path=src/shared', 'src/cli.ts', 'start'], {
    stdio: 'inherit',
    env: process.env,
  }),
  spawn('npx', ['vite'], { stdio: 'inherit', env: process.env }),
];

const stop = () => {
  for (const c of children) c.kill('SIGTERM');
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const c of children) c.on('exit', (code) => code && code !== 0 && stop());
