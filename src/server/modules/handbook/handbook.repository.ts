/** All SQL for the process handbook's own table: who owns each documented process and when it was last reviewed. */
import type { Selectable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { ProcessReviewsTable } from '../../db/schema.ts';

export type ProcessReviewRow = Selectable<ProcessReviewsTable>;

export function listReviews(db: Executor): Promise<ProcessReviewRow[]> {
  return db.selectFrom('process_reviews').selectAll().execute();
}

/** Sets some columns of a process's row, creating it when missing. */
export async function upsertReview(
  db: Executor,
  kind: string,
  processId: string,
  set: Partial<Pick<ProcessReviewRow, 'owner_id' | 'reviewed_at' | 'reviewed_by'>> & { updated_at: string },
): Promise<void> {
  await db
    .insertInto('process_reviews')
    .values({ kind, process_id: processId, owner_id: null, reviewed_at: null, reviewed_by: null, ...set })
    .onConflict((oc) => oc.columns(['kind', 'process_id']).doUpdateSet(set))
    .execute();
}
