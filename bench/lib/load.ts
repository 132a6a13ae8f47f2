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
  /** Answers by status code (`timeout` and `error` for requests that got none). */
  statuses: Record<string, number>;
  /** The first failures, with what was asked and what came back, so a failed run says why. */
  failures: { status: string; request: string; body: string }[];
}

/** How many failed requests a run keeps the details of. */
const KEPT_FAILURES = 10;

export async function load(
  base: string,
  headers: Record<string, string>,
  requests: LoadRequest[],
  opts: {
    connections: number;
    seconds: number;
    /** Requests a second per connection (paced traffic); unset, each connection sends as fast as it is answered. */
    connectionRate?: number;
  },
): Promise<LoadResult> {
  const statuses: Record<string, number> = {};
  const failures: LoadResult['failures'] = [];
  const count = (status: string) => {
    statuses[status] = (statuses[status] ?? 0) + 1;
  };
  const options: autocannon.Options = {
    url: base,
    connections: opts.connections,
    duration: opts.seconds,
    ...(opts.connectionRate ? { connectionRate: opts.connectionRate } : {}),
    headers: { ...headers, 'content-type': 'application/json' },
    requests: requests.map((r) => ({
      method: r.method,
      setupRequest: (req: autocannon.Request, ctx: object) => {
        const context = ctx as Record<string, unknown>;
        req.path = r.path();
        context.asked = `${r.method} ${req.path}`;
        if (r.body) req.body = JSON.stringify(r.body());
        return req;
      },
      onResponse: (status: number, body: string, ctx: object) => {
        const context = ctx as Record<string, unknown>;
        count(String(status));
        if ((status < 200 || status >= 300) && failures.length < KEPT_FAILURES)
          failures.push({ status: String(status), request: String(context.asked), body: body.slice(0, 300) });
      },
    })),
  };
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (err, r) => (err ? reject(err) : resolve(r)));
    instance.on('reqError', (err: Error) => {
      const status = /timed? ?out/i.test(err.message) ? 'timeout' : 'error';
      count(status);
      if (failures.length < KEPT_FAILURES) failures.push({ status, request: '(see counts)', body: err.message });
    });
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
    statuses,
    failures,
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
