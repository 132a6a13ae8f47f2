import type { Kysely } from 'kysely';

/**
 * The due time a case's people were last warned about (SLA warnings before a breach): a warning is sent once per due
 * time, and again when the next clock (first response, then resolution) comes near.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('cases').addColumn('sla_warned_due_at', 'text').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('cases').dropColumn('sla_warned_due_at').execute();
}
