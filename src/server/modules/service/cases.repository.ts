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

export interface SlaWarningRow {
  id: string;
  reference: string;
  subject: string;
  owner_id: string | null;
  team_id: string | null;
  sla_due_at: string;
  first_responded_at: string | null;
}

/**
 * Claims open cases whose next due time falls in (at, until] and whose people have not been warned about that due
 * time: each row is marked with the due time it was warned about by a conditional UPDATE in the caller's transaction,
 * so two passes (or two instances) warn once. A case whose clock moves on (first response given, resolution next)
 * can be warned again for the new due time.
 */
export async function claimSlaWarnings(
  db: Executor,
  at: string,
  until: string,
  limit: number,
): Promise<SlaWarningRow[]> {
  const rows = await db
    .selectFrom('cases')
    .select(['id', 'reference', 'subject', 'owner_id', 'team_id', 'sla_due_at', 'first_responded_at'])
    .where('deleted_at', 'is', null)
    .where('status', 'in', ['new', 'open'])
    .where('sla_due_at', '>', at)
    .where('sla_due_at', '<=', until)
    .where((eb) => eb.or([eb('sla_warned_due_at', 'is', null), eb('sla_warned_due_at', '!=', eb.ref('sla_due_at'))]))
    .orderBy('sla_due_at')
    .limit(limit)
    .execute();
  const claimed: SlaWarningRow[] = [];
  for (const r of rows) {
    const res = await db
      .updateTable('cases')
      .set({ sla_warned_due_at: r.sla_due_at })
      .where('id', '=', r.id)
      .where('sla_due_at', '=', r.sla_due_at)
      .where((eb) => eb.or([eb('sla_warned_due_at', 'is', null), eb('sla_warned_due_at', '!=', eb.ref('sla_due_at'))]))
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) > 0) claimed.push({ ...r, sla_due_at: r.sla_due_at as string });
  }
  return claimed;
}

/** How many live cases of each of these companies are open (not resolved or closed), whoever may see them. */
export async function openCountsForCompanies(db: Executor, companyIds: string[]): Promise<Map<string, number>> {
  if (companyIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('cases')
    .select((eb) => ['company_id', eb.fn.countAll<string | number>().as('n')])
    .where('company_id', 'in', companyIds)
    .where('deleted_at', 'is', null)
    .where('status', 'not in', ['resolved', 'closed'])
    .groupBy('company_id')
    .execute();
  return new Map(rows.map((r) => [r.company_id!, Number(r.n)]));
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
