import { sql } from 'kysely';
import { expectOk } from '../lib/http.ts';
import { runLatency } from '../lib/latency.ts';
import type { Scenario } from '../lib/scenario.ts';

/** A page of 50 entries of a busy customer's timeline. */
export const timelinePage: Scenario = {
  name: 'timeline-page',
  description: 'GET /api/v1/people/:id/timeline?limit=50 for people with many touchpoints',
  requires: '/api/v1/people/:id/timeline',
  run: (ctx) =>
    runLatency(ctx, {
      name: 'timeline-page',
      http: async (_c, i) => {
        const id = ctx.samples.busyPersonIds[i % ctx.samples.busyPersonIds.length]!;
        expectOk(await ctx.http('GET', `/api/v1/people/${id}/timeline?limit=50`), 'timeline');
      },
      raw: async (_c, i) => {
        const id = ctx.samples.busyPersonIds[i % ctx.samples.busyPersonIds.length]!;
        await sql`select * from timeline where person_id = ${id} order by at desc, id desc limit 51`.execute(ctx.raw);
      },
      targets: [{ label: 'p95', metric: 'p95', max: 10 }],
      maxRatio: 2,
    }),
};
