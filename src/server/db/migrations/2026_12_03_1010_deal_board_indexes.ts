import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * The board's reads at 100k deals: its per-stage totals come from an index covering the columns they sum (no table
 * reads), and each column's first page (most valuable first) walks the stage's amount index instead of sorting.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('deals_board_totals_idx')
    .ifNotExists()
    .on('deals')
    .columns(['pipeline_id', 'deleted_at', 'stage_id', 'currency', 'amount_minor', 'owner_id', 'team_id'])
    .execute();
  // Most valuable first, deals without an amount last: SQLite reads its ascending index backwards that way (NULL sorts
  // lowest); PostgreSQL needs the order spelled out, or it would sort.
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`create index if not exists deals_stage_amount_idx on deals (stage_id, amount_minor desc nulls last, id desc)`.execute(
      db,
    );
  } else {
    await db.schema
      .createIndex('deals_stage_amount_idx')
      .ifNotExists()
      .on('deals')
      .columns(['stage_id', 'amount_minor', 'id'])
      .execute();
  }
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema version
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('deals_board_totals_idx').ifExists().execute();
  await db.schema.dropIndex('deals_stage_amount_idx').ifExists().execute();
}
