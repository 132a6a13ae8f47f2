import { sql } from 'kysely';
import { DEFAULT_SEED_NOW } from '../../src/server/seed/generate.ts';
import { expectOk } from '../lib/http.ts';
import { runLatency } from '../lib/latency.ts';
import type { BenchContext, Scenario } from '../lib/scenario.ts';

/** The dataset's first pipeline with its stages, and some of its open deals in two adjacent open stages. */
async function salesSamples(ctx: BenchContext) {
  const pipeline = await ctx.raw.selectFrom('pipelines').select('id').orderBy('position').executeTakeFirst();
  if (!pipeline) throw new Error('the dataset has no pipeline (seeded before deals existed: reseed it)');
  const stages = await ctx.raw
    .selectFrom('pipeline_stages')
    .select(['id', 'name', 'outcome'])
    .where('pipeline_id', '=', pipeline.id)
    .orderBy('position')
    .execute();
  const open = stages.filter((s) => s.outcome === 'open');
  // The last two open stages need an amount and a close date, which seeded deals have: moves between them pass.
  const [a, b] = [open[open.length - 2]!, open[open.length - 1]!];
  const deals = await ctx.raw
    .selectFrom('deals')
    .select('id')
    .where('stage_id', 'in', [a.id, b.id])
    .where('deleted_at', 'is', null)
    .orderBy('id')
    .limit(200)
    .execute();
  const d = new Date(DEFAULT_SEED_NOW);
  const period = `${d.getUTCFullYear()}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
  return { pipelineId: pipeline.id, stageA: a.id, stageB: b.id, dealIds: deals.map((x) => x.id), period };
}

/** A pipeline's board: every column's count, amount and weighted amount over visible deals, and its first deals. */
export const pipelineBoard: Scenario = {
  name: 'pipeline-board',
  description: 'GET /api/v1/pipelines/:id/board (totals per stage and the first 50 deals of each)',
  requires: '/api/v1/pipelines/:id/board',
  async run(ctx) {
    const s = await salesSamples(ctx);
    return runLatency(ctx, {
      name: 'pipeline-board',
      http: async () => expectOk(await ctx.http('GET', `/api/v1/pipelines/${s.pipelineId}/board`), 'board'),
      raw: async () => {
        await sql`select stage_id, count(*), sum(amount_minor) from deals where pipeline_id = ${s.pipelineId} and deleted_at is null group by stage_id`.execute(
          ctx.raw,
        );
      },
      targets: [{ label: 'p95', metric: 'p95', max: 100 }],
    });
  },
};

/** The forecast of a quarter by owner over every deal. */
export const forecast: Scenario = {
  name: 'forecast',
  description: "GET /api/v1/forecast?period=<the dataset's quarter>&by=owner",
  requires: '/api/v1/forecast',
  async run(ctx) {
    const s = await salesSamples(ctx);
    return runLatency(ctx, {
      name: 'forecast',
      http: async () => expectOk(await ctx.http('GET', `/api/v1/forecast?period=${s.period}&by=owner`), 'forecast'),
      raw: async () => {
        await sql`select owner_id, stage_id, commit_flag, sum(amount_minor), count(*) from deals where deleted_at is null and expected_close_date >= '2026-01-01' group by owner_id, stage_id, commit_flag`.execute(
          ctx.raw,
        );
      },
      targets: [{ label: 'p95', metric: 'p95', max: 200 }],
    });
  },
};

/** Moving a deal to another stage (PATCH with its rules, history, event and timeline entries). */
export const dealStageMove: Scenario = {
  name: 'deal-stage-move',
  description: 'PATCH /api/v1/deals/:id {stageId} between two open stages (rules, history, audit, event, timeline)',
  requires: '/api/v1/deals/:id',
  async run(ctx) {
    const s = await salesSamples(ctx);
    const at = new Map<string, string>();
    return runLatency(ctx, {
      name: 'deal-stage-move',
      http: async (_c, i) => {
        const id = s.dealIds[i % s.dealIds.length]!;
        const next = at.get(id) === s.stageA ? s.stageB : s.stageA;
        expectOk(await ctx.http('PATCH', `/api/v1/deals/${id}`, { stageId: next }), 'stage move');
        at.set(id, next);
      },
      raw: async (_c, i) => {
        const id = s.dealIds[i % s.dealIds.length]!;
        await sql`update deals set updated_at = updated_at where id = ${id}`.execute(ctx.raw);
      },
      targets: [{ label: 'p95', metric: 'p95', max: 20 }],
    });
  },
};
