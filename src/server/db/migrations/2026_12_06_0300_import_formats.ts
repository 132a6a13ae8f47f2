import type { Kysely } from 'kysely';

/**
 * Imports from more than CSV: the format of the uploaded file (csv, xlsx, vcard), the workbook's sheet names and the
 * sheet read (XLSX only); and saved mappings, a kind's mapping of headers to fields kept under a name to reuse on the
 * next file of the same export (its headers, to suggest it when a new file has them).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('imports')
    .addColumn('format', 'text', (c) => c.notNull().defaultTo('csv'))
    .execute();
  await db.schema.alterTable('imports').addColumn('sheets', 'text').execute();
  await db.schema.alterTable('imports').addColumn('sheet', 'text').execute();
  await db.schema
    .createTable('import_mappings')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('headers', 'text', (c) => c.notNull())
    .addColumn('mapping', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('import_mappings_kind_name_idx')
    .ifNotExists()
    .unique()
    .on('import_mappings')
    .columns(['kind', 'name'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('import_mappings').ifExists().execute();
  await db.schema.alterTable('imports').dropColumn('sheet').execute();
  await db.schema.alterTable('imports').dropColumn('sheets').execute();
  await db.schema.alterTable('imports').dropColumn('format').execute();
}
