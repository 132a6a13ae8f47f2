import type { Kysely } from 'kysely';

/**
 * Durable background jobs (exports, scheduled work) shared by every app instance: a queue row per job with its lease,
 * progress and result file, and one row per recurring schedule whose `next_run_at` is advanced atomically by whichever
 * instance claims it.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('jobs')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('progress_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('progress_total', 'integer')
    .addColumn('message', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('run_at', 'text', (c) => c.notNull())
    .addColumn('lease_token', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('cancel_requested', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('result_path', 'text')
    .addColumn('result_name', 'text')
    .addColumn('result_type', 'text')
    .addColumn('error', 'text')
    .addColumn('schedule', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('finished_at', 'text')
    .addColumn('expires_at', 'text')
    .execute();
  await db.schema.createIndex('jobs_claim_idx').ifNotExists().on('jobs').columns(['status', 'run_at']).execute();
  await db.schema.createIndex('jobs_owner_idx').ifNotExists().on('jobs').columns(['owner_id', 'created_at']).execute();
  await db.schema.createIndex('jobs_expires_idx').ifNotExists().on('jobs').column('expires_at').execute();
  await db.schema
    .createTable('job_schedules')
    .ifNotExists()
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('cron', 'text', (c) => c.notNull())
    .addColumn('job_type', 'text', (c) => c.notNull())
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('next_run_at', 'text', (c) => c.notNull())
    .addColumn('last_run_at', 'text')
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('job_schedules').ifExists().execute();
  await db.schema.dropTable('jobs').ifExists().execute();
}
