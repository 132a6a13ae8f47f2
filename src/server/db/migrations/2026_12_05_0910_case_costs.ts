import type { Kysely } from 'kysely';

/**
 * What service costs: the rates (one row: a cost per case by channel and per agent-minute, in minor units of one
 * currency) and the cost entries of each case (the channel's cost when the case came in; agents' logged time at the
 * rate of the day). `source_event_id` makes the channel costing idempotent (one entry per `case.created`).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('service_cost_rates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('agent_minute_minor', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('channels', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('case_costs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('minutes', 'integer')
    .addColumn('cost_minor', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('source_event_id', 'text', (c) => c.unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_costs_case').on('case_costs').columns(['case_id', 'at']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('case_costs').execute();
  await db.schema.dropTable('service_cost_rates').execute();
}
