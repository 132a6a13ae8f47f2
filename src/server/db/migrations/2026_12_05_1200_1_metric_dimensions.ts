import { type Kysely, sql } from 'kysely';

/**
 * Metric rollups split by more than user and team: a rollup row may carry one extra dimension (`dim`, e.g. `channel`
 * or `caseType`) and its value (`dim_value`). The plain row of an event keeps `dim` = '', so every existing query
 * reads what it read before. The key grows by the two columns, so the table is rebuilt (its rows copied as plain rows);
 * the dimension rows appear for past events after `rapport metrics rebuild`.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('metric_rollups_next')
    .addColumn('metric_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('dim', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('dim_value', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('numerator', 'double precision', (c) => c.notNull())
    .addColumn('denominator', 'double precision', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('metric_rollups_dim_pk', ['metric_id', 'day', 'user_id', 'team_id', 'dim', 'dim_value'])
    .execute();
  await sql`insert into metric_rollups_next (metric_id, day, user_id, team_id, dim, dim_value, numerator, denominator, count)
    select metric_id, day, user_id, team_id, '', '', numerator, denominator, count from metric_rollups`.execute(db);
  await db.schema.dropTable('metric_rollups').execute();
  await db.schema.alterTable('metric_rollups_next').renameTo('metric_rollups').execute();
}

/** Rollups are derived data: going back keeps the table as it is (`rapport metrics rebuild` refills it). */
export async function down(): Promise<void> {}
