import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * One view of each customer: activities (every touchpoint), tasks, promises, contact cadence and last-contact facts
 * on people and companies, and the search documents behind global search and screen pop.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('activities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('direction', 'text')
    .addColumn('channel', 'text')
    .addColumn('department', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text')
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('duration_seconds', 'integer')
    .addColumn('outcome', 'text')
    .addColumn('two_way', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('person_id', 'text', (c) => c.references('people.id'))
    .addColumn('company_id', 'text', (c) => c.references('companies.id'))
    .addColumn('deal_id', 'text')
    .addColumn('case_id', 'text')
    .addColumn('promise_id', 'text')
    .addColumn('owner_id', 'text', (c) => c.references('users.id'))
    .addColumn('team_id', 'text', (c) => c.references('teams.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .execute();
  await db.schema.createIndex('activities_person_idx').on('activities').columns(['person_id', 'occurred_at']).execute();
  await db.schema
    .createIndex('activities_company_idx')
    .on('activities')
    .columns(['company_id', 'occurred_at'])
    .execute();
  await db.schema.createIndex('activities_owner_idx').on('activities').columns(['owner_id', 'occurred_at']).execute();

  await db.schema
    .createTable('tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('due_at', 'text')
    .addColumn('remind_at', 'text')
    .addColumn('reminded_at', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull().defaultTo('normal'))
    .addColumn('assignee_id', 'text', (c) => c.references('users.id'))
    .addColumn('team_id', 'text', (c) => c.references('teams.id'))
    .addColumn('person_id', 'text', (c) => c.references('people.id'))
    .addColumn('company_id', 'text', (c) => c.references('companies.id'))
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('completed_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('tasks_assignee_idx').on('tasks').columns(['assignee_id', 'status', 'due_at']).execute();
  await db.schema.createIndex('tasks_team_idx').on('tasks').columns(['team_id', 'status', 'due_at']).execute();
  await db.schema.createIndex('tasks_person_idx').on('tasks').columns(['person_id', 'status']).execute();
  await db.schema.createIndex('tasks_company_idx').on('tasks').columns(['company_id', 'status']).execute();
  await db.schema.createIndex('tasks_remind_idx').on('tasks').columns(['status', 'remind_at']).execute();

  await db.schema
    .createTable('promises')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.references('people.id'))
    .addColumn('company_id', 'text', (c) => c.references('companies.id'))
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('team_id', 'text', (c) => c.references('teams.id'))
    .addColumn('department', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('remind_at', 'text')
    .addColumn('reminded_at', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('resolved_at', 'text')
    .addColumn('customer_told_at', 'text')
    .addColumn('renegotiated_from', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('promises_owner_idx').on('promises').columns(['owner_id', 'status', 'due_at']).execute();
  await db.schema.createIndex('promises_team_idx').on('promises').columns(['team_id', 'status', 'due_at']).execute();
  await db.schema.createIndex('promises_person_idx').on('promises').columns(['person_id', 'status']).execute();
  await db.schema.createIndex('promises_company_idx').on('promises').columns(['company_id', 'status']).execute();
  await db.schema.createIndex('promises_due_idx').on('promises').columns(['status', 'due_at']).execute();

  // Contact facts kept on the record itself so the context card, "going cold" and last-contact sorts are one index away.
  for (const table of ['people', 'companies']) {
    await db.schema.alterTable(table).addColumn('cadence_days', 'integer').execute();
    await db.schema.alterTable(table).addColumn('last_contact_at', 'text').execute();
    await db.schema.alterTable(table).addColumn('last_contact_by', 'text').execute();
    await db.schema.alterTable(table).addColumn('last_contact_channel', 'text').execute();
    await db.schema.alterTable(table).addColumn('last_two_way_at', 'text').execute();
    await db.schema.alterTable(table).addColumn('contact_due_at', 'text').execute();
    await db.schema.createIndex(`${table}_contact_due_idx`).on(table).columns(['contact_due_at']).execute();
  }
  await db.schema.alterTable('people').addColumn('value_tier', 'text').execute();
  await db.schema.alterTable('companies').addColumn('value_tier', 'text').execute();
  await db.schema
    .alterTable('companies')
    .addColumn('flags', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema
    .alterTable('people')
    .addColumn('flags', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema
    .alterTable('workspace')
    .addColumn('cadence_defaults', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();

  // Search documents: one row per searchable record, with the visibility columns so results respect access.
  await db.schema
    .createTable('search_documents')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text')
    .addColumn('team_id', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('subtitle', 'text')
    .addColumn('terms', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('search_documents_pk', ['kind', 'record_id'])
    .execute();

  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`create extension if not exists pg_trgm`.execute(db);
    await sql`alter table search_documents add column tsv tsvector generated always as (to_tsvector('simple', terms)) stored`.execute(
      db,
    );
    await sql`create index search_documents_tsv_idx on search_documents using gin (tsv)`.execute(db);
    await sql`create index search_documents_trgm_idx on search_documents using gin (terms gin_trgm_ops)`.execute(db);
  } else {
    // External-content FTS5 index over search_documents, kept in step by triggers.
    await sql`create virtual table search_fts using fts5(terms, content='search_documents', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2', prefix='1 2 3')`.execute(
      db,
    );
    await sql`create trigger search_documents_ai after insert on search_documents begin insert into search_fts(rowid, terms) values (new.rowid, new.terms); end`.execute(
      db,
    );
    await sql`create trigger search_documents_ad after delete on search_documents begin insert into search_fts(search_fts, rowid, terms) values ('delete', old.rowid, old.terms); end`.execute(
      db,
    );
    await sql`create trigger search_documents_au after update on search_documents begin insert into search_fts(search_fts, rowid, terms) values ('delete', old.rowid, old.terms); insert into search_fts(rowid, terms) values (new.rowid, new.terms); end`.execute(
      db,
    );
  }

  // Built-in roles get the new objects (custom roles are left for their admins to decide).
  const grants: Record<string, Record<string, string[]>> = {
    admin: {
      activities: ['read', 'create', 'update', 'delete', 'export'],
      tasks: ['read', 'create', 'update', 'delete', 'export'],
      promises: ['read', 'create', 'update', 'delete', 'export'],
    },
    manager: {
      activities: ['read', 'create', 'update', 'delete', 'export'],
      tasks: ['read', 'create', 'update', 'delete', 'export'],
      promises: ['read', 'create', 'update', 'delete', 'export'],
    },
    sales: {
      activities: ['read', 'create', 'update'],
      tasks: ['read', 'create', 'update'],
      promises: ['read', 'create', 'update'],
    },
    marketing: {
      activities: ['read', 'create', 'update'],
      tasks: ['read', 'create', 'update'],
      promises: ['read', 'create', 'update'],
    },
    service: {
      activities: ['read', 'create', 'update'],
      tasks: ['read', 'create', 'update'],
      promises: ['read', 'create', 'update'],
    },
    accounts: {
      activities: ['read', 'create', 'update'],
      tasks: ['read', 'create', 'update'],
      promises: ['read', 'create', 'update'],
    },
    'read-only': { activities: ['read'], tasks: ['read'], promises: ['read'] },
  };
  const roles = await db.selectFrom('roles').select(['id', 'key', 'policy']).where('builtin', '=', 1).execute();
  for (const r of roles) {
    const g = grants[r.key as string];
    if (!g) continue;
    const policy = JSON.parse(r.policy as string);
    policy.objects = { ...g, ...policy.objects };
    await db
      .updateTable('roles')
      .set({ policy: JSON.stringify(policy) })
      .where('id', '=', r.id)
      .execute();
  }
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists search_fts`.execute(db);
  for (const t of ['search_documents', 'promises', 'tasks', 'activities'])
    await db.schema.dropTable(t).ifExists().execute();
}
