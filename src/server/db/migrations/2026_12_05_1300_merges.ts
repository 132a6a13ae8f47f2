import type { Kysely } from 'kysely';

/**
 * Merging duplicates: one row per merge (who survived, which records were merged into it, the survivor's values the
 * merge overwrote, for undo), one row per link the merge moved or removed (so undo moves back exactly those), and the
 * redirects that make a merged record's id answer with the survivor's.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('merges')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('survivor_id', 'text', (c) => c.notNull())
    .addColumn('merged_ids', 'text', (c) => c.notNull())
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('previous', 'text', (c) => c.notNull())
    .addColumn('survivor_version', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('undone_at', 'text')
    .addColumn('undone_by', 'text')
    .execute();
  await db.schema
    .createIndex('merges_survivor_idx')
    .ifNotExists()
    .on('merges')
    .columns(['kind', 'survivor_id', 'created_at'])
    .execute();
  await db.schema
    .createTable('merge_moves')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('merge_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('from_id', 'text', (c) => c.notNull())
    .addColumn('table_name', 'text', (c) => c.notNull())
    .addColumn('column_name', 'text', (c) => c.notNull())
    .addColumn('key_column', 'text', (c) => c.notNull())
    .addColumn('key_value', 'text', (c) => c.notNull())
    .addColumn('removed_row', 'text')
    .execute();
  await db.schema
    .createIndex('merge_moves_merge_idx')
    .ifNotExists()
    .on('merge_moves')
    .columns(['merge_id', 'seq'])
    .execute();
  await db.schema
    .createTable('record_redirects')
    .ifNotExists()
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('from_id', 'text', (c) => c.notNull())
    .addColumn('to_id', 'text', (c) => c.notNull())
    .addColumn('merge_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('record_redirects_pk', ['kind', 'from_id'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('record_redirects').ifExists().execute();
  await db.schema.dropTable('merge_moves').ifExists().execute();
  await db.schema.dropTable('merges').ifExists().execute();
}
