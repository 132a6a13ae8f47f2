import type { Kysely } from 'kysely';

/**
 * The industries a company may be given (a workspace setting, a JSON array of names). Null means the built-in list
 * (`DEFAULT_INDUSTRIES` in the workspace module), so a workspace follows it until an admin edits the list.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('workspace').addColumn('industries', 'text').execute();
}
