/** The SQL of the data-quality report: counts over the live records a reader may see, and one record's facts. */
import { type Expression, type SqlBool, sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import { COMPLETENESS, type QualityKind } from './quality.score.ts';

const TABLE: Record<QualityKind, 'people' | 'companies'> = { people: 'people', companies: 'companies' };

const inOpenPair = (kind: QualityKind) => {
  const id = sql.ref(`${TABLE[kind]}.id`);
  return sql<SqlBool>`exists (select 1 from duplicate_pairs d where d.kind = ${kind} and d.status = 'open' and (d.a_id = ${id} or d.b_id = ${id}))`;
};

const staleSql = (kind: QualityKind, cutoff: string) => {
  const t = TABLE[kind];
  return sql<SqlBool>`(coalesce(${sql.ref(`${t}.last_contact_at`)}, ${sql.ref(`${t}.created_at`)}) < ${cutoff})`;
};

/** Counts over the live records `visible` lets through: total, per quality field filled, in open pairs, stale. */
export async function counts(db: Executor, kind: QualityKind, visible: Expression<SqlBool>, cutoff: string) {
  const t = TABLE[kind];
  const filled = COMPLETENESS[kind].map((f) =>
    sql<number>`sum(case when ${sql.ref(`${t}.${f.column}`)} is null or ${sql.ref(`${t}.${f.column}`)} = '' then 0 else 1 end)`.as(
      `f_${f.key}`,
    ),
  );
  const row = (await db
    .selectFrom(t)
    .select([
      sql<number>`count(*)`.as('total'),
      ...filled,
      sql<number>`sum(case when ${inOpenPair(kind)} then 1 else 0 end)`.as('duplicate'),
      sql<number>`sum(case when ${staleSql(kind, cutoff)} then 1 else 0 end)`.as('stale'),
      sql<number>`sum(case when ${sql.ref(`${t}.last_contact_at`)} is null and ${sql.ref(`${t}.created_at`)} < ${cutoff} then 1 else 0 end)`.as(
        'never',
      ),
    ])
    .where(`${t}.deleted_at`, 'is', null)
    .where(visible)
    .executeTakeFirstOrThrow()) as Record<string, number | string | null>;
  const n = (k: string) => Number(row[k] ?? 0);
  return {
    total: n('total'),
    filled: Object.fromEntries(COMPLETENESS[kind].map((f) => [f.key, n(`f_${f.key}`)])),
    duplicate: n('duplicate'),
    stale: n('stale'),
    never: n('never'),
  };
}

/**
 * The values that can be invalid, a page at a time (record id and value): people's emails and phones, companies'
 * domains, of live records `visible` lets through.
 */
export async function contactValues(
  db: Executor,
  kind: QualityKind,
  visible: Expression<SqlBool>,
  after: string | undefined,
  limit: number,
): Promise<{ id: string; email: string | null; phone: string | null; domain: string | null }[]> {
  if (kind === 'companies') {
    let q = db
      .selectFrom('companies')
      .select(['companies.id as id', 'companies.domain as domain'])
      .where('companies.deleted_at', 'is', null)
      .where('companies.domain', 'is not', null)
      .where(visible)
      .orderBy('companies.id')
      .limit(limit);
    if (after) q = q.where('companies.id', '>', after);
    return (await q.execute()).map((r) => ({ id: r.id, email: null, phone: null, domain: r.domain }));
  }
  let q = db
    .selectFrom('people')
    .select('people.id as id')
    .where('people.deleted_at', 'is', null)
    .where(visible)
    .orderBy('people.id')
    .limit(limit);
  if (after) q = q.where('people.id', '>', after);
  const ids = (await q.execute()).map((r) => r.id);
  if (ids.length === 0) return [];
  const [emails, phones] = await Promise.all([
    db.selectFrom('person_emails').select(['person_id as id', 'email']).where('person_id', 'in', ids).execute(),
    db.selectFrom('person_phones').select(['person_id as id', 'e164']).where('person_id', 'in', ids).execute(),
  ]);
  return [
    ...ids.map((id) => ({ id, email: null, phone: null, domain: null })),
    ...emails.map((e) => ({ id: e.id, email: e.email, phone: null, domain: null })),
    ...phones.map((p) => ({ id: p.id, email: null, phone: p.e164, domain: null })),
  ];
}

/** One live record's quality facts (the columns completeness reads, in a pair, last contact and creation). */
export async function recordRow(db: Executor, kind: QualityKind, id: string, cutoff: string) {
  const t = TABLE[kind];
  return (await db
    .selectFrom(t)
    .select([
      ...COMPLETENESS[kind].map((f) => sql.ref(`${t}.${f.column}`).as(f.key)),
      sql<number>`case when ${inOpenPair(kind)} then 1 else 0 end`.as('duplicate'),
      sql<number>`case when ${staleSql(kind, cutoff)} then 1 else 0 end`.as('stale'),
    ])
    .where(`${t}.id`, '=', id)
    .executeTakeFirst()) as Record<string, unknown> | undefined;
}
