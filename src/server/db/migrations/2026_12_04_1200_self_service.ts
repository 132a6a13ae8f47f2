import type { Kysely } from 'kysely';

/**
 * Self-service: knowledge articles (a kind of record: markdown body, category, internal or public, draft → published),
 * the messages of a case (a customer's portal reply, an agent's answer), and the customer portal's own actors: portal
 * users (one per invited person), single-use sign-in links, portal sessions and the attempts the link endpoint counts
 * for its rate limits. The built-in roles of an existing workspace get articles the way a new workspace starts with
 * them; a built-in role that already names articles keeps its tuning.
 */
const GRANTS: Record<string, string[]> = {
  admin: ['read', 'create', 'update', 'delete', 'export'],
  manager: ['read', 'create', 'update', 'delete', 'export'],
  sales: ['read'],
  marketing: ['read', 'create', 'update'],
  service: ['read', 'create', 'update', 'export'],
  accounts: ['read'],
  'read-only': ['read'],
};

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('articles')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text')
    .addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('category', 'text')
    .addColumn('visibility', 'text', (c) => c.notNull().defaultTo('internal'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
    .addColumn('published_at', 'text')
    .addColumn('related_article_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .execute();
  await db.schema
    .createIndex('articles_list_idx')
    .ifNotExists()
    .on('articles')
    .columns(['deleted_at', 'updated_at', 'id'])
    .execute();
  await db.schema
    .createIndex('articles_public_idx')
    .ifNotExists()
    .on('articles')
    .columns(['visibility', 'status', 'category'])
    .execute();

  await db.schema
    .createTable('case_messages')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('internal', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('author_user_id', 'text')
    .addColumn('author_portal_user_id', 'text')
    .addColumn('author_name', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('case_messages_case_idx')
    .ifNotExists()
    .on('case_messages')
    .columns(['case_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('portal_users')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('company_admin', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('invited_at', 'text', (c) => c.notNull())
    .addColumn('invited_by', 'text')
    .addColumn('activated_at', 'text')
    .addColumn('last_visit_at', 'text')
    .addColumn('revoked_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('portal_users_person_uq')
    .ifNotExists()
    .unique()
    .on('portal_users')
    .column('person_id')
    .execute();
  await db.schema.createIndex('portal_users_email_idx').ifNotExists().on('portal_users').column('email').execute();

  await db.schema
    .createTable('portal_links')
    .ifNotExists()
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('portal_user_id', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('portal_sessions')
    .ifNotExists()
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('portal_user_id', 'text', (c) => c.notNull())
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('portal_link_attempts')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('portal_link_attempts_key_idx')
    .ifNotExists()
    .on('portal_link_attempts')
    .columns(['key', 'at'])
    .execute();

  const roles = (await db.selectFrom('roles').select(['id', 'key', 'policy']).where('builtin', '=', 1).execute()) as {
    id: string;
    key: string;
    policy: string;
  }[];
  for (const role of roles) {
    const actions = GRANTS[role.key];
    if (!actions) continue;
    const policy = JSON.parse(role.policy) as { objects: Record<string, string[]> };
    if (policy.objects.articles) continue;
    policy.objects.articles = actions;
    await db
      .updateTable('roles')
      .set({ policy: JSON.stringify(policy) })
      .where('id', '=', role.id)
      .execute();
  }
}

export async function down(): Promise<void> {}
