import type { Kysely } from 'kysely';

/**
 * Customer service: case types (default priority and queue, required fields, a process description), cases (a kind of
 * record: the assignee is its owner, the queue its team), SLA policies in business minutes, the workspace's holidays
 * and a counter that numbers cases (`C-1001`, …). The built-in roles of an existing workspace get cases the way a new
 * workspace starts with them; a built-in role that already names cases keeps its tuning.
 */
const GRANTS: Record<string, { actions: string[]; visibility: string }> = {
  admin: { actions: ['read', 'create', 'update', 'delete', 'export'], visibility: 'all' },
  manager: { actions: ['read', 'create', 'update', 'delete', 'export'], visibility: 'all' },
  sales: { actions: ['read'], visibility: 'all' },
  marketing: { actions: ['read'], visibility: 'all' },
  service: { actions: ['read', 'create', 'update', 'export'], visibility: 'team' },
  accounts: { actions: ['read', 'export'], visibility: 'all' },
  'read-only': { actions: ['read'], visibility: 'all' },
};

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('case_types')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('default_priority', 'text', (c) => c.notNull().defaultTo('normal'))
    .addColumn('default_queue_id', 'text')
    .addColumn('required_fields', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('process', 'text')
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('cases')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('case_type_id', 'text')
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text')
    .addColumn('team_id', 'text')
    .addColumn('person_id', 'text')
    .addColumn('company_id', 'text')
    .addColumn('related_case_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('custom_fields', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('first_responded_at', 'text')
    .addColumn('resolved_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('reopen_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sla_paused_at', 'text')
    .addColumn('sla_paused_minutes', 'real', (c) => c.notNull().defaultTo(0))
    .addColumn('sla_policy_id', 'text')
    .addColumn('first_response_due_at', 'text')
    .addColumn('resolution_due_at', 'text')
    .addColumn('sla_due_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .execute();
  await db.schema.createIndex('cases_reference_uq').ifNotExists().unique().on('cases').column('reference').execute();
  await db.schema
    .createIndex('cases_queue_idx')
    .ifNotExists()
    .on('cases')
    .columns(['team_id', 'status', 'sla_due_at'])
    .execute();
  await db.schema
    .createIndex('cases_owner_idx')
    .ifNotExists()
    .on('cases')
    .columns(['owner_id', 'status', 'sla_due_at'])
    .execute();
  await db.schema.createIndex('cases_person_idx').ifNotExists().on('cases').columns(['person_id']).execute();
  await db.schema.createIndex('cases_company_idx').ifNotExists().on('cases').columns(['company_id']).execute();
  await db.schema.createIndex('cases_due_idx').ifNotExists().on('cases').columns(['status', 'sla_due_at']).execute();
  await db.schema
    .createTable('sla_policies')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('priority', 'text')
    .addColumn('case_type_id', 'text')
    .addColumn('first_response_minutes', 'integer', (c) => c.notNull())
    .addColumn('resolution_minutes', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('holidays')
    .ifNotExists()
    .addColumn('date', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .createTable('sequences')
    .ifNotExists()
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'integer', (c) => c.notNull())
    .execute();
  // Case references start at C-1001: short enough to read out on the phone, long enough not to look like a count.
  await db.insertInto('sequences').values({ name: 'cases', value: 1000 }).execute();

  const roles = (await db.selectFrom('roles').select(['id', 'key', 'policy']).where('builtin', '=', 1).execute()) as {
    id: string;
    key: string;
    policy: string;
  }[];
  for (const role of roles) {
    const grant = GRANTS[role.key];
    if (!grant) continue;
    const policy = JSON.parse(role.policy) as { objects: Record<string, string[]>; visibility: Record<string, string> };
    if (policy.objects.cases) continue;
    policy.objects.cases = grant.actions;
    policy.visibility = { ...policy.visibility, cases: grant.visibility };
    await db
      .updateTable('roles')
      .set({ policy: JSON.stringify(policy) })
      .where('id', '=', role.id)
      .execute();
  }
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['sequences', 'holidays', 'sla_policies', 'cases', 'case_types']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
