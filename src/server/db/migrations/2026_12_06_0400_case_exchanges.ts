import { type Kysely, sql } from 'kysely';

/**
 * First-contact resolution from the exchanges with the customer: `cases.exchange_count` counts the customer-facing
 * messages after the customer's first (every reply sent to the customer, and every message from the customer but the
 * first; internal notes and automatic mail never count), backfilled from the messages already stored. And the
 * service settings, one row: `fcr_reopen_days`, how long after a first-contact resolution a reopen takes the flag back.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('cases')
    .addColumn('exchange_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`
    update cases set exchange_count =
      (select count(*) from case_messages m
        where m.case_id = cases.id and m.internal = 0 and m.automated = 0 and m.direction = 'out')
      + (select case when count(*) > 1 then count(*) - 1 else 0 end from case_messages m
        where m.case_id = cases.id and m.internal = 0 and m.automated = 0 and m.direction = 'in')
    where exists (select 1 from case_messages m where m.case_id = cases.id)
  `.execute(db);
  await db.schema
    .createTable('service_settings')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('fcr_reopen_days', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('service_settings').ifExists().execute();
  await db.schema.alterTable('cases').dropColumn('exchange_count').execute();
}
