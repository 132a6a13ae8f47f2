import { type Kysely, sql } from 'kysely';

/**
 * Partial indexes of the items the reminders job has not claimed yet. The claims (`status = 'open' and remind_at <= now
 * and reminded_at is null`, and the overdue one on `due_at`) used the (status, remind_at) / (status, due_at) indexes,
 * which also hold every item already reminded: as the clock moves past a dataset's dates, that share grows, and each
 * pass walked all of it to find a few unclaimed rows. These hold only what is still to do, so a pass reads about as
 * many entries as it claims, at any date. `is null` is written in the claim queries as a literal, so the
 * partial predicate also matches PostgreSQL's generic plans of prepared statements.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('tasks_remind_pending_idx')
    .ifNotExists()
    .on('tasks')
    .columns(['status', 'remind_at'])
    .where(sql.ref('reminded_at'), 'is', null)
    .execute();
  await db.schema
    .createIndex('promises_remind_pending_idx')
    .ifNotExists()
    .on('promises')
    .columns(['status', 'remind_at'])
    .where(sql.ref('reminded_at'), 'is', null)
    .execute();
  await db.schema
    .createIndex('promises_overdue_pending_idx')
    .ifNotExists()
    .on('promises')
    .columns(['status', 'due_at'])
    .where(sql.ref('overdue_notified_at'), 'is', null)
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function down(db: Kysely<any>): Promise<void> {
  for (const name of ['tasks_remind_pending_idx', 'promises_remind_pending_idx', 'promises_overdue_pending_idx'])
    await db.schema.dropIndex(name).ifExists().execute();
}
