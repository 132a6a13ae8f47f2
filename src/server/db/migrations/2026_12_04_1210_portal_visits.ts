import type { Kysely } from 'kysely';

/**
 * Portal visits, for self-service measured honestly: each visit (a browser's activity with no 30-minute gap; signed
 * in or anonymous) with what it did (searches, articles read, "this answered my question" yes/no, a request raised),
 * and, once the follow-up window has passed, whether it was deflected.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('portal_visits')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('visitor_id', 'text', (c) => c.notNull())
    .addColumn('portal_user_id', 'text')
    .addColumn('person_id', 'text')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('last_at', 'text', (c) => c.notNull())
    .addColumn('searches', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('article_views', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('helpful_yes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('helpful_no', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('request_case_id', 'text')
    .addColumn('evaluated_at', 'text')
    .addColumn('deflected', 'integer')
    .execute();
  await db.schema
    .createIndex('portal_visits_visitor_idx')
    .ifNotExists()
    .on('portal_visits')
    .columns(['visitor_id', 'last_at'])
    .execute();
  await db.schema
    .createIndex('portal_visits_due_idx')
    .ifNotExists()
    .on('portal_visits')
    .columns(['evaluated_at', 'last_at'])
    .execute();
}

export async function down(): Promise<void> {}
