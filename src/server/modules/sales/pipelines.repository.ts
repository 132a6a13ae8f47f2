import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { LostReasonsTable, PipelineStagesTable, PipelinesTable } from '../../db/schema.ts';

export type PipelineRow = Selectable<PipelinesTable>;
export type StageRow = Selectable<PipelineStagesTable>;
export type LostReasonRow = Selectable<LostReasonsTable>;

export function listPipelines(db: Executor, includeArchived: boolean): Promise<PipelineRow[]> {
  let q = db.selectFrom('pipelines').selectAll();
  if (!includeArchived) q = q.where('archived', '=', 0);
  return q.orderBy('position').orderBy('name').orderBy('id').execute();
}

export function findPipeline(db: Executor, id: string, lock = false): Promise<PipelineRow | undefined> {
  const q = db.selectFrom('pipelines').selectAll().where('id', '=', id);
  return (lock ? q.forUpdate() : q).executeTakeFirst();
}

export function stagesOf(db: Executor, pipelineIds: string[]): Promise<StageRow[]> {
  if (pipelineIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('pipeline_stages')
    .selectAll()
    .where('pipeline_id', 'in', pipelineIds)
    .orderBy('pipeline_id')
    .orderBy('position')
    .execute();
}

export function findStage(db: Executor, id: string): Promise<StageRow | undefined> {
  return db.selectFrom('pipeline_stages').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findStages(db: Executor, ids: string[]): Promise<StageRow[]> {
  return db.selectFrom('pipeline_stages').selectAll().where('id', 'in', ids).execute();
}

export async function insertPipeline(db: Executor, row: Insertable<PipelinesTable>): Promise<void> {
  await db.insertInto('pipelines').values(row).execute();
}

export async function updatePipeline(
  db: Executor,
  id: string,
  patch: Partial<Pick<PipelineRow, 'name' | 'description' | 'position' | 'archived' | 'updated_at'>>,
  version: number,
): Promise<void> {
  await db
    .updateTable('pipelines')
    .set({ ...patch, version: version + 1 })
    .where('id', '=', id)
    .execute();
}

export async function deletePipeline(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('pipeline_stages').where('pipeline_id', '=', id).execute();
  await db.deleteFrom('pipelines').where('id', '=', id).execute();
}

export async function insertStage(db: Executor, row: Insertable<PipelineStagesTable>): Promise<void> {
  await db.insertInto('pipeline_stages').values(row).execute();
}

export async function updateStage(
  db: Executor,
  id: string,
  patch: Omit<Partial<StageRow>, 'id' | 'pipeline_id' | 'created_at'>,
): Promise<void> {
  await db.updateTable('pipeline_stages').set(patch).where('id', '=', id).execute();
}

export async function deleteStage(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('pipeline_stages').where('id', '=', id).execute();
}

/** Deals (deleted ones included: a restore must find its stage) per stage of a pipeline. */
export async function dealCountsByStage(db: Executor, pipelineId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('deals')
    .select(['stage_id'])
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('pipeline_id', '=', pipelineId)
    .groupBy('stage_id')
    .execute();
  return new Map(rows.map((r) => [r.stage_id, Number(r.n)]));
}

export interface MovedDeal {
  id: string;
  stage_entered_at: string;
}

/** Moves every deal of a stage to another one; answers the moved deals with when they had entered the old stage. */
export async function moveDeals(
  db: Executor,
  fromStageId: string,
  toStageId: string,
  at: string,
): Promise<MovedDeal[]> {
  const moved = await db
    .selectFrom('deals')
    .select(['id', 'stage_entered_at'])
    .where('stage_id', '=', fromStageId)
    .execute();
  await db
    .updateTable('deals')
    .set((eb) => ({ stage_id: toStageId, stage_entered_at: at, updated_at: at, version: eb('version', '+', 1) }))
    .where('stage_id', '=', fromStageId)
    .execute();
  return moved;
}

export async function insertStageHistory(
  db: Executor,
  rows: {
    id: string;
    deal_id: string;
    pipeline_id: string;
    from_stage_id: string | null;
    to_stage_id: string;
    changed_at: string;
    changed_by: string | null;
    days_in_stage: number | null;
  }[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('deal_stage_history')
      .values(rows.slice(i, i + 500))
      .execute();
  }
}

export function listLostReasons(db: Executor): Promise<LostReasonRow[]> {
  return db.selectFrom('lost_reasons').selectAll().orderBy('position').orderBy('id').execute();
}

export async function upsertLostReason(db: Executor, row: LostReasonRow, exists: boolean): Promise<void> {
  if (exists) {
    await db
      .updateTable('lost_reasons')
      .set({ label: row.label, position: row.position, active: row.active })
      .where('id', '=', row.id)
      .execute();
  } else await db.insertInto('lost_reasons').values(row).execute();
}
