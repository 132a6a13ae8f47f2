/**
 * Redirects of merged records: once a record is merged into another, its id answers with the survivor's, so old links,
 * bookmarks and API clients keep working. `GET /api/v1/<kind>/<merged id>` answers `308 Permanent Redirect` with a
 * `Location` to the survivor and a problem body (`record.merged`) naming it; clients that follow redirects get the
 * survivor. Written and removed by a merge and its undo, in their transaction.
 */
import type { Executor } from '../../db/database.ts';
import { AppError } from '../errors.ts';

/** An error that answers with a `Location` header (the problem handler sets it). */
export class RedirectError extends AppError {
  readonly location: string;

  constructor(code: string, status: number, title: string, detail: string, location: string) {
    super(code, status, title, detail);
    this.location = location;
  }
}

/** The survivor a merged record of `kind` now answers as, if it was merged. */
export async function redirectOf(db: Executor, kind: string, id: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('record_redirects')
    .select('to_id')
    .where('kind', '=', kind)
    .where('from_id', '=', id)
    .executeTakeFirst();
  return row?.to_id;
}

export async function addRedirect(
  db: Executor,
  r: { kind: string; fromId: string; toId: string; mergeId: string; at: string },
): Promise<void> {
  // A record merged into one that was itself merged before: earlier redirects to it now point at the new survivor.
  await db
    .updateTable('record_redirects')
    .set({ to_id: r.toId })
    .where('kind', '=', r.kind)
    .where('to_id', '=', r.fromId)
    .execute();
  await db
    .insertInto('record_redirects')
    .values({ kind: r.kind, from_id: r.fromId, to_id: r.toId, merge_id: r.mergeId, created_at: r.at })
    .execute();
}

export async function removeRedirects(db: Executor, mergeId: string): Promise<void> {
  await db.deleteFrom('record_redirects').where('merge_id', '=', mergeId).execute();
}

/** The answer for a merged record's id: 308 to the survivor, with a problem body naming it. */
export function mergedInto(kind: string, singular: string, toId: string): RedirectError {
  return new RedirectError(
    'record.merged',
    308,
    'Permanent Redirect',
    `This ${singular} was merged into ${toId}; it answers at its new address.`,
    `/api/v1/${kind}/${toId}`,
  );
}
