import type { Kysely } from 'kysely';

/**
 * The ERP sync log also records CSV imports of orders, invoices and payments (trigger `import`): `import_id` names the
 * import a run came from, so the log links to its rejected rows.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('erp_sync_runs').addColumn('import_id', 'text').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('erp_sync_runs').dropColumn('import_id').execute();
}
