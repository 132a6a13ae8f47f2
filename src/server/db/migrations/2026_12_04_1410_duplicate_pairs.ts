import type { Kysely } from 'kysely';

/**
 * Likely duplicate pairs found by the scan of the whole database, for the review queue: the two records (the smaller id
 * first), the score and its reasons, and whether someone said "not a duplicate" (remembered across scans).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('duplicate_pairs')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('a_id', 'text', (c) => c.notNull())
    .addColumn('b_id', 'text', (c) => c.notNull())
    .addColumn('score', 'double precision', (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('scan_id', 'text', (c) => c.notNull())
    .addColumn('found_at', 'text', (c) => c.notNull())
    .addColumn('dismissed_at', 'text')
    .addColumn('dismissed_by', 'text')
    .addUniqueConstraint('duplicate_pairs_records', ['kind', 'a_id', 'b_id'])
    .execute();
  await db.schema
    .createIndex('duplicate_pairs_queue_idx')
    .ifNotExists()
    .on('duplicate_pairs')
    .columns(['kind', 'status', 'score', 'id'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('duplicate_pairs').ifExists().execute();
}
