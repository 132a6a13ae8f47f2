import type { Kysely } from 'kysely';

/**
 * The portal's settings, one row: which case types customers may raise (JSON array of ids; null: the portal raises
 * requests without a case type, as before), and its branding (logo URL, accent colour).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('portal_settings')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('allowed_case_type_ids', 'text')
    .addColumn('logo_url', 'text')
    .addColumn('accent_color', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('portal_settings').ifExists().execute();
}
