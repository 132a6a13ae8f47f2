/** Starting a real Rapport server for browser tests: a free loopback port, the server process, and its readiness. */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

export function freePort(): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (a && typeof a === 'object' ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

export interface RunningServer {
  baseUrl: string;
  process: ChildProcess;
  stop(): void;
}

/**
 * `node src/cli.ts start` on a free port with `env` added (DATABASE_URL and the rest are the caller's), resolved once
 * `/readyz` answers; rejects if the process exits first or is not ready within `readyWithinMs`.
 */
export async function startServer(env: Record<string, string>, readyWithinMs = 120_000): Promise<RunningServer> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn('node', ['src/cli.ts', 'start'], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      RAPPORT_BASE_URL: baseUrl,
      LOG_LEVEL: 'warn',
      ...env,
    },
  });
  const stop = () => {
    child.kill('SIGTERM');
  };
  const deadline = Date.now() + readyWithinMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error('the server exited during start-up');
    try {
      if ((await fetch(`${baseUrl}/readyz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      stop();
      throw new Error(`the server did not become ready in ${Math.round(readyWithinMs / 1000)} s`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { baseUrl, process: child, stop };
}
