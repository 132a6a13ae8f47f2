/**
 * All SQL for activities. Visibility follows the person or company an activity is about: the service passes the
 * condition (from the people service) that keeps out activities about people the actor may not see.
 */
import { type Expression, type Insertable, type Selectable, type SqlBool, sql, type Updateable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { ActivitiesTable } from '../../db/schema.ts';
import { countCapped as countRows } from '../../platform/lists.ts';

export type ActivityRow = Selectable<ActivitiesTable>;

export interface ActivityQuery {
  /** Exactly one of person or company. */
  personId?: string;
  companyId?: string;
  types?: string[];
  /** Extra conditions (visibility of the person an activity is about). */
  where: Expression<SqlBool>[];
}

function base(db: Executor, q: ActivityQuery) {
  let qb = db.selectFrom('activities').where('activities.deleted_at', 'is', null);
  if (q.personId) qb = qb.where('activities.person_id', '=', q.personId);
  if (q.companyId) qb = qb.where('activities.company_id', '=', q.companyId);
  if (q.types && q.types.length > 0) qb = qb.where('activities.type', 'in', q.types);
  for (const w of q.where) qb = qb.where(w);
  return qb;
}

/** Newest first, keyset on (occurred_at, id); one row more than asked so the caller knows if there is a next page. */
export function listPage(db: Executor, q: ActivityQuery, after: [string, string] | undefined, limit: number) {
  let qb = base(db, q).selectAll('activities');
  if (after) qb = qb.where(sql<SqlBool>`(activities.occurred_at, activities.id) < (${after[0]}, ${after[1]})`);
  return qb
    .orderBy('activities.occurred_at', 'desc')
    .orderBy('activities.id', 'desc')
    .limit(limit + 1)
    .execute();
}

/** Capped count of the list query (see platform/lists.ts). */
export function countCapped(db: Executor, q: ActivityQuery): Promise<number> {
  return countRows(db, base(db, q));
}

export function findById(db: Executor, id: string): Promise<ActivityRow | undefined> {
  return db.selectFrom('activities').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insert(db: Executor, row: Insertable<ActivitiesTable>): Promise<void> {
  await db.insertInto('activities').values(row).execute();
}

/** Updates an activity if it is still at `version`; bumps the version. False when someone else wrote first. */
export async function updateVersioned(
  db: Executor,
  id: string,
  version: number,
  patch: Updateable<ActivitiesTable>,
): Promise<boolean> {
  const r = await db
    .updateTable('activities')
    .set({ ...patch, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Live activities that happened in [from, to), counted per owner or per team (the metric "activities logged"). */
export async function countBy(
  db: Executor,
  by: 'owner' | 'team',
  from: string,
  to: string,
  where: Expression<SqlBool>[],
): Promise<Map<string | null, number>> {
  const column = by === 'owner' ? 'activities.owner_id' : 'activities.team_id';
  let qb = db
    .selectFrom('activities')
    .select([sql<string | null>`${sql.ref(column)}`.as('key'), sql<number | string>`count(*)`.as('n')])
    .where('activities.deleted_at', 'is', null)
    .where('activities.occurred_at', '>=', from)
    .where('activities.occurred_at', '<', to);
  for (const w of where) qb = qb.where(w);
  const rows = await qb.groupBy(sql.ref(column)).execute();
  return new Map(rows.map((r) => [r.key, Number(r.n)]));
}
