import type { Kysely } from 'kysely';

/**
 * Sales: pipelines a business defines for itself (ordered stages with win probability, the days a deal may stay before
 * it counts as stalled, fields required to enter, and a playbook), the lost reasons it offers, and its deals with the
 * people involved and every stage change.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('pipelines')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('pipeline_stages')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('pipeline_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('probability', 'integer', (c) => c.notNull())
    .addColumn('stalled_after_days', 'integer')
    .addColumn('required_fields', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('playbook', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('pipeline_stages_pipeline_idx')
    .ifNotExists()
    .on('pipeline_stages')
    .columns(['pipeline_id', 'position'])
    .execute();
  await db.schema
    .createTable('lost_reasons')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('deals')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('pipeline_id', 'text', (c) => c.notNull())
    .addColumn('stage_id', 'text', (c) => c.notNull())
    .addColumn('amount_minor', 'bigint')
    .addColumn('currency', 'text')
    .addColumn('expected_close_date', 'text')
    .addColumn('company_id', 'text')
    .addColumn('owner_id', 'text')
    .addColumn('team_id', 'text')
    .addColumn('source', 'text')
    .addColumn('next_step', 'text')
    .addColumn('next_step_date', 'text')
    .addColumn('commit_flag', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('lost_reason_id', 'text')
    .addColumn('lost_note', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('stage_entered_at', 'text', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('custom_fields', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .execute();
  await db.schema
    .createIndex('deals_stage_idx')
    .ifNotExists()
    .on('deals')
    .columns(['pipeline_id', 'stage_id', 'deleted_at'])
    .execute();
  await db.schema.createIndex('deals_close_idx').ifNotExists().on('deals').columns(['expected_close_date']).execute();
  await db.schema.createIndex('deals_owner_idx').ifNotExists().on('deals').columns(['owner_id']).execute();
  await db.schema.createIndex('deals_company_idx').ifNotExists().on('deals').columns(['company_id']).execute();
  await db.schema
    .createTable('deal_people')
    .ifNotExists()
    .addColumn('deal_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('deal_people_pk', ['deal_id', 'person_id'])
    .execute();
  await db.schema
    .createIndex('deal_people_person_idx')
    .ifNotExists()
    .on('deal_people')
    .columns(['person_id'])
    .execute();
  await db.schema
    .createTable('deal_stage_history')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('deal_id', 'text', (c) => c.notNull())
    .addColumn('pipeline_id', 'text', (c) => c.notNull())
    .addColumn('from_stage_id', 'text')
    .addColumn('to_stage_id', 'text', (c) => c.notNull())
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .addColumn('changed_by', 'text')
    .addColumn('days_in_stage', 'real')
    .execute();
  await db.schema
    .createIndex('deal_stage_history_deal_idx')
    .ifNotExists()
    .on('deal_stage_history')
    .columns(['deal_id', 'changed_at'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['deal_stage_history', 'deal_people', 'deals', 'lost_reasons', 'pipeline_stages', 'pipelines']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
