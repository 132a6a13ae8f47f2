import type { LoadRequest } from '../lib/load.ts';
import { load, peakRssMiB } from '../lib/load.ts';
import type { Scenario } from '../lib/scenario.ts';

/** Realistic traffic: 50 connections, 80% reads and 20% writes, then the server's peak memory. */
export const mixedLoad: Scenario = {
  name: 'mixed-load',
  description: '50 concurrent connections, 80% reads (record, list, search, timeline) / 20% writes (edit, create)',
  async run(ctx) {
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
    const r = await load(ctx.base, ctx.admin.headers, [...reads, ...writes], {
      connections: 50,
      seconds: ctx.quick ? 10 : 60,
    });
    const peak = peakRssMiB(ctx.serverPid);
    const errors = r.errors + r.non2xx;
    const statuses = Object.entries(r.statuses)
      .map(([status, n]) => `${status}: ${n}`)
      .join(', ');
    ctx.log(`  answers by status: ${statuses}`);
    for (const f of r.failures) ctx.log(`  failed: ${f.status} ${f.request} ${f.body}`);
    return {
      name: this.name,
      unit: 'ms',
      figures: { 'req/s': r.requestsPerSec, p50: r.p50, 'p97.5': r.p95, p99: r.p99, errors, 'peak RSS MiB': peak },
      targets: [
        { label: 'p99 ≤ 100 ms', pass: r.p99 <= 100 },
        { label: '0 errors', pass: errors === 0 },
      ],
      note:
        errors === 0
          ? 'autocannon reports p97.5, not p95'
          : `autocannon reports p97.5, not p95; answers by status: ${statuses}; first failure: ${r.failures[0]?.status} ${r.failures[0]?.request} ${r.failures[0]?.body.slice(0, 120)}`,
    };
  },
};
