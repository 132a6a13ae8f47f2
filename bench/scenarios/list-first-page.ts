import { sql } from 'kysely';
import { visibleNameSql } from '../../src/server/modules/companies/companies.repository.ts';
import { findRecords } from '../../src/server/modules/people/people.repository.ts';
import { expectOk } from '../lib/http.ts';
import { runLatency } from '../lib/latency.ts';
import type { Scenario } from '../lib/scenario.ts';

/** The people list's first page with a filter and a sort, as the list view asks for it. */
export const listFirstPage: Scenario = {
  name: 'list-first-page',
  description: 'GET /api/v1/people?filter=lifecycleStage:eq:customer&sort=-updatedAt&limit=50 (with capped total)',
  run: (ctx) =>
    runLatency(ctx, {
      name: 'list-first-page',
      http: async () =>
        expectOk(
          await ctx.http('GET', '/api/v1/people?filter=lifecycleStage:eq:customer&sort=-updatedAt&limit=50'),
          'list',
        ),
      raw: async () => {
        const page = await sql<{ id: string }>`select id from people where deleted_at is null
                  and lifecycle_stage = 'customer' order by updated_at desc, id desc limit 51`.execute(ctx.raw);
        // the page's records with their emails, phones and related names: the endpoint's own query, as an admin reads it
        await findRecords(
          ctx.raw,
          { dialect: ctx.dialect, companyName: visibleNameSql({ kind: 'all' }, 'people.company_id') },
          page.rows.slice(0, 50).map((r) => r.id),
        );
        await sql`select count(*) from (select 1 from people where deleted_at is null and lifecycle_stage = 'customer' limit 10001) c`.execute(
          ctx.raw,
        );
      },
      targets: [{ label: 'p95', metric: 'p95', max: 50 }],
      maxRatio: 2,
      note: 'raw = the endpoint’s three statements through the driver: the page of ids, the page’s records with their emails, phones and related names (one query), and the capped count',
    }),
};
