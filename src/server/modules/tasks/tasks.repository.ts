/**
 * All SQL for tasks. Every read and aggregate here applies `taskVisibleTo`; the list, its count and the export are the
 * record kernel's, which reads the same rule from the kind's declaration (owner column `assignee_id`, also visible to
 * `created_by`, and `team_id`).
 */
import { type Expression, type Insertable, type Selectable, type SqlBool, sql, type Updateable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { TasksTable } from '../../db/schema.ts';
import type { Scope } from '../../platform/access/policy.ts';
import { visibleTo } from '../../platform/access/scope-sql.ts';
import { ownerColumns } from '../../platform/records/kind.ts';
import { tasksKind } from './tasks.kind.ts';

export type TaskRow = Selectable<TasksTable>;

/**
 * Which tasks an actor sees, from their role's visibility on tasks: their own (assignee or creator) always; with team
 * visibility also the tasks of their teams; with all visibility every task. The columns come from the kind's
 * declaration, so the kernel's list and export apply the same rule.
 */
export function taskVisibleTo(scope: Scope): Expression<SqlBool> {
  return visibleTo(scope, 'tasks', ownerColumns(tasksKind));
}

export function findById(db: Executor, id: string): Promise<TaskRow | undefined> {
  return db.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A single task if the scope may see it. */
export function findVisible(db: Executor, scope: Scope, id: string): Promise<TaskRow | undefined> {
  return db.selectFrom('tasks').selectAll().where('id', '=', id).where(taskVisibleTo(scope)).executeTakeFirst();
}

export async function insert(db: Executor, row: Insertable<TasksTable>): Promise<void> {
  await db.insertInto('tasks').values(row).execute();
}

/** Updates a task if it is still at `version`; bumps the version. False when someone else wrote first. */
export async function updateVersioned(
  db: Executor,
  id: string,
  version: number,
  patch: Updateable<TasksTable>,
): Promise<boolean> {
  const r = await db
    .updateTable('tasks')
    .set({ ...patch, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function deleteVersioned(db: Executor, id: string, version: number): Promise<boolean> {
  const r = await db.deleteFrom('tasks').where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Open and overdue task counts per linked person or company, within the scope: one grouped query. */
export async function cardCounts(
  db: Executor,
  scope: Scope,
  column: 'person_id' | 'company_id',
  ids: string[],
  now: string,
): Promise<{ id: string; open: number; overdue: number }[]> {
  if (ids.length === 0) return [];
  const col = sql.ref(`tasks.${column}`);
  const rows = await db
    .selectFrom('tasks')
    .select([
      sql<string>`${col}`.as('id'),
      sql<number>`count(*)`.as('open'),
      sql<number>`sum(case when tasks.due_at < ${now} then 1 else 0 end)`.as('overdue'),
    ])
    .where(col, 'in', ids)
    .where('tasks.status', '=', 'open')
    .where(taskVisibleTo(scope))
    .groupBy(col)
    .execute();
  return rows.map((r) => ({ id: r.id, open: Number(r.open), overdue: Number(r.overdue ?? 0) }));
}

/** An assignee's open tasks due before `until` (oldest first), with how many are overdue and how many still to come. */
export async function agenda(db: Executor, userId: string, now: string, until: string, limit: number) {
  const mine = db
    .selectFrom('tasks')
    .where('tasks.assignee_id', '=', userId)
    .where('tasks.status', '=', 'open')
    .where('tasks.due_at', '<', until);
  const rows = await mine.selectAll('tasks').orderBy('tasks.due_at').orderBy('tasks.id').limit(limit).execute();
  const counts = await mine
    .select([
      sql<number>`sum(case when tasks.due_at < ${now} then 1 else 0 end)`.as('overdue'),
      sql<number>`sum(case when tasks.due_at >= ${now} then 1 else 0 end)`.as('upcoming'),
    ])
    .executeTakeFirstOrThrow();
  return { rows, overdue: Number(counts.overdue ?? 0), upcoming: Number(counts.upcoming ?? 0) };
}

/**
 * Claims the reminders that are due: one conditional UPDATE … WHERE reminded_at IS NULL … RETURNING, so a reminder is
 * claimed once even when several app instances run the job at the same moment (the loser's UPDATE matches nothing).
 *
 * The due rows are selected first (at most `limit`, FOR UPDATE SKIP LOCKED on PostgreSQL), then updated by id. One
 * `UPDATE … WHERE id IN (SELECT … LIMIT n FOR UPDATE)` is not bounded on PostgreSQL: the planner may rescan the
 * subquery, whose rows this statement already updated are skipped as locked by itself, so each rescan returns the
 * next n and one claim took every due row.
 */
export async function claimReminders(db: Executor, now: string, limit: number, skipLocked: boolean) {
  let due = db
    .selectFrom('tasks')
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
    .updateTable('tasks')
    .set({ reminded_at: now })
    .where('id', 'in', ids)
    .where('status', '=', 'open')
    .where('reminded_at', 'is', null)
    .returning(['id', 'title', 'due_at', 'assignee_id', 'person_id', 'company_id'])
    .execute();
}
