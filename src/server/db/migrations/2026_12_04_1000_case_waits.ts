import type { Kysely } from 'kysely';

/**
 * How many times a case has waited on its customer (entered "pending customer"): a case resolved without ever
 * waiting, on its first resolution, was resolved at first contact (the FCR metric).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('cases')
    .addColumn('pending_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('cases').dropColumn('pending_count').execute();
}
