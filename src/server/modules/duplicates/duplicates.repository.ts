/** The only SQL of `duplicate_pairs`: the scan's upserts, the review queue's pages and dismissals. */
import type { Executor } from '../../db/database.ts';
import type { DuplicatePairsTable } from '../../db/schema.ts';
import { newId } from '../../platform/ids.ts';

export type PairRow = DuplicatePairsTable;

/**
 * Records what a scan found: a new pair is opened, an open one takes the new score and reasons, a dismissed one stays
 * dismissed (only its scan stamp moves, so it is not removed as stale).
 */
export async function upsertPairs(
  db: Executor,
  kind: string,
  scanId: string,
  at: string,
  pairs: { a: string; b: string; score: number; reasons: string[] }[],
): Promise<void> {
  for (const p of pairs) {
    const existing = await db
      .selectFrom('duplicate_pairs')
      .select(['id', 'status'])
      .where('kind', '=', kind)
      .where('a_id', '=', p.a)
      .where('b_id', '=', p.b)
      .executeTakeFirst();
    if (!existing) {
      await db
        .insertInto('duplicate_pairs')
        .values({
          id: newId(),
          kind,
          a_id: p.a,
          b_id: p.b,
          score: p.score,
          reasons: JSON.stringify(p.reasons),
          status: 'open',
          scan_id: scanId,
          found_at: at,
          dismissed_at: null,
          dismissed_by: null,
        })
        .execute();
    } else if (existing.status === 'open') {
      await db
        .updateTable('duplicate_pairs')
        .set({ score: p.score, reasons: JSON.stringify(p.reasons), scan_id: scanId })
        .where('id', '=', existing.id)
        .execute();
    } else {
      await db.updateTable('duplicate_pairs').set({ scan_id: scanId }).where('id', '=', existing.id).execute();
    }
  }
}

/** Open pairs the latest scan did not find again (a record changed or was deleted): no longer proposed. */
export async function removeStale(db: Executor, kind: string, scanId: string): Promise<number> {
  const r = await db
    .deleteFrom('duplicate_pairs')
    .where('kind', '=', kind)
    .where('status', '=', 'open')
    .where('scan_id', '<>', scanId)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Open pairs, highest score first (ties by id), after a keyset position. */
export function openPage(
  db: Executor,
  kind: string,
  limit: number,
  after?: { score: number; id: string },
): Promise<PairRow[]> {
  let qb = db.selectFrom('duplicate_pairs').selectAll().where('kind', '=', kind).where('status', '=', 'open');
  if (after) {
    qb = qb.where((eb) =>
      eb.or([eb('score', '<', after.score), eb.and([eb('score', '=', after.score), eb('id', '>', after.id)])]),
    );
  }
  return qb.orderBy('score', 'desc').orderBy('id').limit(limit).execute();
}

export function find(db: Executor, id: string): Promise<PairRow | undefined> {
  return db.selectFrom('duplicate_pairs').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function dismiss(db: Executor, id: string, userId: string, at: string): Promise<void> {
  await db
    .updateTable('duplicate_pairs')
    .set({ status: 'dismissed', dismissed_at: at, dismissed_by: userId })
    .where('id', '=', id)
    .execute();
}
