import type { Kysely } from 'kysely';

/**
 * A company's customer value, kept on the company so lists can filter and sort by it: lifetime and last 12 months'
 * revenue, CLV (in `value_currency`), RFM segment and churn risk with its reasons (JSON array), and when they were
 * computed. The accounts module recomputes them for the companies an ERP batch touches and for all daily.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('companies').addColumn('value_lifetime_minor', 'bigint').execute();
  await db.schema.alterTable('companies').addColumn('value_12m_minor', 'bigint').execute();
  await db.schema.alterTable('companies').addColumn('value_clv_minor', 'bigint').execute();
  await db.schema.alterTable('companies').addColumn('value_currency', 'text').execute();
  await db.schema.alterTable('companies').addColumn('rfm_segment', 'text').execute();
  await db.schema.alterTable('companies').addColumn('churn_risk', 'text').execute();
  await db.schema.alterTable('companies').addColumn('churn_reasons', 'text').execute();
  await db.schema.alterTable('companies').addColumn('value_computed_at', 'text').execute();
  await db.schema.createIndex('companies_churn_risk').on('companies').columns(['churn_risk', 'name_sort']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('companies_churn_risk').execute();
  for (const column of [
    'value_computed_at',
    'churn_reasons',
    'churn_risk',
    'rfm_segment',
    'value_currency',
    'value_clv_minor',
    'value_12m_minor',
    'value_lifetime_minor',
  ]) {
    await db.schema.alterTable('companies').dropColumn(column).execute();
  }
}
