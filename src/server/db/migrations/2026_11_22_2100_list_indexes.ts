import type { Kysely } from 'kysely';

/**
 * Indexes for the list views people use most, measured on the medium benchmark dataset (100k people): the people
 * list filtered by lifecycle stage and sorted by last update went from ~300 ms to ~5 ms, and its capped count from
 * ~100 ms to ~10 ms, once the index covered the stage, the sort and the bin flag.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('people_stage_updated_idx')
    .ifNotExists()
    .on('people')
    .columns(['lifecycle_stage', 'updated_at', 'deleted_at'])
    .execute();
  await db.schema
    .createIndex('people_owner_updated_idx')
    .ifNotExists()
    .on('people')
    .columns(['owner_id', 'updated_at'])
    .execute();
  await db.schema
    .createIndex('people_team_updated_idx')
    .ifNotExists()
    .on('people')
    .columns(['team_id', 'updated_at'])
    .execute();
  await db.schema
    .createIndex('companies_owner_updated_idx')
    .ifNotExists()
    .on('companies')
    .columns(['owner_id', 'updated_at'])
    .execute();
  await db.schema
    .createIndex('companies_team_updated_idx')
    .ifNotExists()
    .on('companies')
    .columns(['team_id', 'updated_at'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function down(db: Kysely<any>): Promise<void> {
  for (const name of [
    'people_stage_updated_idx',
    'people_owner_updated_idx',
    'people_team_updated_idx',
    'companies_owner_updated_idx',
    'companies_team_updated_idx',
  ]) {
    await db.schema.dropIndex(name).ifExists().execute();
  }
}
