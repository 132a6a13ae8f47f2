/** All SQL for cases. Lists go through the record kernel, which applies the visibility scope. */
import { type RawBuilder, type Selectable, sql, type Updateable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { CasesTable } from '../../db/schema.ts';
import { teamNameSql, userNameSql } from '../identity/index.ts';

export type CaseRow = Selectable<CasesTable>;

/** What a case's response shows beside its own columns, read with the row in the same query. */
export interface CaseRelations {
  case_type_name: string | null;
  case_type_process: string | null;
  owner_name: string | null;
  team_name: string | null;
  /** Null when the company is deleted or the reader may not see it. */
  company_name: string | null;
}

export type CaseRecord = CaseRow & CaseRelations;

/** A case with the names it shows, in one query (correlated lookups: the kernel locks the row it updates). */
export function records(db: Executor, companyName: RawBuilder<string | null>) {
  return db
    .selectFrom('cases')
    .selectAll('cases')
    .select([
      sql<string | null>`(select ct.name from case_types ct where ct.id = cases.case_type_id)`.as('case_type_name'),
      sql<string | null>`(select ct.process from case_types ct where ct.id = cases.case_type_id)`.as(
        'case_type_process',
      ),
      userNameSql('cases.owner_id').as('owner_name'),
      teamNameSql('cases.team_id').as('team_name'),
      companyName.as('company_name'),
    ]);
}

export function findRow(db: Executor, id: string): Promise<CaseRow | undefined> {
  return db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function setFacts(db: Executor, id: string, facts: Updateable<CasesTable>): Promise<void> {
  await db.updateTable('cases').set(facts).where('id', '=', id).execute();
}

/** The ids among `ids` that are live cases (related-case links). */
export async function liveIds(db: Executor, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('cases')
    .select('id')
    .where('id', 'in', ids)
    .where('deleted_at', 'is', null)
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** How many live cases of a company are open (not resolved or closed), whoever may see them. */
export async function openCountForCompany(db: Executor, companyId: string): Promise<number> {
  const row = await db
    .selectFrom('cases')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('company_id', '=', companyId)
    .where('deleted_at', 'is', null)
    .where('status', 'not in', ['resolved', 'closed'])
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
