import type { Kysely } from 'kysely';

/**
 * Notifications (reminders, missed promises, later mentions and SLA warnings), and what the reminder job needs to stay
 * idempotent: when an overdue promise was flagged to its owner, and an index for due promise reminders.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text')
    .addColumn('link', 'text')
    .addColumn('record_object', 'text')
    .addColumn('record_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .execute();
  await db.schema
    .createIndex('notifications_user_idx')
    .on('notifications')
    .columns(['user_id', 'read_at', 'created_at'])
    .execute();

  await db.schema.alterTable('promises').addColumn('overdue_notified_at', 'text').execute();
  await db.schema.createIndex('promises_remind_idx').on('promises').columns(['status', 'remind_at']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('promises_remind_idx').ifExists().execute();
  await db.schema.alterTable('promises').dropColumn('overdue_notified_at').execute();
  await db.schema.dropTable('notifications').ifExists().execute();
}
