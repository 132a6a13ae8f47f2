import type { Kysely } from 'kysely';

/**
 * The metric registry's daily rollups (one row per metric, UTC day, user and team; '' when none), the events already
 * counted in them (so a redelivered event counts once), and objectives with their check-ins.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('metric_rollups')
    .ifNotExists()
    .addColumn('metric_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('numerator', 'double precision', (c) => c.notNull())
    .addColumn('denominator', 'double precision', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('metric_rollups_pk', ['metric_id', 'day', 'user_id', 'team_id'])
    .execute();
  await db.schema
    .createTable('metric_rollup_events')
    .ifNotExists()
    .addColumn('event_id', 'text', (c) => c.primaryKey())
    .addColumn('processed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('objectives')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('problem', 'text')
    .addColumn('metric_id', 'text', (c) => c.notNull())
    .addColumn('filter', 'text', (c) => c.notNull())
    .addColumn('baseline_from', 'text', (c) => c.notNull())
    .addColumn('baseline_to', 'text', (c) => c.notNull())
    .addColumn('baseline_value', 'double precision')
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('target_value', 'double precision')
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('end_date', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('objective_check_ins')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('objective_id', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text')
    .addColumn('comment', 'text', (c) => c.notNull())
    .addColumn('value', 'double precision')
    .execute();
  await db.schema
    .createIndex('objective_check_ins_objective_idx')
    .ifNotExists()
    .on('objective_check_ins')
    .columns(['objective_id', 'at'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('objective_check_ins').ifExists().execute();
  await db.schema.dropTable('objectives').ifExists().execute();
  await db.schema.dropTable('metric_rollup_events').ifExists().execute();
  await db.schema.dropTable('metric_rollups').ifExists().execute();
}
