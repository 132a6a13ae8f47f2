/** All SQL for people and their emails and phones. Every list, count, search and export applies the visibility scope. */
import { type Expression, type Insertable, type Selectable, type SqlBool, sql, type Updateable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { PeopleTable } from '../../db/schema.ts';
import type { Scope } from '../../platform/access/policy.ts';
import { visibleTo } from '../../platform/access/scope-sql.ts';
import { COUNT_CAP, orderBy, type Sort } from '../../platform/lists.ts';

export type PersonRow = Selectable<PeopleTable>;

export interface PersonQuery {
  scope: Scope;
  where: Expression<SqlBool>[];
  includeDeleted: boolean;
}

function base(db: Executor, q: PersonQuery) {
  let qb = db.selectFrom('people').where(visibleTo(q.scope, 'people'));
  if (!q.includeDeleted) qb = qb.where('people.deleted_at', 'is', null);
  for (const w of q.where) qb = qb.where(w);
  return qb;
}

export function listPage(
  db: Executor,
  q: PersonQuery,
  sort: Sort,
  after: Expression<SqlBool> | undefined,
  limit: number,
) {
  let qb = base(db, q).selectAll('people').select(sql<string | number>`${sort.expr}`.as('_sort'));
  if (after) qb = qb.where(after);
  return qb
    .orderBy(orderBy(sort, 'people.id'))
    .limit(limit + 1)
    .execute();
}

/** Capped count: stops counting at COUNT_CAP + 1 so a huge table never costs a full scan for a number. */
export async function countCapped(db: Executor, q: PersonQuery): Promise<number> {
  const inner = base(db, q)
    .select(sql`1`.as('one'))
    .limit(COUNT_CAP + 1);
  const r = await db
    .selectFrom(inner.as('c'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Streams every matching row in pages (for exports), in id order. */
export async function* scan(db: Executor, q: PersonQuery, pageSize = 1000): AsyncGenerator<PersonRow[]> {
  let last: string | undefined;
  for (;;) {
    let qb = base(db, q).selectAll('people');
    if (last) qb = qb.where('people.id', '>', last);
    const rows = await qb.orderBy('people.id').limit(pageSize).execute();
    if (rows.length === 0) return;
    yield rows;
    last = rows[rows.length - 1]!.id;
    if (rows.length < pageSize) return;
  }
}

/** `lock` (PostgreSQL only) holds the row until the transaction ends, so concurrent writers queue instead of racing. */
export function findById(db: Executor, id: string, lock = false): Promise<PersonRow | undefined> {
  const q = db.selectFrom('people').selectAll().where('id', '=', id);
  return (lock ? q.forUpdate() : q).executeTakeFirst();
}

export function emailsOf(db: Executor, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('person_emails')
    .select(['person_id', 'email', 'label'])
    .where('person_id', 'in', ids)
    .orderBy('position')
    .execute();
}

export function phonesOf(db: Executor, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('person_phones')
    .select(['person_id', 'e164', 'label'])
    .where('person_id', 'in', ids)
    .orderBy('position')
    .execute();
}

export async function insert(db: Executor, row: Insertable<PeopleTable>): Promise<void> {
  await db.insertInto('people').values(row).execute();
}

/** Updates a person if it is still at `version`; bumps the version. False when someone else wrote first. */
export async function updateVersioned(
  db: Executor,
  id: string,
  version: number,
  patch: Updateable<PeopleTable>,
): Promise<boolean> {
  const r = await db
    .updateTable('people')
    .set({ ...patch, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function replaceEmails(
  db: Executor,
  personId: string,
  emails: { id: string; email: string; label: string }[],
): Promise<void> {
  await db.deleteFrom('person_emails').where('person_id', '=', personId).execute();
  if (emails.length > 0) {
    await db
      .insertInto('person_emails')
      .values(emails.map((e, position) => ({ ...e, person_id: personId, position })))
      .execute();
  }
}

export async function replacePhones(
  db: Executor,
  personId: string,
  phones: { id: string; e164: string; label: string }[],
): Promise<void> {
  await db.deleteFrom('person_phones').where('person_id', '=', personId).execute();
  if (phones.length > 0) {
    await db
      .insertInto('person_phones')
      .values(phones.map((p, position) => ({ ...p, person_id: personId, position })))
      .execute();
  }
}

export function hasEmail(email: string): Expression<SqlBool> {
  return sql<SqlBool>`people.id in (select pe.person_id from person_emails pe where pe.email = ${email})`;
}

export function emailLike(pattern: string): Expression<SqlBool> {
  return sql<SqlBool>`exists (select 1 from person_emails pe where pe.person_id = people.id and pe.email like ${pattern} escape '\\')`;
}

/** `col` starts with `prefix`, as an index range (LIKE cannot use an index in SQLite's default mode). */
function prefixRange(column: string, prefix: string): Expression<SqlBool> {
  return sql<SqlBool>`(${sql.ref(column)} >= ${prefix} and ${sql.ref(column)} < ${`${prefix}\uffff`})`;
}

export function namePrefix(lowerPrefix: string): Expression<SqlBool> {
  return prefixRange('people.name_sort', lowerPrefix);
}

export function emailPrefix(lowerPrefix: string): Expression<SqlBool> {
  return sql<SqlBool>`people.id in (select pe.person_id from person_emails pe where ${prefixRange('pe.email', lowerPrefix)})`;
}

export function hasPhone(e164: string): Expression<SqlBool> {
  return sql<SqlBool>`people.id in (select pp.person_id from person_phones pp where pp.e164 = ${e164})`;
}

export async function countByCompany(db: Executor, scope: Scope, companyIds: string[]): Promise<Map<string, number>> {
  if (companyIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('people')
    .select(['company_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where(visibleTo(scope, 'people'))
    .where('deleted_at', 'is', null)
    .where('company_id', 'in', companyIds)
    .groupBy('company_id')
    .execute();
  return new Map(rows.map((r) => [r.company_id!, Number(r.n)]));
}

/** Names and companies of the live people among `ids` that the scope may see (one query). */
export async function briefs(
  db: Executor,
  scope: Scope,
  ids: (string | null)[],
): Promise<Map<string, { id: string; name: string; companyId: string | null }>> {
  const unique = [...new Set(ids.filter((x): x is string => x !== null))];
  if (unique.length === 0) return new Map();
  const rows = await db
    .selectFrom('people')
    .select(['id', 'first_name', 'last_name', 'company_id'])
    .where('id', 'in', unique)
    .where('deleted_at', 'is', null)
    .where(visibleTo(scope, 'people'))
    .execute();
  return new Map(
    rows.map((r) => [r.id, { id: r.id, name: `${r.first_name} ${r.last_name}`.trim(), companyId: r.company_id }]),
  );
}

/**
 * True when the person referenced by `column` is one the scope may see: a correlated EXISTS on people's primary key,
 * so a keyset page probes one person per row instead of collecting every visible person first.
 */
export function visibleIdIn(scope: Scope, column: string): Expression<SqlBool> {
  return sql<SqlBool>`exists (select 1 from people where people.id = ${sql.ref(column)} and ${visibleTo(scope, 'people')})`;
}

/** The live rows among `ids` that the scope may see (one query; for batch reads such as context cards). */
export function findManyVisible(db: Executor, scope: Scope, ids: string[]): Promise<PersonRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('people')
    .selectAll()
    .where('id', 'in', ids)
    .where('deleted_at', 'is', null)
    .where(visibleTo(scope, 'people'))
    .execute();
}

/**
 * Ids of live people the scope may see with exactly this email and/or E.164 phone. Short queries: the email and
 * phone indexes give the candidates, then the primary key checks scope, so a team scope's own index is never the
 * planner's choice (that would read the whole team).
 */
export async function idsByEmailOrPhone(
  db: Executor,
  scope: Scope,
  by: { email?: string; e164?: string },
  limit: number,
): Promise<string[]> {
  const [byEmail, byPhone] = await Promise.all([
    by.email
      ? db.selectFrom('person_emails').select('person_id').where('email', '=', by.email).limit(1000).execute()
      : [],
    by.e164 ? db.selectFrom('person_phones').select('person_id').where('e164', '=', by.e164).limit(1000).execute() : [],
  ]);
  const ids = [...new Set([...byEmail, ...byPhone].map((r) => r.person_id))];
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('people')
    .select('id')
    .where('id', 'in', ids)
    .where('deleted_at', 'is', null)
    .where(visibleTo(scope, 'people'))
    .orderBy('name_sort')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** Contact facts (last contact, cadence due date) change without a version bump: they are not user edits. */
export async function updateContactFacts(
  db: Executor,
  id: string,
  patch: Pick<
    Updateable<PeopleTable>,
    'last_contact_at' | 'last_contact_by' | 'last_contact_channel' | 'last_two_way_at' | 'contact_due_at'
  >,
): Promise<void> {
  await db.updateTable('people').set(patch).where('id', '=', id).execute();
}
