import type { Kysely } from 'kysely';

/**
 * Custom dashboards: a named set of widgets (metric value, trend, bar by dimension, funnel, table of records) owned by
 * a user, visible to its owner, a team or everyone, and share links (a token's SHA-256; the viewer still logs in).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('dashboards')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text', (c) => c.references('teams.id'))
    .addColumn('layout', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('dashboards_owner').on('dashboards').columns(['owner_id', 'name']).execute();
  await db.schema
    .createTable('dashboard_widgets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('dashboard_id', 'text', (c) => c.notNull().references('dashboards.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('size', 'text', (c) => c.notNull())
    .addColumn('config', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('dashboard_widgets_dashboard')
    .on('dashboard_widgets')
    .columns(['dashboard_id', 'position'])
    .execute();
  await db.schema
    .createTable('dashboard_shares')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('dashboard_id', 'text', (c) => c.notNull().references('dashboards.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('dashboard_shares_dashboard').on('dashboard_shares').column('dashboard_id').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('dashboard_shares').execute();
  await db.schema.dropTable('dashboard_widgets').execute();
  await db.schema.dropTable('dashboards').execute();
}
