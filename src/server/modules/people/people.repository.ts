/** All SQL for people and their emails and phones. Every list, count, search and export applies the visibility scope. */
import {
  type Expression,
  type Insertable,
  type RawBuilder,
  type Selectable,
  type SqlBool,
  sql,
  type Updateable,
} from 'kysely';
import type { Dialect, Executor } from '../../db/database.ts';
import type { ConsentRecordsTable, PeopleTable } from '../../db/schema.ts';
import type { Scope } from '../../platform/access/policy.ts';
import { visibleTo } from '../../platform/access/scope-sql.ts';
import { COUNT_CAP, countCapped as countRows, orderBy, type Sort } from '../../platform/lists.ts';
import { jsonRowsText } from '../../platform/sql-json.ts';
import { teamNameSql, userNameSql } from '../identity/index.ts';

export type PersonRow = Selectable<PeopleTable>;

/** What a person's response shows beside its own columns, read with the row in the same query. */
export interface PersonRelations {
  /** JSON text: `[[email, label], …]` in position order. */
  emails_json: string;
  /** JSON text: `[[e164, label], …]` in position order. */
  phones_json: string;
  owner_name: string | null;
  last_contact_by_name: string | null;
  team_name: string | null;
  /** Null when the company is deleted or the reader may not see it. */
  company_name: string | null;
}

export type PersonRecord = PersonRow & PersonRelations;

/** How to read the relations: the dialect (JSON functions) and SQL for the company name the reader may see. */
export interface RelationsSpec {
  dialect: Dialect;
  companyName: RawBuilder<string | null>;
}

/** A person with its emails, phones and the names it shows, in one query. */
export function records(db: Executor, spec: RelationsSpec) {
  return db
    .selectFrom('people')
    .selectAll('people')
    .select([
      jsonRowsText(
        spec.dialect,
        ['person_emails.email', 'person_emails.label'],
        'person_emails',
        sql<SqlBool>`person_emails.person_id = people.id`,
        'person_emails.position',
      ).as('emails_json'),
      jsonRowsText(
        spec.dialect,
        ['person_phones.e164', 'person_phones.label'],
        'person_phones',
        sql<SqlBool>`person_phones.person_id = people.id`,
        'person_phones.position',
      ).as('phones_json'),
      userNameSql('people.owner_id').as('owner_name'),
      userNameSql('people.last_contact_by').as('last_contact_by_name'),
      teamNameSql('people.team_id').as('team_name'),
      spec.companyName.as('company_name'),
    ]);
}

/**
 * The people among `ids` as records with their relations, in no particular order: with `scope`, only those it may
 * see; `live` leaves out the bin; `lock` (PostgreSQL only) holds the rows until the transaction ends, so concurrent
 * writers queue instead of racing.
 */
export function findRecords(
  db: Executor,
  spec: RelationsSpec,
  ids: readonly string[],
  opts: { scope?: Scope; live?: boolean; lock?: boolean } = {},
): Promise<PersonRecord[]> {
  if (ids.length === 0) return Promise.resolve([]);
  let qb = records(db, spec).where('people.id', 'in', [...ids]);
  if (opts.live) qb = qb.where('people.deleted_at', 'is', null);
  if (opts.scope) qb = qb.where(visibleTo(opts.scope, 'people'));
  return (opts.lock ? qb.forUpdate() : qb).execute();
}

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
  let qb = base(db, q).select(['people.id', sql<string | number>`${sort.expr}`.as('_sort')]);
  if (after) qb = qb.where(after);
  return qb
    .orderBy(orderBy(sort, 'people.id'))
    .limit(limit + 1)
    .execute();
}

/**
 * The list's quick filter, split in two groups that each stay an index range: people whose name starts with the
 * prefix, then people matched only another way (an email prefix, an exact phone). Listed group by group, each by
 * name, so the first page of a short prefix reads a page of the name index instead of sorting every match.
 */
export interface QuickFilter {
  groups: [Expression<SqlBool>, Expression<SqlBool>];
  /** Where the second group's people come from: each gives up to `limit` person ids in its index's order. */
  sources: ((limit: number) => RawBuilder<unknown>)[];
}

/** A way of matching besides the name: the condition, and the ids it matches read from its own index. */
export interface QuickMatch {
  match: Expression<SqlBool>;
  ids: (limit: number) => RawBuilder<unknown>;
}

export function quickFilter(lowerPrefix: string, others: QuickMatch[], byName = true): QuickFilter {
  // A reader whose role hides the name matches on the other ways only.
  const inName = byName ? namePrefix(lowerPrefix) : sql<SqlBool>`1 = 0`;
  const other =
    others.length === 0
      ? sql<SqlBool>`1 = 0`
      : sql<SqlBool>`(not ${inName} and (${sql.join(
          others.map((o) => o.match),
          sql` or `,
        )}))`;
  return { groups: [inName, other], sources: others.map((o) => o.ids) };
}

/** Where a quick-filter page starts: after this person of this group (name order within a group). */
export interface QuickCursor {
  group: number;
  name: string;
  id: string;
}

/** Up to `limit` ids of the quick filter's matches after `after`, in group then name order. */
export async function quickPage(
  db: Executor,
  q: PersonQuery,
  quick: QuickFilter,
  after: QuickCursor | undefined,
  limit: number,
): Promise<{ id: string; name_sort: string; group: number }[]> {
  const out: { id: string; name_sort: string; group: number }[] = [];
  for (let group = after?.group ?? 0; group < quick.groups.length && out.length < limit; group++) {
    let qb = base(db, q).where(quick.groups[group]!).select(['people.id', 'people.name_sort']);
    if (after && after.group === group)
      qb = qb.where(sql<SqlBool>`(people.name_sort, people.id) > (${after.name}, ${after.id})`);
    const rows = await qb
      .orderBy('people.name_sort')
      .orderBy('people.id')
      .limit(limit - out.length)
      .execute();
    out.push(...rows.map((r) => ({ ...r, group })));
  }
  return out;
}

/** How many entries of each email/phone index range the quick filter's count examines at most. */
export const QUICK_SCAN = 200;

/**
 * The quick filter's count: the name group through its covering index (capped like every list), then the second group
 * among the first QUICK_SCAN entries of each of its index ranges. Each entry is a person to read, and a short prefix
 * has tens of thousands (most of an email range of "mar" are Marias and Martins counted by name already): reading
 * all of them took 15-70 ms at 1M people, and 1,000 of them up to 40 ms when they were not in SQLite's page cache.
 * `capped`: the total is a lower bound.
 */
export async function quickCount(
  db: Executor,
  q: PersonQuery,
  quick: QuickFilter,
): Promise<{ total: number; capped: boolean }> {
  const [names] = quick.groups;
  const byName = await countCapped(db, { ...q, where: [...q.where, names] });
  if (byName > COUNT_CAP) return { total: COUNT_CAP, capped: true };
  if (quick.sources.length === 0) return { total: byName, capped: false };
  const cap = COUNT_CAP - byName;
  const examined = sql.join(
    quick.sources.map((source) => sql`select * from (${source(QUICK_SCAN)}) s`),
    sql` union all `,
  );
  // Driven by the examined ids (CROSS JOIN fixes SQLite's join order); the group's own condition is not repeated, as
  // an IN over the whole email range would read it all again.
  let qb = db
    .selectFrom(sql<{ person_id: string }>`(${examined})`.as('e'))
    .crossJoin('people')
    .whereRef('people.id', '=', sql.ref('e.person_id'))
    .where(visibleTo(q.scope, 'people'))
    .where(sql<SqlBool>`not ${names}`);
  if (!q.includeDeleted) qb = qb.where('people.deleted_at', 'is', null);
  for (const w of q.where) qb = qb.where(w);
  const counted = await sql<{ n: number | string }>`select count(*) as n from (${qb
    .select('people.id')
    .distinct()
    .limit(cap + 1)}) c`.execute(db);
  const byOther = Number(counted.rows[0]?.n ?? 0);
  let more = byOther > cap;
  for (const source of quick.sources) {
    if (more) break;
    const n = await sql<{ n: number | string }>`select count(*) as n from (${source(QUICK_SCAN + 1)}) s`.execute(db);
    more = Number(n.rows[0]?.n ?? 0) > QUICK_SCAN;
  }
  return { total: byName + Math.min(byOther, cap), capped: more };
}

/** Capped count of the list query (see platform/lists.ts). */
export function countCapped(db: Executor, q: PersonQuery, cap?: number): Promise<number> {
  return countRows(db, base(db, q), cap);
}

/** Streams every matching record in pages (for exports), in id order. */
export async function* scan(
  db: Executor,
  spec: RelationsSpec,
  q: PersonQuery,
  pageSize = 1000,
): AsyncGenerator<PersonRecord[]> {
  let last: string | undefined;
  for (;;) {
    let qb = records(db, spec).where(visibleTo(q.scope, 'people'));
    if (!q.includeDeleted) qb = qb.where('people.deleted_at', 'is', null);
    for (const w of q.where) qb = qb.where(w);
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

/** The quick filter's email match: an email starting with the prefix. */
export function emailPrefixMatch(lowerPrefix: string): QuickMatch {
  return {
    match: emailPrefix(lowerPrefix),
    ids: (limit) =>
      sql`select pe.person_id from person_emails pe where ${prefixRange('pe.email', lowerPrefix)} order by pe.email limit ${limit}`,
  };
}

/** The quick filter's phone match: exactly this number. */
export function phoneMatch(e164: string): QuickMatch {
  return {
    match: hasPhone(e164),
    ids: (limit) => sql`select pp.person_id from person_phones pp where pp.e164 = ${e164} limit ${limit}`,
  };
}

/** The number of live people the scope may see in the company `column` names, as a correlated subquery. */
export function visibleCountSql(scope: Scope, column: string): RawBuilder<number> {
  return sql<number>`(select count(*) from people p where p.company_id = ${sql.ref(column)} and p.deleted_at is null and ${visibleTo(scope, 'p')})`;
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

/**
 * Ids of live people the scope may see with exactly this email and/or E.164 phone, in one query. The email and phone
 * indexes give the candidates and each is then checked on people's primary key: the CROSS JOIN keeps that order on
 * SQLite (its planner would otherwise be free to start from a team scope's index and read the whole team).
 */
export async function idsByEmailOrPhone(
  db: Executor,
  scope: Scope,
  by: { email?: string; e164?: string },
  limit: number,
): Promise<string[]> {
  const candidates = [
    ...(by.email ? [sql`select person_id from person_emails where email = ${by.email}`] : []),
    ...(by.e164 ? [sql`select person_id from person_phones where e164 = ${by.e164}`] : []),
  ];
  if (candidates.length === 0) return [];
  const rows = await sql<{ id: string }>`
    select people.id from (${sql.join(candidates, sql` union `)}) m
    cross join people
    where people.id = m.person_id and people.deleted_at is null and ${visibleTo(scope, 'people')}
    order by people.name_sort, people.id
    limit ${limit}`.execute(db);
  return rows.rows.map((r) => r.id);
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

// ---------- consent records (append-only: inserted, never updated; erased with nothing, they name no one) ----------

export type ConsentRecordRow = Selectable<ConsentRecordsTable>;

export function consentRecords(db: Executor, personId: string): Promise<ConsentRecordRow[]> {
  return db
    .selectFrom('consent_records')
    .selectAll()
    .where('person_id', '=', personId)
    .orderBy('recorded_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export function latestConsent(db: Executor, personId: string, purpose: string): Promise<ConsentRecordRow | undefined> {
  return db
    .selectFrom('consent_records')
    .selectAll()
    .where('person_id', '=', personId)
    .where('purpose', '=', purpose)
    .orderBy('recorded_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function insertConsentRecord(db: Executor, row: Insertable<ConsentRecordsTable>): Promise<void> {
  await db.insertInto('consent_records').values(row).execute();
}

/** Sets the person's current consent map (derived from the newest record per channel) and bumps the version. */
export async function setConsentMap(db: Executor, id: string, consent: string, at: string): Promise<void> {
  await db
    .updateTable('people')
    .set({ consent, updated_at: at, version: sql`version + 1` })
    .where('id', '=', id)
    .execute();
}
