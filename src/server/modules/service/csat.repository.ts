/** All SQL for case ratings (CSAT) and the rating requests mailed. */
import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { CaseRatingRequestsTable, CaseRatingsTable } from '../../db/schema.ts';

export type RatingRow = Selectable<CaseRatingsTable>;

/** Remembers that a resolution event mailed its link; false when it already had (a redelivery). */
export async function claimRequest(db: Executor, row: Insertable<CaseRatingRequestsTable>): Promise<boolean> {
  const r = await db
    .insertInto('case_rating_requests')
    .values(row)
    .onConflict((oc) => oc.column('event_id').doNothing())
    .returning('event_id')
    .executeTakeFirst();
  return r !== undefined;
}

export function findRating(db: Executor, caseId: string): Promise<RatingRow | undefined> {
  return db.selectFrom('case_ratings').selectAll().where('case_id', '=', caseId).executeTakeFirst();
}

export async function insertRating(db: Executor, row: Insertable<CaseRatingsTable>): Promise<RatingRow> {
  await db.insertInto('case_ratings').values(row).execute();
  return (await findRating(db, row.case_id))!;
}

export async function updateRating(
  db: Executor,
  caseId: string,
  set: Pick<RatingRow, 'score' | 'comment' | 'source' | 'updated_at'>,
): Promise<RatingRow> {
  await db.updateTable('case_ratings').set(set).where('case_id', '=', caseId).execute();
  return (await findRating(db, caseId))!;
}
