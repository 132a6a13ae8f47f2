import type { Kysely } from 'kysely';

/**
 * Privacy requests: consent records (append-only: a new record supersedes the previous one for its purpose), the
 * retention rule (one row), the time a person's personal data was erased, and the `privacy` permission for admins
 * (export, erase, retention) in workspaces whose admin role was stored before it existed.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('consent_records')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('granted', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('wording_version', 'text')
    .addColumn('supersedes_id', 'text')
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text')
    .execute();
  await db.schema
    .createIndex('consent_records_person_idx')
    .ifNotExists()
    .on('consent_records')
    .columns(['person_id', 'purpose', 'recorded_at', 'id'])
    .execute();
  await db.schema
    .createTable('privacy_settings')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('retention_enabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('retention_months', 'integer', (c) => c.notNull().defaultTo(36))
    .addColumn('retention_action', 'text', (c) => c.notNull().defaultTo('flag'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .execute();
  await db.schema.alterTable('people').addColumn('erased_at', 'text').execute();

  const roles = await db.selectFrom('roles').select(['id', 'policy']).where('key', '=', 'admin').execute();
  for (const r of roles) {
    const policy = JSON.parse(r.policy as string) as { objects: Record<string, string[]> };
    if (policy.objects.privacy) continue;
    policy.objects.privacy = ['read', 'create', 'update', 'delete', 'export'];
    await db
      .updateTable('roles')
      .set({ policy: JSON.stringify(policy) })
      .where('id', '=', r.id)
      .execute();
  }
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('people').dropColumn('erased_at').execute();
  await db.schema.dropTable('privacy_settings').ifExists().execute();
  await db.schema.dropTable('consent_records').ifExists().execute();
}
