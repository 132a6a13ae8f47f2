import { type Kysely, sql } from 'kysely';

/**
 * Typed links: tasks, promises and activities point at any kind of record (`subject_kind`, `subject_id`), and every
 * timeline entry says whose timeline it belongs to the same way, so any kind (a deal, a case) can show its own history
 * from the one spine. Existing rows are backfilled from their person (else company) anchor; the `person_id` /
 * `company_id` anchors stay, since the 360° timelines of people and companies read them.
 */
const TABLES = ['tasks', 'promises', 'activities', 'timeline'] as const;

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function up(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) {
    await db.schema.alterTable(table).addColumn('subject_kind', 'text').execute();
    await db.schema.alterTable(table).addColumn('subject_id', 'text').execute();
    await sql`update ${sql.table(table)} set
        subject_kind = case when person_id is not null then 'people' when company_id is not null then 'companies' end,
        subject_id = coalesce(person_id, company_id)
      where person_id is not null or company_id is not null`.execute(db);
  }
  for (const table of ['tasks', 'promises', 'activities'] as const) {
    await db.schema
      .createIndex(`${table}_subject_idx`)
      .ifNotExists()
      .on(table)
      .columns(['subject_kind', 'subject_id'])
      .execute();
  }
  await db.schema
    .createIndex('timeline_subject_idx')
    .ifNotExists()
    .on('timeline')
    .columns(['subject_kind', 'subject_id', 'at', 'id'])
    .execute();
  // A record's own entries (its lifecycle), which its timeline shows beside what is linked to it.
  await db.schema
    .createIndex('timeline_record_idx')
    .ifNotExists()
    .on('timeline')
    .columns(['object', 'record_id', 'at', 'id'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['tasks', 'promises', 'activities'] as const) {
    await db.schema.dropIndex(`${table}_subject_idx`).ifExists().execute();
  }
  await db.schema.dropIndex('timeline_subject_idx').ifExists().execute();
  await db.schema.dropIndex('timeline_record_idx').ifExists().execute();
  for (const table of TABLES) {
    await db.schema.alterTable(table).dropColumn('subject_id').execute();
    await db.schema.alterTable(table).dropColumn('subject_kind').execute();
  }
}
