/**
 * Reads of the timeline table (written only by platform/events.ts). One keyset-paged query per page, on the
 * (person_id, at, id), (company_id, at, id) or subject/record indexes; the service supplies the access conditions.
 */
import { type Expression, type SqlBool, sql } from 'kysely';
import type { Dialect, Executor } from '../../db/database.ts';
import { jsonText } from '../../platform/sql-json.ts';
import { userNameSql } from '../identity/index.ts';

export interface TimelineFilter {
  personId?: string;
  companyId?: string;
  /**
   * A record's own timeline (typed link): the entries linked to it and its own lifecycle, on the (subject_kind,
   * subject_id, at, id) and (object, record_id, at, id) indexes.
   */
  subject?: { kind: string; id: string };
  /** Objects the actor may read: entries about anything else are left out. */
  objects: string[];
  departments?: string[];
  /** Prefixes (`activity`) or exact types (`activity.logged`). */
  types?: string[];
  activityTypes?: string[];
  from?: string;
  /** Upper bound and whether it is exclusive (a whole day ends before the next one starts). */
  to?: { at: string; exclusive: boolean };
  where: Expression<SqlBool>[];
}

const escapeLike = (v: string) => v.replace(/[\\%_]/g, (c) => `\\${c}`);

export function page(
  db: Executor,
  dialect: Dialect,
  f: TimelineFilter,
  after: [string, string] | undefined,
  limit: number,
) {
  let qb = db
    .selectFrom('timeline')
    .select([
      'timeline.id',
      'timeline.event_id',
      'timeline.at',
      'timeline.type',
      'timeline.department',
      'timeline.actor_id',
      'timeline.object',
      'timeline.record_id',
      'timeline.person_id',
      'timeline.company_id',
      'timeline.summary',
      'timeline.payload',
      userNameSql('timeline.actor_id').as('actor_name'),
    ]);
  if (f.personId) qb = qb.where('timeline.person_id', '=', f.personId);
  if (f.companyId) qb = qb.where('timeline.company_id', '=', f.companyId);
  if (f.subject) {
    const { kind, id } = f.subject;
    qb = qb.where(
      sql<SqlBool>`((timeline.subject_kind = ${kind} and timeline.subject_id = ${id}) or (timeline.object = ${kind} and timeline.record_id = ${id}))`,
    );
  }
  qb = qb.where('timeline.object', 'in', f.objects);
  if (f.departments && f.departments.length > 0) qb = qb.where('timeline.department', 'in', f.departments);
  if (f.types && f.types.length > 0) {
    const parts = f.types.map((t) =>
      t.includes('.')
        ? sql<SqlBool>`timeline.type = ${t}`
        : sql<SqlBool>`timeline.type like ${`${escapeLike(t)}.%`} escape '\\'`,
    );
    qb = qb.where(sql<SqlBool>`(${sql.join(parts, sql` or `)})`);
  }
  if (f.activityTypes && f.activityTypes.length > 0) {
    qb = qb
      .where('timeline.object', '=', 'activities')
      .where(sql<SqlBool>`${jsonText(dialect, 'timeline.payload', 'type')} in (${sql.join(f.activityTypes)})`);
  }
  if (f.from) qb = qb.where('timeline.at', '>=', f.from);
  if (f.to) qb = qb.where('timeline.at', f.to.exclusive ? '<' : '<=', f.to.at);
  for (const w of f.where) qb = qb.where(w);
  if (after) qb = qb.where(sql<SqlBool>`(timeline.at, timeline.id) < (${after[0]}, ${after[1]})`);
  return qb
    .orderBy('timeline.at', 'desc')
    .orderBy('timeline.id', 'desc')
    .limit(limit + 1)
    .execute();
}
