import { sql } from 'kysely';
import { expectOk } from '../lib/http.ts';
import { runLatency } from '../lib/latency.ts';
import type { BenchContext, Scenario } from '../lib/scenario.ts';

/**
 * A custom dashboard of 8 widgets, as a sales lead would build it: three numbers with their change, the win rate's
 * trend against its objective, two splits (revenue by person, activities by team), the first pipeline's funnel and a
 * table of deals. Created once through the API by the admin.
 */
async function dashboardOfEight(ctx: BenchContext): Promise<string> {
  const pipeline = await ctx.raw.selectFrom('pipelines').select('id').orderBy('position').executeTakeFirst();
  const objective = await ctx.raw
    .selectFrom('objectives')
    .select('id')
    .where('metric_id', '=', 'sales.win_rate')
    .executeTakeFirst();
  const widgets = [
    { kind: 'metric', title: 'Revenue won', metricId: 'sales.won_amount', period: 'this_quarter' },
    { kind: 'metric', title: 'Win rate', metricId: 'sales.win_rate', period: 'last_90_days' },
    { kind: 'metric', title: 'Activities', metricId: 'activities.logged', period: 'last_30_days' },
    {
      kind: 'trend',
      title: 'Win rate this year',
      metricId: 'sales.win_rate',
      period: 'this_year',
      ...(objective ? { objectiveId: objective.id } : {}),
    },
    { kind: 'bar', title: 'Revenue by person', metricId: 'sales.won_amount', by: 'user', period: 'this_quarter' },
    { kind: 'bar', title: 'Activities by team', metricId: 'activities.logged', by: 'team', period: 'last_90_days' },
    pipeline
      ? { kind: 'funnel', title: 'Pipeline', pipelineId: pipeline.id }
      : { kind: 'funnel', title: 'Steps', metricIds: ['activities.logged', 'sales.won_count'] },
    { kind: 'records', title: 'Latest deals', object: 'deals', limit: 10 },
  ];
  const r = expectOk(
    await ctx.http('POST', '/api/v1/dashboards', { name: 'Bench: 8 widgets', widgets }),
    'create dashboard',
  );
  return (JSON.parse(r.body) as { id: string }).id;
}

/** Every widget of an 8-widget dashboard computed in one call (in parallel, with the admin's access). */
export const dashboardData: Scenario = {
  name: 'dashboard-8-widgets',
  description: 'GET /api/v1/dashboards/:id/data for a dashboard of 8 widgets (numbers, trend, bars, funnel, table)',
  requires: '/api/v1/dashboards/:id/data',
  async run(ctx) {
    const id = await dashboardOfEight(ctx);
    return runLatency(ctx, {
      name: 'dashboard-8-widgets',
      http: async () => expectOk(await ctx.http('GET', `/api/v1/dashboards/${id}/data`), 'dashboard data'),
      // The ceiling: the heaviest single read, a quarter of one metric's rollups by user.
      raw: async () => {
        await sql`select user_id, sum(numerator), sum(denominator) from metric_rollups where metric_id = 'sales.won_amount' and dim = '' group by user_id`.execute(
          ctx.raw,
        );
      },
      targets: [{ label: 'p95', metric: 'p95', max: 300 }],
    });
  },
};
