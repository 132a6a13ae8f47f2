import { sql } from 'kysely';
import { expectOk } from '../lib/http.ts';
import { runLatency } from '../lib/latency.ts';
import type { Scenario } from '../lib/scenario.ts';

/** A prefix tsquery for typed text: every word as a prefix, punctuation dropped. */
const tsPrefix = (q: string) =>
  q
    .trim()
    .split(/\s+/)
    .map((t) => t.replace(/[^\p{L}\p{N}]/gu, ''))
    .filter(Boolean)
    .map((t) => `${t}:*`)
    .join(' & ');

/** Search-as-you-type: 2-4 typed characters of a name. */
export const typeahead: Scenario = {
  name: 'typeahead',
  description: 'GET /api/v1/search?q=<2-4 chars>&limit=10 across people and companies',
  requires: '/api/v1/search',
  run: (ctx) =>
    runLatency(ctx, {
      name: 'typeahead',
      http: async (_c, i) => {
        const q = ctx.samples.namePrefixes[i % ctx.samples.namePrefixes.length]!;
        expectOk(await ctx.http('GET', `/api/v1/search?q=${encodeURIComponent(q)}&limit=10`), 'search');
      },
      raw: async (_c, i) => {
        const q = ctx.samples.namePrefixes[i % ctx.samples.namePrefixes.length]!;
        if (ctx.dialect === 'sqlite') {
          await sql`select d.kind, d.record_id, d.title from search_fts f join search_documents d on d.rowid = f.rowid
                    where search_fts match ${`"${q}"*`} limit 200`.execute(ctx.raw);
        } else {
          await sql`select kind, record_id, title from search_documents
                    where tsv @@ to_tsquery('simple', ${tsPrefix(q)}) limit 200`.execute(ctx.raw);
        }
      },
      targets: [{ label: 'p95', metric: 'p95', max: 30 }],
      maxRatio: 2,
      note: 'raw = the candidate query of the index; the endpoint adds ranking, access scope and context cards',
    }),
};
