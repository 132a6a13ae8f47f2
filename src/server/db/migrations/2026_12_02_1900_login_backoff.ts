import type { Kysely } from 'kysely';

/**
 * Per-account login back-off: failed logins counted per email (known or not, so the answer does not reveal which
 * emails have accounts), from any address, in the database so every instance sees the same count.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('login_backoff')
    .ifNotExists()
    .addColumn('email', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('last_failed_at', 'text', (c) => c.notNull())
    .addColumn('blocked_until', 'text')
    .execute();
  await db.schema
    .createIndex('login_backoff_last_failed_idx')
    .ifNotExists()
    .on('login_backoff')
    .column('last_failed_at')
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('login_backoff').ifExists().execute();
}
