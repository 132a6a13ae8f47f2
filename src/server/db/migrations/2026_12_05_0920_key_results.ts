import type { Kysely } from 'kysely';

/**
 * Key results: several metrics under one objective, each with its own target and weight, measured over the
 * objective's baseline period and dates.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('objective_key_results')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('objective_id', 'text', (c) => c.notNull().references('objectives.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('metric_id', 'text', (c) => c.notNull())
    .addColumn('filter', 'text', (c) => c.notNull())
    .addColumn('weight', 'real', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('target_value', 'real')
    .addColumn('baseline_value', 'real')
    .execute();
  await db.schema
    .createIndex('objective_key_results_objective')
    .on('objective_key_results')
    .columns(['objective_id', 'position'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('objective_key_results').execute();
}
