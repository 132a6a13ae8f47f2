/** All SQL for companies. Every list, count, lookup and export applies the visibility scope. */
import {
  type Expression,
  type Insertable,
  type RawBuilder,
  type Selectable,
  type SqlBool,
  sql,
  type Updateable,
} from 'kysely';
import { updateRows } from '../../db/bulk.ts';
import type { Dialect, Executor } from '../../db/database.ts';
import type { CompaniesTable } from '../../db/schema.ts';
import type { Scope } from '../../platform/access/policy.ts';
import { visibleTo } from '../../platform/access/scope-sql.ts';
import { countCapped as countRows, orderBy, type Sort } from '../../platform/lists.ts';
import { teamNameSql, userNameSql } from '../identity/index.ts';

export type CompanyRow = Selectable<CompaniesTable>;

/** What a company's response shows beside its own columns, read with the row in the same query. */
export interface CompanyRelations {
  owner_name: string | null;
  last_contact_by_name: string | null;
  team_name: string | null;
  /** Null when the parent is deleted or the reader may not see it. */
  parent_name: string | null;
  people_count: number | string;
}

export type CompanyRecord = CompanyRow & CompanyRelations;

/** How to read the relations for one reader: their company scope, and SQL for the people count they may see. */
export interface RelationsSpec {
  scope: Scope;
  peopleCount: RawBuilder<number>;
}

/** A company with the names it shows and its people count, in one query. */
export function records(db: Executor, spec: RelationsSpec) {
  return db
    .selectFrom('companies')
    .selectAll('companies')
    .select([
      userNameSql('companies.owner_id').as('owner_name'),
      userNameSql('companies.last_contact_by').as('last_contact_by_name'),
      teamNameSql('companies.team_id').as('team_name'),
      visibleNameSql(spec.scope, 'companies.parent_id').as('parent_name'),
      spec.peopleCount.as('people_count'),
    ]);
}

/**
 * The companies among `ids` the spec's scope may see, as records with their relations, in no particular order;
 * `live` leaves out the bin.
 */
export function findRecords(
  db: Executor,
  spec: RelationsSpec,
  ids: readonly string[],
  opts: { live?: boolean } = {},
): Promise<CompanyRecord[]> {
  if (ids.length === 0) return Promise.resolve([]);
  let qb = records(db, spec)
    .where('companies.id', 'in', [...ids])
    .where(visibleTo(spec.scope, 'companies'));
  if (opts.live) qb = qb.where('companies.deleted_at', 'is', null);
  return qb.execute();
}

export interface CompanyQuery {
  scope: Scope;
  where: Expression<SqlBool>[];
  includeDeleted: boolean;
}

function base(db: Executor, q: CompanyQuery) {
  let qb = db.selectFrom('companies').where(visibleTo(q.scope, 'companies'));
  if (!q.includeDeleted) qb = qb.where('companies.deleted_at', 'is', null);
  for (const w of q.where) qb = qb.where(w);
  return qb;
}

export function listPage(
  db: Executor,
  q: CompanyQuery,
  sort: Sort,
  after: Expression<SqlBool> | undefined,
  limit: number,
) {
  let qb = base(db, q).select(['companies.id', sql<string | number>`${sort.expr}`.as('_sort')]);
  if (after) qb = qb.where(after);
  return qb
    .orderBy(orderBy(sort, 'companies.id'))
    .limit(limit + 1)
    .execute();
}

/** Capped count of the list query (see platform/lists.ts). */
export function countCapped(db: Executor, q: CompanyQuery): Promise<number> {
  return countRows(db, base(db, q));
}

/** Streams every matching record in pages (for exports), in id order. */
export async function* scan(
  db: Executor,
  spec: RelationsSpec,
  q: CompanyQuery,
  pageSize = 1000,
): AsyncGenerator<CompanyRecord[]> {
  let last: string | undefined;
  for (;;) {
    let qb = records(db, spec).where(visibleTo(q.scope, 'companies'));
    if (!q.includeDeleted) qb = qb.where('companies.deleted_at', 'is', null);
    for (const w of q.where) qb = qb.where(w);
    if (last) qb = qb.where('companies.id', '>', last);
    const rows = await qb.orderBy('companies.id').limit(pageSize).execute();
    if (rows.length === 0) return;
    yield rows;
    last = rows[rows.length - 1]!.id;
    if (rows.length < pageSize) return;
  }
}

/** The company if the scope may see it (live or in the bin); undefined otherwise. */
export function findById(db: Executor, scope: Scope, id: string): Promise<CompanyRow | undefined> {
  return db
    .selectFrom('companies')
    .selectAll()
    .where('id', '=', id)
    .where(visibleTo(scope, 'companies'))
    .executeTakeFirst();
}

/**
 * The name of the live company `column` names if the scope may see it, as a correlated subquery; a null scope (the
 * reader may not read companies) gives null.
 */
export function visibleNameSql(scope: Scope | null, column: string): RawBuilder<string | null> {
  if (scope === null) return sql<null>`null`;
  return sql<
    string | null
  >`(select c.name from companies c where c.id = ${sql.ref(column)} and c.deleted_at is null and ${visibleTo(scope, 'c')})`;
}

/** Names of the live companies among `ids` that the scope may see. */
export async function briefs(
  db: Executor,
  scope: Scope,
  ids: (string | null)[],
): Promise<Map<string, { id: string; name: string }>> {
  const unique = [...new Set(ids.filter((x): x is string => x !== null))];
  if (unique.length === 0) return new Map();
  const rows = await db
    .selectFrom('companies')
    .select(['id', 'name'])
    .where('id', 'in', unique)
    .where('deleted_at', 'is', null)
    .where(visibleTo(scope, 'companies'))
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** Live children of a company that the scope may see, by name. */
export function childrenOf(db: Executor, scope: Scope, parentId: string): Promise<{ id: string; name: string }[]> {
  return db
    .selectFrom('companies')
    .select(['id', 'name'])
    .where('parent_id', '=', parentId)
    .where('deleted_at', 'is', null)
    .where(visibleTo(scope, 'companies'))
    .orderBy('name_sort')
    .orderBy('id')
    .execute();
}

/**
 * The parent of a company, whoever may see it (deleted or not): used only to walk the hierarchy for cycle checks, where
 * a company the actor cannot see still closes a loop. Never returned to a client.
 */
export async function parentIdOf(db: Executor, id: string): Promise<string | null | undefined> {
  const r = await db.selectFrom('companies').select('parent_id').where('id', '=', id).executeTakeFirst();
  return r ? r.parent_id : undefined;
}

export async function insert(db: Executor, row: Insertable<CompaniesTable>): Promise<void> {
  await db.insertInto('companies').values(row).execute();
}

/**
 * Updates a company the scope may see. With `expectedVersion`, only when the row is still at that version (optimistic
 * concurrency: a concurrent writer loses cleanly). Returns how many rows changed (0 or 1).
 */
export async function update(
  db: Executor,
  scope: Scope,
  id: string,
  patch: Updateable<CompaniesTable>,
  expectedVersion?: number,
): Promise<number> {
  let qb = db.updateTable('companies').set(patch).where('id', '=', id).where(visibleTo(scope, 'companies'));
  if (expectedVersion !== undefined) qb = qb.where('version', '=', expectedVersion);
  const r = await qb.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** The audit trail of one company, newest first. */
export function nameLike(pattern: string): Expression<SqlBool> {
  return sql<SqlBool>`companies.name_sort like ${pattern} escape '\\'`;
}

export function domainLike(pattern: string): Expression<SqlBool> {
  return sql<SqlBool>`companies.domain like ${pattern} escape '\\'`;
}

/** Contact facts (last contact, cadence due date) change without a version bump: they are not user edits. */
export async function updateContactFacts(
  db: Executor,
  id: string,
  patch: Pick<
    Updateable<CompaniesTable>,
    'last_contact_at' | 'last_contact_by' | 'last_contact_channel' | 'last_two_way_at' | 'contact_due_at'
  >,
): Promise<void> {
  await db.updateTable('companies').set(patch).where('id', '=', id).execute();
}

/** The companies (live or in the bin) carrying these ERP ids. */
export async function idsByExternalIds(
  db: Executor,
  ids: string[],
): Promise<{ id: string; external_id: string | null; deleted_at: string | null; name: string }[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('companies')
    .select(['id', 'external_id', 'deleted_at', 'name'])
    .where('external_id', 'in', ids)
    .execute();
}

/** Writes the credit facts; answers what the status and reason were before (undefined: no such company). */
export async function setCredit(
  db: Executor,
  id: string,
  c: {
    status: string;
    reason: string | null;
    manual: boolean;
    exposureMinor: number | null;
    currency: string | null;
    overdueDays: number | null;
  },
): Promise<{ status: 'good' | 'watch' | 'hold'; reason: string | null } | undefined> {
  const before = await db
    .selectFrom('companies')
    .select(['credit_status', 'credit_reason'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!before) return undefined;
  await db
    .updateTable('companies')
    .set({
      credit_status: c.status,
      credit_reason: c.reason,
      credit_manual: c.manual ? 1 : 0,
      credit_exposure_minor: c.exposureMinor,
      credit_currency: c.currency,
      credit_overdue_days: c.overdueDays,
    })
    .where('id', '=', id)
    .execute();
  return { status: before.credit_status as 'good' | 'watch' | 'hold', reason: before.credit_reason };
}

/** What the finance module keeps on a company: its credit status and figures. */
export interface CompanyCredit {
  id: string;
  status: 'good' | 'watch' | 'hold';
  reason: string | null;
  manual: boolean;
  exposureMinor: number | null;
  currency: string | null;
  overdueDays: number | null;
}

/** Writes the credit facts of many companies in one statement per thousand. */
export async function setCredits(db: Executor, dialect: Dialect, rows: readonly CompanyCredit[]): Promise<void> {
  await updateRows(
    db,
    dialect,
    'companies',
    'id',
    rows.map((c) => ({
      id: c.id,
      credit_status: c.status,
      credit_reason: c.reason,
      credit_manual: c.manual ? 1 : 0,
      credit_exposure_minor: c.exposureMinor,
      credit_currency: c.currency,
      credit_overdue_days: c.overdueDays,
    })),
    { credit_manual: 'integer', credit_exposure_minor: 'bigint', credit_overdue_days: 'integer' },
  );
}

export async function creditOf(db: Executor, ids: string[]) {
  const out = new Map<
    string,
    {
      name: string;
      status: 'good' | 'watch' | 'hold';
      reason: string | null;
      manual: boolean;
      limitMinor: number | null;
      limitCurrency: string | null;
      exposureMinor: number | null;
      currency: string | null;
      overdueDays: number | null;
      churnRisk: 'low' | 'medium' | 'high' | null;
      churnReasons: string[];
    }
  >();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('companies')
    .select([
      'id',
      'name',
      'credit_status',
      'credit_reason',
      'credit_manual',
      'credit_limit_minor',
      'credit_limit_currency',
      'credit_exposure_minor',
      'credit_currency',
      'credit_overdue_days',
      'churn_risk',
      'churn_reasons',
    ])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  for (const r of rows) {
    out.set(r.id, {
      name: r.name,
      status: r.credit_status as 'good' | 'watch' | 'hold',
      reason: r.credit_reason,
      manual: Number(r.credit_manual) === 1,
      limitMinor: r.credit_limit_minor === null ? null : Number(r.credit_limit_minor),
      limitCurrency: r.credit_limit_currency,
      exposureMinor: r.credit_exposure_minor === null ? null : Number(r.credit_exposure_minor),
      currency: r.credit_currency,
      overdueDays: r.credit_overdue_days === null ? null : Number(r.credit_overdue_days),
      churnRisk: r.churn_risk as 'low' | 'medium' | 'high' | null,
      churnReasons: r.churn_reasons === null ? [] : (JSON.parse(r.churn_reasons) as string[]),
    });
  }
  return out;
}

export async function creditTracked(db: Executor): Promise<string[]> {
  const rows = await db
    .selectFrom('companies')
    .select('id')
    .where('deleted_at', 'is', null)
    .where((eb) => eb.or([eb('credit_status', '!=', 'good'), eb('credit_exposure_minor', 'is not', null)]))
    .execute();
  return rows.map((r) => r.id);
}

/** A company's stored customer value (finance module): null figures when it has no orders or invoices. */
export interface CompanyValueRow {
  id: string;
  value_lifetime_minor: number | null;
  value_12m_minor: number | null;
  value_clv_minor: number | null;
  value_currency: string | null;
  rfm_segment: string | null;
  churn_risk: string | null;
  churn_reasons: string | null;
  value_computed_at: string;
}

export async function setValues(db: Executor, dialect: Dialect, rows: readonly CompanyValueRow[]): Promise<void> {
  await updateRows(db, dialect, 'companies', 'id', rows, {
    value_lifetime_minor: 'bigint',
    value_12m_minor: 'bigint',
    value_clv_minor: 'bigint',
  });
}
