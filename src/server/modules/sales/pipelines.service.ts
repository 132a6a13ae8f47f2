/**
 * Pipelines: the sales process a business describes for itself. Each pipeline has ordered stages (win probability,
 * days before a deal counts as stalled, fields required to enter, a playbook in markdown) with at least one open, one
 * won and one lost stage; the workspace keeps one list of lost reasons. Changing a pipeline never orphans a deal: a
 * removed stage that holds deals names the kept stage its deals move to, and each move is in the deal's stage history.
 */
import { type Database, type Executor, inTransaction } from '../../db/database.ts';
import type { Ctx } from '../../platform/access/policy.ts';
import { diff, recordAudit } from '../../platform/audit.ts';
import { type FieldError, notFound, staleVersion } from '../../platform/errors.ts';
import { newId, now } from '../../platform/ids.ts';
import { renderMarkdown } from '../../platform/markdown.ts';
import * as repo from './pipelines.repository.ts';
import type {
  CreatePipeline,
  LostReason,
  Pipeline,
  ReplaceLostReasons,
  Stage,
  StageInput,
  UpdatePipeline,
} from './pipelines.schemas.ts';
import { salesError } from './sales.errors.ts';

const DAY_MS = 86_400_000;

function stageDto(r: repo.StageRow): Stage {
  return {
    id: r.id,
    name: r.name,
    position: r.position,
    probability: r.probability,
    stalledAfterDays: r.stalled_after_days,
    requiredFields: JSON.parse(r.required_fields) as string[],
    playbook: r.playbook,
    playbookHtml: renderMarkdown(r.playbook),
    outcome: r.outcome,
  };
}

function pipelineDto(r: repo.PipelineRow, stages: repo.StageRow[]): Pipeline {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    position: r.position,
    archived: r.archived === 1,
    stages: stages.filter((s) => s.pipeline_id === r.id).map(stageDto),
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** The audit snapshot of a pipeline: its own fields and its stages in order, flat enough to diff. */
function snapshot(p: Pipeline): Record<string, unknown> {
  return {
    name: p.name,
    description: p.description,
    position: p.position,
    archived: p.archived,
    stages: p.stages.map((s) => ({
      id: s.id,
      name: s.name,
      probability: s.probability,
      stalledAfterDays: s.stalledAfterDays,
      requiredFields: s.requiredFields,
      playbook: s.playbook,
      outcome: s.outcome,
    })),
  };
}

/**
 * Checks a stage list's shape and fills defaults: at least one open, won and lost stage; unique names; won stages
 * have probability 100 and lost ones 0; an open stage without a probability gets one spread evenly by position.
 */
export interface NormalisedStage {
  id?: string;
  name: string;
  probability: number;
  stalledAfterDays: number | null;
  requiredFields: string[];
  playbook: string | null;
  outcome: Stage['outcome'];
}

export function normaliseStages(stages: StageInput[]): NormalisedStage[] {
  const errors: FieldError[] = [];
  const outcomes = stages.map((s) => s.outcome ?? 'open');
  for (const needed of ['open', 'won', 'lost'] as const) {
    if (!outcomes.includes(needed)) {
      errors.push({ pointer: '/stages', detail: `needs at least one ${needed} stage`, in: 'body' });
    }
  }
  const seen = new Map<string, number>();
  stages.forEach((s, i) => {
    const key = s.name.trim().toLocaleLowerCase();
    if (seen.has(key))
      errors.push({ pointer: `/stages/${i}/name`, detail: `repeats stage ${seen.get(key)}'s name`, in: 'body' });
    else seen.set(key, i);
    if (s.name.trim() === '') errors.push({ pointer: `/stages/${i}/name`, detail: 'must not be blank', in: 'body' });
    const outcome = outcomes[i];
    if (outcome === 'won' && s.probability !== undefined && s.probability !== 100) {
      errors.push({ pointer: `/stages/${i}/probability`, detail: 'a won stage has probability 100', in: 'body' });
    }
    if (outcome === 'lost' && s.probability !== undefined && s.probability !== 0) {
      errors.push({ pointer: `/stages/${i}/probability`, detail: 'a lost stage has probability 0', in: 'body' });
    }
    if (outcome !== 'open' && s.stalledAfterDays) {
      errors.push({ pointer: `/stages/${i}/stalledAfterDays`, detail: 'only open stages can stall', in: 'body' });
    }
  });
  if (errors.length > 0) {
    throw salesError(
      'sales.pipeline_shape',
      'Invalid pipeline',
      errors.map((e) => `${e.pointer}: ${e.detail}`).join('; '),
      errors,
    );
  }
  const openCount = outcomes.filter((o) => o === 'open').length;
  let openIndex = 0;
  return stages.map((s, i) => {
    const outcome = outcomes[i] ?? 'open';
    const probability =
      outcome === 'won'
        ? 100
        : outcome === 'lost'
          ? 0
          : (s.probability ?? Math.round((100 * ++openIndex) / (openCount + 1)));
    return {
      ...(s.id ? { id: s.id } : {}),
      name: s.name.trim(),
      probability,
      stalledAfterDays: outcome === 'open' ? (s.stalledAfterDays ?? null) : null,
      requiredFields: [...new Set(s.requiredFields ?? [])],
      playbook: s.playbook?.trim() ? s.playbook : null,
      outcome,
    };
  });
}

export class PipelinesService {
  readonly #database: Database;

  constructor(database: Database) {
    this.#database = database;
  }

  async list(opts: { includeArchived?: boolean } = {}, db: Executor = this.#database.db): Promise<Pipeline[]> {
    const rows = await repo.listPipelines(db, opts.includeArchived ?? false);
    const stages = await repo.stagesOf(
      db,
      rows.map((r) => r.id),
    );
    return rows.map((r) => pipelineDto(r, stages));
  }

  async get(id: string, db: Executor = this.#database.db): Promise<Pipeline> {
    const row = await repo.findPipeline(db, id);
    if (!row) throw notFound('pipelines', 'No pipeline with that id.');
    return pipelineDto(row, await repo.stagesOf(db, [id]));
  }

  /** A stage with its pipeline (for deals), or undefined. */
  async stage(
    stageId: string,
    db: Executor = this.#database.db,
  ): Promise<(Stage & { pipelineId: string }) | undefined> {
    const s = await repo.findStage(db, stageId);
    return s ? { ...stageDto(s), pipelineId: s.pipeline_id } : undefined;
  }

  /** Stages by id with their pipelines (one read; an unknown id is left out). */
  async stages(ids: string[], db: Executor = this.#database.db): Promise<Map<string, Stage & { pipelineId: string }>> {
    const rows = ids.length > 0 ? await repo.findStages(db, [...new Set(ids)]) : [];
    return new Map(rows.map((s) => [s.id, { ...stageDto(s), pipelineId: s.pipeline_id }]));
  }

  /** Creates a pipeline, in the caller's transaction when one is given (the set-up applies a starter that way). */
  async create(ctx: Ctx, input: CreatePipeline, db?: Executor): Promise<Pipeline> {
    const stages = normaliseStages(input.stages);
    return inTransaction(this.#database.db, db, async (trx) => {
      const at = now();
      const id = newId();
      const position = input.position ?? (await repo.listPipelines(trx, true)).length;
      await repo.insertPipeline(trx, {
        id,
        name: input.name.trim(),
        description: input.description ?? null,
        position,
        archived: 0,
        created_at: at,
        updated_at: at,
      });
      for (const [i, s] of stages.entries()) await repo.insertStage(trx, this.#stageRow(id, newId(), i, s, at));
      const created = await this.get(id, trx);
      await recordAudit(trx, ctx, {
        action: 'create',
        object: 'pipelines',
        recordId: id,
        changes: diff({}, snapshot(created)),
      });
      return created;
    });
  }

  async update(ctx: Ctx, id: string, input: UpdatePipeline, ifMatch: number | undefined): Promise<Pipeline> {
    const stages = input.stages ? normaliseStages(input.stages) : undefined;
    const locking = this.#database.dialect === 'postgres';
    return this.#database.db.transaction().execute(async (trx) => {
      const row = await repo.findPipeline(trx, id, locking);
      if (!row) throw notFound('pipelines', 'No pipeline with that id.');
      if (ifMatch !== undefined && ifMatch !== row.version) throw staleVersion(row.version);
      const before = await this.get(id, trx);
      const at = now();
      if (stages) await this.#replaceStages(ctx, trx, id, before.stages, stages, input.stageMoves ?? {}, at);
      await repo.updatePipeline(
        trx,
        id,
        {
          ...(input.name !== undefined ? { name: input.name.trim() } : {}),
          ...(input.description !== undefined ? { description: input.description } : {}),
          ...(input.position !== undefined ? { position: input.position } : {}),
          ...(input.archived !== undefined ? { archived: input.archived ? 1 : 0 } : {}),
          updated_at: at,
        },
        row.version,
      );
      const after = await this.get(id, trx);
      await recordAudit(trx, ctx, {
        action: 'update',
        object: 'pipelines',
        recordId: id,
        changes: diff(snapshot(before), snapshot(after)),
      });
      return after;
    });
  }

  async remove(ctx: Ctx, id: string): Promise<void> {
    await this.#database.db.transaction().execute(async (trx) => {
      const row = await repo.findPipeline(trx, id, this.#database.dialect === 'postgres');
      if (!row) throw notFound('pipelines', 'No pipeline with that id.');
      const counts = await repo.dealCountsByStage(trx, id);
      const deals = [...counts.values()].reduce((a, b) => a + b, 0);
      if (deals > 0) {
        throw salesError(
          'sales.pipeline_has_deals',
          'Conflict',
          `The pipeline holds ${deals} deal(s): archive it instead, or move its deals to another pipeline first.`,
        );
      }
      const before = await this.get(id, trx);
      await repo.deletePipeline(trx, id);
      await recordAudit(trx, ctx, {
        action: 'delete',
        object: 'pipelines',
        recordId: id,
        changes: diff(snapshot(before), {}),
      });
    });
  }

  async lostReasons(opts: { includeInactive?: boolean } = {}, db: Executor = this.#database.db): Promise<LostReason[]> {
    return (await repo.listLostReasons(db))
      .filter((r) => opts.includeInactive || r.active === 1)
      .map((r) => ({ id: r.id, label: r.label, position: r.position, active: r.active === 1 }));
  }

  /**
   * Replaces the list of lost reasons. A reason left out is switched off rather than deleted, so the deals lost for it
   * keep their reason.
   */
  async replaceLostReasons(ctx: Ctx, input: ReplaceLostReasons): Promise<LostReason[]> {
    return this.#database.db.transaction().execute(async (trx) => {
      const existing = await repo.listLostReasons(trx);
      const byId = new Map(existing.map((r) => [r.id, r]));
      const errors: FieldError[] = [];
      const labels = new Map<string, number>();
      input.reasons.forEach((r, i) => {
        if (r.id && !byId.has(r.id))
          errors.push({ pointer: `/reasons/${i}/id`, detail: 'is not a lost reason', in: 'body' });
        const key = r.label.trim().toLocaleLowerCase();
        if (labels.has(key))
          errors.push({ pointer: `/reasons/${i}/label`, detail: 'repeats another reason', in: 'body' });
        labels.set(key, i);
      });
      if (errors.length > 0)
        throw salesError(
          'sales.pipeline_shape',
          'Invalid lost reasons',
          errors.map((e) => `${e.pointer}: ${e.detail}`).join('; '),
          errors,
        );
      const before = await this.lostReasons({ includeInactive: true }, trx);
      const at = now();
      const kept = new Set<string>();
      for (const [i, r] of input.reasons.entries()) {
        const id = r.id ?? newId();
        kept.add(id);
        await repo.upsertLostReason(
          trx,
          { id, label: r.label.trim(), position: i, active: r.active === false ? 0 : 1, created_at: at },
          byId.has(id),
        );
      }
      let position = input.reasons.length;
      for (const r of existing) {
        if (!kept.has(r.id)) await repo.upsertLostReason(trx, { ...r, active: 0, position: position++ }, true);
      }
      const after = await this.lostReasons({ includeInactive: true }, trx);
      await recordAudit(trx, ctx, {
        action: 'update',
        object: 'lost_reasons',
        changes: diff({ reasons: before }, { reasons: after }),
      });
      return after;
    });
  }

  /** The columns a stage's definition sets (everything but its identity). */
  #stageFields(position: number, s: NormalisedStage, at: string) {
    return {
      name: s.name,
      position,
      probability: s.probability,
      stalled_after_days: s.stalledAfterDays,
      required_fields: JSON.stringify(s.requiredFields),
      playbook: s.playbook,
      outcome: s.outcome,
      updated_at: at,
    };
  }

  #stageRow(pipelineId: string, id: string, position: number, s: NormalisedStage, at: string) {
    return { id, pipeline_id: pipelineId, created_at: at, ...this.#stageFields(position, s, at) };
  }

  async #replaceStages(
    ctx: Ctx,
    trx: Executor,
    pipelineId: string,
    current: Stage[],
    next: NormalisedStage[],
    moves: Record<string, string>,
    at: string,
  ): Promise<void> {
    const currentIds = new Set(current.map((s) => s.id));
    const errors: FieldError[] = [];
    next.forEach((s, i) => {
      if (s.id && !currentIds.has(s.id)) {
        errors.push({ pointer: `/stages/${i}/id`, detail: 'is not a stage of this pipeline', in: 'body' });
      }
    });
    if (errors.length > 0)
      throw salesError(
        'sales.pipeline_shape',
        'Invalid pipeline',
        errors.map((e) => `${e.pointer}: ${e.detail}`).join('; '),
        errors,
      );
    const keptIds = new Set(next.flatMap((s) => (s.id ? [s.id] : [])));
    const removed = current.filter((s) => !keptIds.has(s.id));
    const counts = await repo.dealCountsByStage(trx, pipelineId);
    const missing: FieldError[] = [];
    for (const s of removed) {
      const n = counts.get(s.id) ?? 0;
      const target = moves[s.id];
      if (n === 0) continue;
      if (!target) {
        missing.push({
          pointer: `/stageMoves/${s.id}`,
          detail: `${n} deal(s) are in "${s.name}": name the stage they move to`,
          in: 'body',
        });
      } else if (!keptIds.has(target)) {
        missing.push({
          pointer: `/stageMoves/${s.id}`,
          detail: 'must be the id of a stage the pipeline keeps',
          in: 'body',
        });
      }
    }
    if (missing.length > 0) {
      throw salesError('sales.stage_has_deals', 'Stage holds deals', missing.map((e) => e.detail).join('; '), missing);
    }
    for (const [i, s] of next.entries()) {
      if (s.id) await repo.updateStage(trx, s.id, this.#stageFields(i, s, at));
      else await repo.insertStage(trx, this.#stageRow(pipelineId, newId(), i, s, at));
    }
    for (const s of removed) {
      const target = moves[s.id];
      if ((counts.get(s.id) ?? 0) > 0 && target) {
        const moved = await repo.moveDeals(trx, s.id, target, at);
        await repo.insertStageHistory(
          trx,
          moved.map((d) => ({
            id: newId(),
            deal_id: d.id,
            pipeline_id: pipelineId,
            from_stage_id: s.id,
            to_stage_id: target,
            changed_at: at,
            changed_by: ctx.actor.id,
            days_in_stage: Math.max(0, (Date.parse(at) - Date.parse(d.stage_entered_at)) / DAY_MS),
          })),
        );
      }
      await repo.deleteStage(trx, s.id);
    }
  }
}
