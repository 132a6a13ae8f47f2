import type { Kysely } from 'kysely';

/**
 * Products: the price list (name, SKU, unit price in minor units and its currency, active) and the line items of a
 * deal (a product or free text, a quantity in thousandths, a unit price, a discount in hundredths of a percent and the
 * line's total in minor units, kept so the deal's amount is the sum of what was shown).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('products')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('sku', 'text', (c) => c.notNull())
    .addColumn('unit_price_minor', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('description', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('products_sku_idx').ifNotExists().unique().on('products').column('sku').execute();
  await db.schema
    .createTable('deal_lines')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('deal_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('product_id', 'text')
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('quantity_milli', 'bigint', (c) => c.notNull())
    .addColumn('unit_price_minor', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('discount_bp', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('total_minor', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('deal_lines_deal_idx')
    .ifNotExists()
    .on('deal_lines')
    .columns(['deal_id', 'position'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('deal_lines').ifExists().execute();
  await db.schema.dropTable('products').ifExists().execute();
}
