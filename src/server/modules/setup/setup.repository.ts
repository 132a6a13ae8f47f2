/** SQL of the set-up: its one row of answers, and a read-only snapshot of how much data and configuration exist. */
import type { Executor } from '../../db/database.ts';

export const SETUP_ID = 'default';

export function findState(db: Executor) {
  return db.selectFrom('setup_state').selectAll().where('id', '=', SETUP_ID).executeTakeFirst();
}

export async function saveState(
  db: Executor,
  row: { business_kind: string; watched_metrics: string; completed_at: string; completed_by: string },
): Promise<void> {
  await db
    .insertInto('setup_state')
    .values({ id: SETUP_ID, ...row })
    .onConflict((oc) => oc.column('id').doUpdateSet(row))
    .execute();
}

/** Rows of a table (not deleted, when it has a bin), optionally only those where a column is set. */
async function count(
  db: Executor,
  table: 'people' | 'companies' | 'pipelines' | 'case_types' | 'sla_policies' | 'objectives' | 'products',
  where: (q: ReturnType<typeof base>) => ReturnType<typeof base> = (q) => q,
): Promise<number> {
  const row = await where(base(db, table))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
// biome-ignore lint/suspicious/noExplicitAny: a count over any of the tables above
const base = (db: Executor, table: string) => db.selectFrom(table as any);

/** How good the customer data is today: counts of people and companies, and of people with an email, a phone, an owner. */
export async function dataSnapshot(db: Executor) {
  const live = (q: ReturnType<typeof base>) => q.where('deleted_at', 'is', null);
  return {
    people: await count(db, 'people', live),
    companies: await count(db, 'companies', live),
    peopleWithEmail: await count(db, 'people', (q) => live(q).where('primary_email', 'is not', null)),
    peopleWithPhone: await count(db, 'people', (q) => live(q).where('primary_phone', 'is not', null)),
    peopleWithOwner: await count(db, 'people', (q) => live(q).where('owner_id', 'is not', null)),
  };
}

/** What is configured already. */
export async function configuredCounts(db: Executor) {
  return {
    pipelines: await count(db, 'pipelines', (q) => q.where('archived', '=', 0)),
    caseTypes: await count(db, 'case_types', (q) => q.where('archived', '=', 0)),
    slaPolicies: await count(db, 'sla_policies'),
    objectives: await count(db, 'objectives'),
    products: await count(db, 'products', (q) => q.where('active', '=', 1)),
  };
}
