import { sql } from 'kysely';
import { expectOk } from '../lib/http.ts';
import { runLatency } from '../lib/latency.ts';
import type { Scenario } from '../lib/scenario.ts';

/** Screen pop: an incoming call's number, in the format a PBX sends, to the matching people with context cards. */
export const screenPop: Scenario = {
  name: 'screen-pop',
  description: 'GET /api/v1/lookup?phone=… (number formatted as typed) → people, companies, context cards',
  requires: '/api/v1/lookup',
  run: (ctx) =>
    runLatency(ctx, {
      name: 'screen-pop',
      http: async (_c, i) => {
        const e164 = ctx.samples.phones[i % ctx.samples.phones.length]!;
        expectOk(await ctx.http('GET', `/api/v1/lookup?phone=${encodeURIComponent(e164)}`), 'lookup');
      },
      raw: async (_c, i) => {
        const e164 = ctx.samples.phones[i % ctx.samples.phones.length]!;
        await sql`select p.* from person_phones pp join people p on p.id = pp.person_id
                  where pp.e164 = ${e164} and p.deleted_at is null limit 20`.execute(ctx.raw);
      },
      targets: [{ label: 'p99', metric: 'p99', max: 10 }],
      maxRatio: 2,
      note: 'raw = the phone match; the endpoint adds the context card (contact facts, counts, flags)',
    }),
};
