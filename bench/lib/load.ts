/** Throughput and mixed-load runs with autocannon against the bench server. */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

export interface LoadRequest {
  method: 'GET' | 'POST' | 'PATCH';
  path: () => string;
  body?: () => unknown;
}

export interface LoadResult {
  requestsPerSec: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  non2xx: number;
  total: number;
}

export async function load(
  base: string,
  headers: Record<string, string>,
  requests: LoadRequest[],
  opts: { connections: number; seconds: number },
): Promise<LoadResult> {
  const result = await autocannon({
    url: base,
    connections: opts.connections,
    duration: opts.seconds,
    headers: { ...headers, 'content-type': 'application/json' },
    requests: requests.map((r) => ({
      method: r.method,
      setupRequest: (req: autocannon.Request) => {
        req.path = r.path();
        if (r.body) req.body = JSON.stringify(r.body());
        return req;
      },
    })),
  });
  const lat = result.latency as unknown as Record<string, number>;
  return {
    requestsPerSec: result.requests.average,
    p50: lat.p50 ?? Number.NaN,
    p95: lat.p97_5 ?? Number.NaN, // autocannon reports 97.5 rather than 95; the report labels it honestly
    p99: lat.p99 ?? Number.NaN,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    total: result.requests.total,
  };
}

/** Peak resident set size (VmHWM) of a process, in MiB (Linux). */
export function peakRssMiB(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

export function rssMiB(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}
