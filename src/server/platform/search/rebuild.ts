/**
 * Rebuilds the search documents of every company and person, in batches: after the bulk seed (which writes rows
 * directly and leaves no documents), after a restore from backup, or when the document format changes
 * (`rapport search rebuild`).
 *
 * This is platform maintenance, so it reads the people, person_emails, person_phones and companies tables directly
 * instead of going through their modules' services: it must run without an actor (no visibility scope applies to a
 * derived index), over a million rows in bounded memory, and the services' per-record write path (one transaction,
 * audit, events) is exactly what a bulk rebuild must not replay. The documents it writes are the same as the ones
 * the people and companies services write on every change (`personDocument`, `companyDocument` below; a test
 * compares them).
 */
import { sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import { phoneTerms, removeSearchDocuments, type SearchDocument, writeSearchDocuments } from './documents.ts';

const BATCH = 1_000;

export function companyDocument(row: {
  id: string;
  name: string;
  domain: string | null;
  city: string | null;
  owner_id: string | null;
  team_id: string | null;
}): SearchDocument {
  return {
    kind: 'companies',
    recordId: row.id,
    ownerId: row.owner_id,
    teamId: row.team_id,
    title: row.name,
    subtitle: [row.domain, row.city].filter(Boolean).join(' · ') || null,
    terms: [row.name, row.domain, row.domain?.split('.')[0]],
  };
}

export function personDocument(
  row: {
    id: string;
    first_name: string;
    last_name: string;
    job_title: string | null;
    owner_id: string | null;
    team_id: string | null;
  },
  emails: string[],
  e164s: string[],
  company: string | undefined,
): SearchDocument {
  return {
    kind: 'people',
    recordId: row.id,
    ownerId: row.owner_id,
    teamId: row.team_id,
    title: `${row.first_name} ${row.last_name}`.trim(),
    subtitle: [row.job_title, company].filter(Boolean).join(' · ') || null,
    terms: [row.first_name, row.last_name, ...emails, ...e164s.flatMap(phoneTerms), company],
  };
}

const writeDocuments = writeSearchDocuments;
const removeDocuments = removeSearchDocuments;

export interface RebuildResult {
  companies: number;
  people: number;
  ms: number;
}

/**
 * Writes (or rewrites) the document of every live company and person and removes those of deleted ones; one
 * transaction per batch of 1,000 records, in id order. `onProgress(done, total, kind)` after each batch.
 */
export async function rebuildSearchDocuments(
  database: Database,
  onProgress: (done: number, total: number, kind: 'companies' | 'people') => void = () => {},
): Promise<RebuildResult> {
  const started = performance.now();
  const { db } = database;
  const count = async (table: 'companies' | 'people') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  const companiesTotal = await count('companies');
  let companies = 0;
  let last = '';
  onProgress(0, companiesTotal, 'companies');
  for (;;) {
    const rows = await db
      .selectFrom('companies')
      .select(['id', 'name', 'domain', 'city', 'owner_id', 'team_id', 'deleted_at'])
      .where('id', '>', last)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    if (rows.length === 0) break;
    await db.transaction().execute(async (trx) => {
      await writeDocuments(trx, rows.filter((r) => r.deleted_at === null).map(companyDocument));
      await removeDocuments(
        trx,
        'companies',
        rows.filter((r) => r.deleted_at !== null).map((r) => r.id),
      );
    });
    companies += rows.length;
    last = rows[rows.length - 1]!.id;
    onProgress(companies, companiesTotal, 'companies');
  }

  const peopleTotal = await count('people');
  let people = 0;
  last = '';
  onProgress(0, peopleTotal, 'people');
  for (;;) {
    const rows = await db
      .selectFrom('people')
      .select(['id', 'first_name', 'last_name', 'job_title', 'company_id', 'owner_id', 'team_id', 'deleted_at'])
      .where('id', '>', last)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    if (rows.length === 0) break;
    const live = rows.filter((r) => r.deleted_at === null);
    const ids = live.map((r) => r.id);
    const companyIds = [...new Set(live.flatMap((r) => (r.company_id ? [r.company_id] : [])))];
    await db.transaction().execute(async (trx) => {
      const [emails, phones, names] = await Promise.all([
        ids.length === 0
          ? []
          : trx
              .selectFrom('person_emails')
              .select(['person_id', 'email'])
              .where('person_id', 'in', ids)
              .orderBy('person_id')
              .orderBy('position')
              .execute(),
        ids.length === 0
          ? []
          : trx
              .selectFrom('person_phones')
              .select(['person_id', 'e164'])
              .where('person_id', 'in', ids)
              .orderBy('person_id')
              .orderBy('position')
              .execute(),
        companyIds.length === 0
          ? []
          : trx
              .selectFrom('companies')
              .select(['id', 'name'])
              .where('id', 'in', companyIds)
              .where('deleted_at', 'is', null)
              .execute(),
      ]);
      const emailsBy = Map.groupBy(emails, (e) => e.person_id);
      const phonesBy = Map.groupBy(phones, (p) => p.person_id);
      const nameOf = new Map(names.map((c) => [c.id, c.name]));
      await writeDocuments(
        trx,
        live.map((r) =>
          personDocument(
            r,
            (emailsBy.get(r.id) ?? []).map((e) => e.email),
            (phonesBy.get(r.id) ?? []).map((p) => p.e164),
            r.company_id ? nameOf.get(r.company_id) : undefined,
          ),
        ),
      );
      await removeDocuments(
        trx,
        'people',
        rows.filter((r) => r.deleted_at !== null).map((r) => r.id),
      );
    });
    people += rows.length;
    last = rows[rows.length - 1]!.id;
    onProgress(people, peopleTotal, 'people');
  }
  return { companies, people, ms: Math.round(performance.now() - started) };
}

/** FTS5's default in-memory size of pending index data before it writes a segment (its `hashsize` setting). */
const FTS_DEFAULT_HASHSIZE = 1_048_576;
/** During the one-pass rebuild: fewer, larger segments to merge. */
const FTS_REBUILD_HASHSIZE = 64 * 1_048_576;

/**
 * Runs a bulk load of `search_documents` with the SQLite full-text index switched off (its triggers dropped), then
 * puts the triggers back exactly as they were and rebuilds the index from the documents in one pass, also when `fn`
 * throws. One FTS5 'rebuild' with a large in-memory buffer costs about half as much as keeping the index in step row
 * by row over many transactions. PostgreSQL needs nothing here: its search indexes are ordinary secondary indexes
 * (`withDeferredIndexes`).
 */
export async function withDeferredSearchIndex<T>(database: Database, fn: () => Promise<T>): Promise<T> {
  if (database.dialect !== 'sqlite') return fn();
  const { db } = database;
  const triggers = (
    await sql<{ name: string; sql: string }>`
      select name, sql from sqlite_master where type = 'trigger' and tbl_name = 'search_documents' order by name`.execute(
      db,
    )
  ).rows;
  for (const t of triggers) await sql`drop trigger ${sql.id(t.name)}`.execute(db);
  try {
    return await fn();
  } finally {
    for (const t of triggers) await sql.raw(t.sql).execute(db);
    // a literal: FTS5 takes only an integer here, and a bound JavaScript number arrives as a real
    const hashsize = (size: number) =>
      sql.raw(`insert into search_fts(search_fts, rank) values ('hashsize', ${Math.trunc(size)})`);
    await hashsize(FTS_REBUILD_HASHSIZE).execute(db);
    await sql`insert into search_fts(search_fts) values ('rebuild')`.execute(db);
    await hashsize(FTS_DEFAULT_HASHSIZE).execute(db);
  }
}
