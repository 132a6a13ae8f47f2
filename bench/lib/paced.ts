/**
 * Open-loop load: requests arrive at a fixed average rate with random (exponential) gaps, as independent users'
 * clicks do, over a pool of keep-alive connections. Unlike a closed loop (autocannon sends a connection's next
 * request only when the last is answered), arrivals do not wait for the server, so a slow answer makes the following
 * requests queue and shows in their latency, which is measured from the moment each request was due (no coordinated
 * omission).
 */
import http from 'node:http';
import { request } from './http.ts';
import type { LoadRequest } from './load.ts';
import { percentile } from './stats.ts';

export interface PacedResult {
  /** Answers per second over the run. */
  requestsPerSec: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Requests without an HTTP answer (connection errors, timeouts) and answers outside 2xx. */
  errors: number;
  statuses: Record<string, number>;
  failures: { status: string; request: string; body: string }[];
  /** Per kind of request (method and route pattern): answers, p50 and p99, slowest p99 first. */
  byKind: { kind: string; n: number; p50: number; p99: number }[];
}

const TIMEOUT_MS = 10_000;

export async function paced(
  base: string,
  headers: Record<string, string>,
  requests: LoadRequest[],
  opts: {
    rate: number;
    seconds: number;
    connections: number;
    /** Sent first at the same rate, not measured (errors still count): caches, JIT and connections warm up. */
    warmupSeconds?: number;
  },
): Promise<PacedResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.connections });
  const latencies: number[] = [];
  const kinds = new Map<string, number[]>();
  const statuses: Record<string, number> = {};
  const failures: PacedResult['failures'] = [];
  let errors = 0;
  const inFlight = new Set<Promise<void>>();
  const started = performance.now();
  const measuredFrom = started + (opts.warmupSeconds ?? 0) * 1000;
  const end = measuredFrom + opts.seconds * 1000;
  let due = started;
  let answeredInWindow = 0;

  const send = (at: number) => {
    const r = requests[Math.floor(Math.random() * requests.length)]!;
    const path = r.path();
    const asked = `${r.method} ${path}`;
    const kind = `${r.method} ${kindOf(path)}`;
    const answered = Promise.race([
      request(base, r.method, path, headers, r.body?.(), agent),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out')), TIMEOUT_MS).unref()),
    ]).then(
      (reply) => {
        if (at >= measuredFrom) {
          const ms = performance.now() - at;
          latencies.push(ms);
          answeredInWindow++;
          const list = kinds.get(kind) ?? [];
          if (list.length === 0) kinds.set(kind, list);
          list.push(ms);
        }
        const status = String(reply.status);
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (reply.status < 200 || reply.status >= 300) {
          errors++;
          if (failures.length < 10) failures.push({ status, request: asked, body: reply.body.slice(0, 300) });
        }
      },
      (err: Error) => {
        errors++;
        const status = /timed out/.test(err.message) ? 'timeout' : 'error';
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (failures.length < 10) failures.push({ status, request: asked, body: err.message });
      },
    );
    inFlight.add(answered);
    void answered.finally(() => inFlight.delete(answered));
  };

  while (due < end) {
    const now = performance.now();
    if (due > now) await new Promise((resolve) => setTimeout(resolve, due - now));
    // a late timer sends every request that has come due since, each timed from its own due moment
    while (due <= performance.now() && due < end) {
      send(due);
      due += -Math.log(1 - Math.random()) * (1000 / opts.rate);
    }
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - measuredFrom) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requestsPerSec: answeredInWindow / elapsed,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1] ?? Number.NaN,
    errors,
    statuses,
    failures,
    byKind: [...kinds]
      .map(([kind, ms]) => {
        ms.sort((a, b) => a - b);
        return { kind, n: ms.length, p50: percentile(ms, 50), p99: percentile(ms, 99) };
      })
      .sort((a, b) => b.p99 - a.p99),
  };
}

/** A path as its route: ids become `:id`, a query string keeps its parameter names. */
function kindOf(path: string): string {
  const [route = '', query] = path.split('?');
  const pattern = route.replace(/\/[0-9a-f]{8}-[0-9a-f-]{27,}/gi, '/:id');
  if (!query) return pattern;
  const names = [...new URLSearchParams(query)].map(([k, v]) => (k === 'q' ? 'q' : `${k}=${v}`));
  return `${pattern}?${names.join('&')}`;
}
