/** The only SQL that reads the audit log (`audit_log`; platform/audit.ts writes it inside each change's transaction). */
import type { Selectable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { AuditLogTable } from '../../db/schema.ts';
import { decodeCursor } from '../../platform/lists.ts';
import type { AuditQuery } from './audit.schemas.ts';

export type AuditLogRow = Selectable<AuditLogTable>;

/** Counting stops here: larger totals answer as capped. */
export const AUDIT_COUNT_CAP = 10_000;

/**
 * One page of entries matching the query, newest first (keyset on `(at, id)` after the cursor), `limit + 1` rows so the
 * caller knows whether there is a next page, and the number of matches counted up to one past the cap.
 */
export async function searchAuditLog(
  db: Executor,
  q: AuditQuery,
  limit: number,
): Promise<{ rows: AuditLogRow[]; total: number }> {
  let qb = db.selectFrom('audit_log').selectAll();
  if (q.object) qb = qb.where('object', '=', q.object);
  if (q.recordId) qb = qb.where('record_id', '=', q.recordId);
  if (q.actorId) qb = qb.where('actor_id', '=', q.actorId);
  if (q.action) qb = qb.where('action', '=', q.action);
  if (q.from) qb = qb.where('at', '>=', new Date(q.from).toISOString());
  if (q.to) qb = qb.where('at', '<', new Date(q.to).toISOString());
  let page = qb;
  if (q.cursor) {
    const [at, id] = decodeCursor(q.cursor);
    page = page.where((eb) =>
      eb.or([eb('at', '<', String(at)), eb.and([eb('at', '=', String(at)), eb('id', '<', id)])]),
    );
  }
  const rows = await page
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const total = Number(
    (
      await db
        .selectFrom(
          qb
            .clearSelect()
            .select('id')
            .limit(AUDIT_COUNT_CAP + 1)
            .as('c'),
        )
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  return { rows, total };
}

/** The audit entries of some configuration records of one object (pipelines, case types...), newest first. */
export async function configHistory(db: Executor, object: string, recordIds: string[]): Promise<AuditLogRow[]> {
  if (recordIds.length === 0) return [];
  return db
    .selectFrom('audit_log')
    .selectAll()
    .where('object', '=', object)
    .where('record_id', 'in', recordIds)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(200 * recordIds.length)
    .execute();
}
