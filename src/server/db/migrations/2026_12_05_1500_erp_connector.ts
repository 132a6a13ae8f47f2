import { type Kysely, sql } from 'kysely';

/**
 * The ERP pull connector: one connection (a feed URL per entity with its format and field mapping, an auth header kept
 * server-side, a schedule, the user the sync writes as) and the sync log (one row per run: when, how it was started,
 * its job, and per entity rows in, created, updated, unchanged, rejected with reasons). The open invoices of a company
 * get a covering partial index: a sync batch re-checks the credit of every company it touched from them (sum of the
 * outstanding amounts, the oldest due date, those not yet noted as overdue) without reading the invoice rows.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('erp_connection')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('entities', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('auth_header', 'text')
    .addColumn('auth_value', 'text')
    .addColumn('schedule', 'text')
    .addColumn('run_as', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .execute();
  await db.schema
    .createTable('erp_sync_runs')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('job_id', 'text')
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('finished_at', 'text')
    .addColumn('entities', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('error', 'text')
    .execute();
  await db.schema
    .createIndex('invoices_open_company_idx')
    .ifNotExists()
    .on('invoices')
    .columns(['company_id', 'currency', 'due_at', 'outstanding_minor', 'overdue_noted_at'])
    .where(sql.ref('status'), '=', 'open')
    .where(sql.ref('deleted_at'), 'is', null)
    .execute();
  await db.schema
    .createIndex('erp_sync_runs_created_idx')
    .ifNotExists()
    .on('erp_sync_runs')
    .columns(['created_at', 'id'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('invoices_open_company_idx').ifExists().execute();
  await db.schema.dropTable('erp_sync_runs').ifExists().execute();
  await db.schema.dropTable('erp_connection').ifExists().execute();
}
