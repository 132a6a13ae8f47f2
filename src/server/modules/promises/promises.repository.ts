/**
 * All SQL for promises. Every read and aggregate here applies `promiseVisibleTo` (the platform's rule on `owner_id`
 * and `team_id`, as the record kernel's list and export do); the kept-promise rate is one portable aggregate query.
 */
import { type Expression, type Insertable, type Selectable, type SqlBool, sql, type Updateable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { PromisesTable } from '../../db/schema.ts';
import type { Scope } from '../../platform/access/policy.ts';
import { visibleTo } from '../../platform/access/scope-sql.ts';

export type PromiseRow = Selectable<PromisesTable>;

/**
 * Which promises an actor sees, from their role's visibility on promises: their own always; with team visibility also
 * their teams' promises; with all visibility every promise. The same rule the kernel's list and export apply.
 */
export function promiseVisibleTo(scope: Scope): Expression<SqlBool> {
  return visibleTo(scope, 'promises');
}

export function findById(db: Executor, id: string): Promise<PromiseRow | undefined> {
  return db.selectFrom('promises').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findVisible(db: Executor, scope: Scope, id: string): Promise<PromiseRow | undefined> {
  return db.selectFrom('promises').selectAll().where('id', '=', id).where(promiseVisibleTo(scope)).executeTakeFirst();
}

export async function insert(db: Executor, row: Insertable<PromisesTable>): Promise<void> {
  await db.insertInto('promises').values(row).execute();
}

/** Updates a promise if it is still at `version`; bumps the version. False when someone else wrote first. */
export async function updateVersioned(
  db: Executor,
  id: string,
  version: number,
  patch: Updateable<PromisesTable>,
): Promise<boolean> {
  const r = await db
    .updateTable('promises')
    .set({ ...patch, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Per linked person or company: open, due within the window, overdue, and broken-without-telling counts. */
export async function cardCounts(
  db: Executor,
  scope: Scope,
  column: 'person_id' | 'company_id',
  ids: string[],
  now: string,
  soon: string,
): Promise<{ id: string; open: number; dueSoon: number; overdue: number; brokenUntold: number }[]> {
  if (ids.length === 0) return [];
  const col = sql.ref(`promises.${column}`);
  const open = sql`promises.status = 'open'`;
  const rows = await db
    .selectFrom('promises')
    .select([
      sql<string>`${col}`.as('id'),
      sql<number>`sum(case when ${open} then 1 else 0 end)`.as('open'),
      sql<number>`sum(case when ${open} and promises.due_at >= ${now} and promises.due_at < ${soon} then 1 else 0 end)`.as(
        'due_soon',
      ),
      sql<number>`sum(case when ${open} and promises.due_at < ${now} then 1 else 0 end)`.as('overdue'),
      sql<number>`sum(case when promises.status = 'broken' and promises.customer_told_at is null then 1 else 0 end)`.as(
        'broken_untold',
      ),
    ])
    .where(col, 'in', ids)
    .where('promises.status', 'in', ['open', 'broken'])
    .where(promiseVisibleTo(scope))
    .groupBy(col)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    open: Number(r.open ?? 0),
    dueSoon: Number(r.due_soon ?? 0),
    overdue: Number(r.overdue ?? 0),
    brokenUntold: Number(r.broken_untold ?? 0),
  }));
}

export interface MetricRow {
  groupId: string | null;
  kept: number;
  broken: number;
  renegotiated: number;
  open: number;
  overdue: number;
  keptRate: number | null;
}

/** kept / (kept + broken), or null when neither happened. */
export const keptRate = (kept: number, broken: number): number | null =>
  kept + broken === 0 ? null : kept / (kept + broken);

/**
 * The kept-promise rate and its counts per owner or team over promises due in [from, to), within the scope: one
 * aggregate query in portable SQL (CASE sums, GROUP BY).
 */
export async function metrics(
  db: Executor,
  scope: Scope,
  groupBy: 'user' | 'team',
  from: string,
  to: string,
  now: string,
): Promise<MetricRow[]> {
  const group = sql.ref(groupBy === 'user' ? 'promises.owner_id' : 'promises.team_id');
  const count = (cond: Expression<SqlBool>) => sql<number>`sum(case when ${cond} then 1 else 0 end)`;
  const rows = await db
    .selectFrom('promises')
    .select([
      sql<string | null>`${group}`.as('group_id'),
      count(sql`promises.status = 'kept'`).as('kept'),
      count(sql`promises.status = 'broken'`).as('broken'),
      count(sql`promises.status = 'renegotiated'`).as('renegotiated'),
      count(sql`promises.status = 'open'`).as('open'),
      count(sql`promises.status = 'open' and promises.due_at < ${now}`).as('overdue'),
    ])
    .where('promises.due_at', '>=', from)
    .where('promises.due_at', '<', to)
    .where(promiseVisibleTo(scope))
    .groupBy(group)
    .orderBy(group)
    .execute();
  return rows.map((r) => {
    const kept = Number(r.kept ?? 0);
    const broken = Number(r.broken ?? 0);
    return {
      groupId: r.group_id,
      kept,
      broken,
      renegotiated: Number(r.renegotiated ?? 0),
      open: Number(r.open ?? 0),
      overdue: Number(r.overdue ?? 0),
      keptRate: keptRate(kept, broken),
    };
  });
}

/** An owner's open promises due before `until` (overdue first), with how many are overdue and how many to come. */
export async function agenda(db: Executor, userId: string, now: string, until: string, limit: number) {
  const mine = db
    .selectFrom('promises')
    .where('promises.owner_id', '=', userId)
    .where('promises.status', '=', 'open')
    .where('promises.due_at', '<', until);
  const rows = await mine
    .selectAll('promises')
    .orderBy('promises.due_at')
    .orderBy('promises.id')
    .limit(limit)
    .execute();
  const counts = await mine
    .select([
      sql<number>`sum(case when promises.due_at < ${now} then 1 else 0 end)`.as('overdue'),
      sql<number>`sum(case when promises.due_at >= ${now} then 1 else 0 end)`.as('upcoming'),
    ])
    .executeTakeFirstOrThrow();
  return { rows, overdue: Number(counts.overdue ?? 0), upcoming: Number(counts.upcoming ?? 0) };
}

const CLAIMED = ['id', 'description', 'due_at', 'owner_id', 'person_id', 'company_id'] as const;

/**
 * Claims due reminders with one conditional UPDATE … WHERE reminded_at IS NULL … RETURNING: each is claimed once,
 * even when several app instances run the job at the same moment (the loser's UPDATE matches nothing).
 *
 * The due rows are selected first (at most `limit`, FOR UPDATE SKIP LOCKED on PostgreSQL), then updated by id. One
 * `UPDATE … WHERE id IN (SELECT … LIMIT n FOR UPDATE)` is not bounded on PostgreSQL: the planner may rescan the
 * subquery, whose rows this statement already updated are skipped as locked by itself, so each rescan returns the
 * next n and one claim took every due row.
 */
export async function claimReminders(db: Executor, now: string, limit: number, skipLocked: boolean) {
  let due = db
    .selectFrom('promises')
    .select('id')
    .where('status', '=', 'open')
    .where('remind_at', '<=', now)
    .where('reminded_at', 'is', null)
    .orderBy('remind_at')
    .limit(limit);
  // PostgreSQL: instances claiming at the same moment take different rows instead of queueing on each other's locks.
  if (skipLocked) due = due.forUpdate().skipLocked();
  const ids = (await due.execute()).map((r) => r.id);
  if (ids.length === 0) return [];
  return db
    .updateTable('promises')
    .set({ reminded_at: now })
    .where('id', 'in', ids)
    .where('status', '=', 'open')
    .where('reminded_at', 'is', null)
    .returning([...CLAIMED])
    .execute();
}

/** Claims open promises past due whose owner has not been told yet (same once-only claim, same bounded select). */
export async function claimOverdue(db: Executor, now: string, limit: number, skipLocked: boolean) {
  let due = db
    .selectFrom('promises')
    .select('id')
    .where('status', '=', 'open')
    .where('due_at', '<', now)
    .where('overdue_notified_at', 'is', null)
    .orderBy('due_at')
    .limit(limit);
  // PostgreSQL: instances claiming at the same moment take different rows instead of queueing on each other's locks.
  if (skipLocked) due = due.forUpdate().skipLocked();
  const ids = (await due.execute()).map((r) => r.id);
  if (ids.length === 0) return [];
  return db
    .updateTable('promises')
    .set({ overdue_notified_at: now })
    .where('id', 'in', ids)
    .where('status', '=', 'open')
    .where('overdue_notified_at', 'is', null)
    .returning([...CLAIMED])
    .execute();
}
