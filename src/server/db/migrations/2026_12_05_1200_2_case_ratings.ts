import type { Kysely } from 'kysely';

/**
 * Customer satisfaction (CSAT): one rating per case (1 to 5 and an optional comment), given from the signed link in
 * the mail sent on resolution or from the portal; a later answer updates it. `case_rating_requests` remembers which
 * resolution events already mailed their link, so a redelivered event mails once.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('case_ratings')
    .ifNotExists()
    .addColumn('case_id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text')
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    // Who and what it is counted under (service.csat), as the case stood when first rated.
    .addColumn('owner_id', 'text')
    .addColumn('team_id', 'text')
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('case_type_id', 'text')
    .addColumn('rated_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('case_rating_requests')
    .ifNotExists()
    .addColumn('event_id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('case_rating_requests').ifExists().execute();
  await db.schema.dropTable('case_ratings').ifExists().execute();
}
