import type { Kysely } from 'kysely';

/**
 * A company's people count (on its record, its context card and a screen pop) counts the live people the reader may
 * see. Through `people_company_idx` that read every person row of the company to check the bin flag, owner and team:
 * ~1 ms per thousand people, the slowest part of a screen pop for a large account. This index covers the whole count.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('people_company_live_idx')
    .ifNotExists()
    .on('people')
    .columns(['company_id', 'deleted_at', 'owner_id', 'team_id'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('people_company_live_idx').ifExists().execute();
}
