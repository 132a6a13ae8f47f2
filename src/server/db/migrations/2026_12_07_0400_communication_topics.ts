import type { Kysely } from 'kysely';

/**
 * Communication topics: what the business writes to its customers about (product news, events, surveys), a workspace
 * setting (a JSON array of names; null means the built-in list), and the topics each person has chosen to hear about
 * (a JSON array on the person, like tags), which customers set themselves in the portal.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('workspace').addColumn('communication_topics', 'text').execute();
  await db.schema
    .alterTable('people')
    .addColumn('topics', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
}
