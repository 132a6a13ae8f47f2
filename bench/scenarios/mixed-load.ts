import type { LoadRequest } from '../lib/load.ts';
import { load, peakRssMiB } from '../lib/load.ts';
import { paced } from '../lib/paced.ts';
import type { BenchContext, Scenario } from '../lib/scenario.ts';

const CONNECTIONS = 50;
/**
 * Requests a second in the realistic run: 50 people each clicking four times a second, far more than people at their
 * desks do, and about half of what one process answers on the large dataset.
 */
const OFFERED = 200;

/** The traffic: 80% reads (record, list, quick filter, history, company) and 20% writes (edit, create). */
function traffic(ctx: BenchContext): LoadRequest[] {
  const { personIds, namePrefixes } = ctx.samples;
  const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)]!;
  const reads: LoadRequest[] = [
    { method: 'GET', path: () => `/api/v1/people/${pick(personIds)}` },
    { method: 'GET', path: () => `/api/v1/people/${pick(personIds)}` },
    { method: 'GET', path: () => '/api/v1/people?sort=-updatedAt&limit=50' },
    { method: 'GET', path: () => `/api/v1/people?q=${encodeURIComponent(pick(namePrefixes))}&limit=20` },
    { method: 'GET', path: () => `/api/v1/people/${pick(personIds)}/history` },
    { method: 'GET', path: () => `/api/v1/companies/${pick(ctx.samples.companyIds)}` },
    { method: 'GET', path: () => '/api/v1/companies?sort=name&limit=50' },
    { method: 'GET', path: () => `/api/v1/people?filter=lifecycleStage:eq:customer&limit=50` },
  ];
  const writes: LoadRequest[] = [
    {
      method: 'PATCH',
      path: () => `/api/v1/people/${pick(personIds)}`,
      body: () => ({ jobTitle: `Bench ${Math.random().toString(36).slice(2, 8)}` }),
    },
    {
      method: 'POST',
      path: () => '/api/v1/people',
      body: () => ({ firstName: 'Bench', lastName: `Load ${Math.random().toString(36).slice(2, 8)}` }),
    },
  ];
  return [...reads, ...writes];
}

const statusList = (statuses: Record<string, number>) =>
  Object.entries(statuses)
    .map(([status, n]) => `${status}: ${n}`)
    .join(', ');

/** Realistic traffic: 50 connections, requests arriving at 200 a second, 80% reads and 20% writes. */
export const mixedLoad: Scenario = {
  name: 'mixed-load',
  description: `${OFFERED} req/s arriving at random over ${CONNECTIONS} connections, 80% reads (record, list, search, history) / 20% writes (edit, create)`,
  async run(ctx) {
    const r = await paced(ctx.base, ctx.admin.headers, traffic(ctx), {
      rate: OFFERED,
      seconds: ctx.quick ? 10 : 60,
      warmupSeconds: ctx.quick ? 3 : 10,
      connections: CONNECTIONS,
    });
    const peak = peakRssMiB(ctx.serverPid);
    ctx.log(`  answers by status: ${statusList(r.statuses)}`);
    for (const f of r.failures) ctx.log(`  failed: ${f.status} ${f.request} ${f.body}`);
    for (const k of r.byKind) ctx.log(`  ${k.kind}: n ${k.n}, p50 ${k.p50.toFixed(1)}, p99 ${k.p99.toFixed(1)}`);
    const failure =
      r.errors === 0
        ? ''
        : `; answers by status: ${statusList(r.statuses)}; first failure: ${r.failures[0]?.status} ${r.failures[0]?.request} ${r.failures[0]?.body.slice(0, 120)}`;
    return {
      name: this.name,
      unit: 'ms',
      figures: {
        'req/s': r.requestsPerSec,
        p50: r.p50,
        p95: r.p95,
        p99: r.p99,
        max: r.max,
        errors: r.errors,
        'peak RSS MiB': peak,
      },
      targets: [
        { label: 'p99 ≤ 100 ms', pass: r.p99 <= 100 },
        { label: '0 errors', pass: r.errors === 0 },
      ],
      note: `requests arrive at ${OFFERED}/s on average with random gaps (open loop) over at most ${CONNECTIONS} connections, after a warm-up at the same rate; each latency counts from the moment the request was due, so queueing behind a slow answer shows; slowest kinds by p99: ${r.byKind
        .slice(0, 3)
        .map((k) => `${k.kind} ${k.p99.toFixed(0)} ms`)
        .join(', ')}${failure}`,
    };
  },
};

/** The same traffic as fast as the server answers it: its capacity, and what queueing does to latency. */
export const mixedLoadCapacity: Scenario = {
  name: 'mixed-load-capacity',
  description: `the mixed-load traffic on ${CONNECTIONS} connections with no pacing (saturation)`,
  async run(ctx) {
    const r = await load(ctx.base, ctx.admin.headers, traffic(ctx), {
      connections: CONNECTIONS,
      seconds: ctx.quick ? 10 : 60,
    });
    const peak = peakRssMiB(ctx.serverPid);
    const errors = r.errors + r.non2xx;
    ctx.log(`  answers by status: ${statusList(r.statuses)}`);
    for (const f of r.failures) ctx.log(`  failed: ${f.status} ${f.request} ${f.body}`);
    const failure =
      errors === 0
        ? ''
        : `; answers by status: ${statusList(r.statuses)}; first failure: ${r.failures[0]?.status} ${r.failures[0]?.request} ${r.failures[0]?.body.slice(0, 120)}`;
    return {
      name: this.name,
      unit: 'ms',
      figures: { 'req/s': r.requestsPerSec, p50: r.p50, 'p97.5': r.p95, p99: r.p99, errors, 'peak RSS MiB': peak },
      targets: [{ label: '0 errors', pass: errors === 0 }],
      note: `each of ${CONNECTIONS} connections sends its next request as soon as the last is answered: the throughput ceiling, where latency is the queue (on average ${CONNECTIONS} ÷ req/s); autocannon reports p97.5, not p95${failure}`,
    };
  },
};
