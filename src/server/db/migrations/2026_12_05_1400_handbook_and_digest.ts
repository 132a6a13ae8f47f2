import type { Kysely } from 'kysely';

/**
 * The process handbook's owners and reviews (one row per documented process: a pipeline, case type, SLA policy, lead
 * form or the cadence rules), and the weekly objectives digest's sends (one row per week, written in the transaction
 * that queues its mails, so a week is sent once across instances and restarts).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('process_reviews')
    .ifNotExists()
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('process_id', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text')
    .addColumn('reviewed_at', 'text')
    .addColumn('reviewed_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('process_reviews_pk', ['kind', 'process_id'])
    .execute();
  await db.schema
    .createTable('objective_digests')
    .ifNotExists()
    .addColumn('week', 'text', (c) => c.primaryKey())
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .addColumn('recipients', 'integer', (c) => c.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('objective_digests').ifExists().execute();
  await db.schema.dropTable('process_reviews').ifExists().execute();
}
