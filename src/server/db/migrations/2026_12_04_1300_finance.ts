import type { Kysely } from 'kysely';

/**
 * Accounts (the finance module): orders, invoices and payments from the ERP (kinds of record, read-mostly: the ERP sync
 * writes them), the sync state that makes replays and out-of-order updates harmless, credit rules and manual credit
 * status overrides; companies gain the ERP's id (`external_id`, unique when set) and their credit facts (status,
 * reason, exposure, days overdue), kept by the finance module. The built-in roles of an existing workspace get the new
 * kinds the way a new workspace starts with them; a built-in role that already names one keeps its tuning.
 */
const ALL = ['read', 'create', 'update', 'delete', 'export'];
const GRANTS: Record<string, string[]> = {
  admin: ALL,
  manager: ['read', 'export'],
  sales: ['read'],
  marketing: [],
  service: ['read'],
  accounts: ALL,
  'read-only': ['read'],
};

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('companies').addColumn('external_id', 'text').execute();
  await db.schema
    .alterTable('companies')
    .addColumn('credit_status', 'text', (c) => c.notNull().defaultTo('good'))
    .execute();
  await db.schema.alterTable('companies').addColumn('credit_reason', 'text').execute();
  await db.schema
    .alterTable('companies')
    .addColumn('credit_manual', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('companies').addColumn('credit_exposure_minor', 'bigint').execute();
  await db.schema.alterTable('companies').addColumn('credit_currency', 'text').execute();
  await db.schema.alterTable('companies').addColumn('credit_overdue_days', 'integer').execute();
  await db.schema
    .createIndex('companies_external_id_uq')
    .ifNotExists()
    .unique()
    .on('companies')
    .column('external_id')
    .execute();
  await db.schema
    .createIndex('companies_credit_status_idx')
    .ifNotExists()
    .on('companies')
    .columns(['credit_status', 'name_sort'])
    .execute();

  const common = (table: string) =>
    db.schema
      .createTable(table)
      .ifNotExists()
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('external_id', 'text', (c) => c.notNull())
      .addColumn('company_id', 'text')
      .addColumn('person_id', 'text')
      .addColumn('currency', 'text', (c) => c.notNull());
  await common('orders')
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('ordered_at', 'text', (c) => c.notNull())
    .addColumn('total_minor', 'bigint', (c) => c.notNull())
    .addColumn('lines', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .execute();
  await common('invoices')
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('total_minor', 'bigint', (c) => c.notNull())
    .addColumn('amount_paid_minor', 'bigint', (c) => c.notNull())
    .addColumn('outstanding_minor', 'bigint', (c) => c.notNull())
    .addColumn('lines', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('overdue_noted_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .execute();
  await common('payments')
    .addColumn('invoice_id', 'text')
    .addColumn('paid_at', 'text', (c) => c.notNull())
    .addColumn('amount_minor', 'bigint', (c) => c.notNull())
    .addColumn('method', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .execute();
  for (const [table, date] of [
    ['orders', 'ordered_at'],
    ['invoices', 'issued_at'],
    ['payments', 'paid_at'],
  ] as const) {
    await db.schema
      .createIndex(`${table}_external_id_uq`)
      .ifNotExists()
      .unique()
      .on(table)
      .column('external_id')
      .execute();
    await db.schema
      .createIndex(`${table}_list_idx`)
      .ifNotExists()
      .on(table)
      .columns(['deleted_at', date, 'id'])
      .execute();
    await db.schema.createIndex(`${table}_company_idx`).ifNotExists().on(table).columns(['company_id', date]).execute();
  }
  await db.schema.createIndex('invoices_due_idx').ifNotExists().on('invoices').columns(['status', 'due_at']).execute();

  // What the ERP last sent for each of its ids (tombstones too): replays and older updates change nothing.
  await db.schema
    .createTable('erp_sync_state')
    .ifNotExists()
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text')
    .addColumn('source_updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('erp_sync_state_pk', ['kind', 'external_id'])
    .execute();
  await db.schema
    .createTable('credit_rules')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('rules', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .execute();
  await db.schema
    .createTable('credit_overrides')
    .ifNotExists()
    .addColumn('company_id', 'text', (c) => c.primaryKey())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('set_by', 'text')
    .addColumn('set_at', 'text', (c) => c.notNull())
    .execute();

  const roles = (await db.selectFrom('roles').select(['id', 'key', 'policy']).where('builtin', '=', 1).execute()) as {
    id: string;
    key: string;
    policy: string;
  }[];
  for (const role of roles) {
    const actions = GRANTS[role.key];
    if (!actions || actions.length === 0) continue;
    const policy = JSON.parse(role.policy) as { objects: Record<string, string[]> };
    let changed = false;
    for (const object of ['orders', 'invoices', 'payments']) {
      if (policy.objects[object]) continue;
      policy.objects[object] = actions;
      changed = true;
    }
    if (changed) {
      await db
        .updateTable('roles')
        .set({ policy: JSON.stringify(policy) })
        .where('id', '=', role.id)
        .execute();
    }
  }
}

export async function down(): Promise<void> {}
