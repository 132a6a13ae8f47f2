/**
 * The 360° timeline of a person or company: what the event spine wrote, newest first, with access applied in the
 * query (objects the actor may not read, and on a company's timeline people the actor may not see, are left out).
 * A page costs one query for the entries plus one batched query each for actor and person names.
 */
import { type SqlBool, sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import {
  type Actor,
  assertCan,
  type Ctx,
  can,
  canReadField,
  hiddenPaths,
  OBJECTS,
  type RecordObject,
  redactChanges,
  removePaths,
} from '../../platform/access/policy.ts';
import { notFound } from '../../platform/errors.ts';
import { badQuery, clampLimit, encodeCursor, textCursor } from '../../platform/lists.ts';
import type { LinkTargets } from '../../platform/records/links.ts';
import type { CompaniesService } from '../companies/index.ts';
import { recordKinds } from '../kinds.ts';
import type { PeopleService } from '../people/index.ts';
import * as repo from './timeline.repository.ts';
import type { TimelineEntry, TimelinePage, TimelineQuery } from './timeline.schemas.ts';

export interface TimelineDeps {
  database: Database;
  people: Pick<PeopleService, 'briefs' | 'visibleCondition'>;
  companies: Pick<CompaniesService, 'visibleBriefs'>;
  /** The kinds of record whose own timeline can be read (typed links). */
  links: Pick<LinkTargets, 'kinds' | 'find'>;
}

/** A date (`2026-11-01`) or date-time as ISO UTC; for an upper bound a bare date means "to the end of that day". */
function bound(value: string, pointer: string, upper: boolean): { at: string; exclusive: boolean } {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const ms = Date.parse(dateOnly ? `${value}T00:00:00Z` : value);
  if (!Number.isFinite(ms)) throw badQuery(pointer, 'is not a date (YYYY-MM-DD) or ISO-8601 date-time');
  if (upper && dateOnly) return { at: new Date(ms + 86_400_000).toISOString(), exclusive: true };
  return { at: new Date(ms).toISOString(), exclusive: false };
}

export class TimelineService {
  readonly #d: TimelineDeps;

  constructor(deps: TimelineDeps) {
    this.#d = deps;
  }

  async forPerson(ctx: Ctx, personId: string, params: TimelineQuery): Promise<TimelinePage> {
    assertCan(ctx.actor, 'people', 'read');
    const { db } = this.#d.database;
    const person = (await this.#d.people.briefs(ctx, [personId], db)).get(personId);
    if (!person) throw notFound('people');
    return this.#page(ctx, { personId, where: [] }, params, { id: person.id, name: person.name });
  }

  async forCompany(ctx: Ctx, companyId: string, params: TimelineQuery): Promise<TimelinePage> {
    assertCan(ctx.actor, 'companies', 'read');
    const { db } = this.#d.database;
    if (!(await this.#d.companies.visibleBriefs(ctx, [companyId], db)).has(companyId)) throw notFound('companies');
    // The company's own entries and those of its people the actor may see (a person's entry carries its company).
    const personVisible = this.#d.people.visibleCondition(ctx, 'timeline.person_id');
    return this.#page(
      ctx,
      { companyId, where: [sql<SqlBool>`(timeline.person_id is null or ${personVisible})`] },
      params,
      undefined,
    );
  }

  /**
   * Any kind's own timeline from the same spine (a task's, a promise's, later a deal's or a case's): the entries written
   * for that record, its lifecycle and what is linked to it. 404 when the actor may not see the record; 400 for a kind
   * that cannot be linked to.
   */
  async forSubject(ctx: Ctx, subjectKind: string, subjectId: string, params: TimelineQuery): Promise<TimelinePage> {
    if (!this.#d.links.kinds().includes(subjectKind)) {
      throw badQuery('/subjectKind', `is not a kind of record (one of: ${this.#d.links.kinds().join(', ')})`);
    }
    assertCan(ctx.actor, subjectKind as RecordObject, 'read');
    if (!(await this.#d.links.find(ctx, this.#d.database.db, subjectKind, subjectId))) throw notFound(subjectKind);
    return this.#page(ctx, { subject: { kind: subjectKind, id: subjectId }, where: [] }, params, undefined);
  }

  async #page(
    ctx: Ctx,
    on: Pick<repo.TimelineFilter, 'personId' | 'companyId' | 'subject' | 'where'>,
    params: TimelineQuery,
    person: { id: string; name: string } | undefined,
  ): Promise<TimelinePage> {
    const { db, dialect } = this.#d.database;
    const objects = OBJECTS.filter((o) => can(ctx.actor, o, 'read'));
    const limit = clampLimit(params.limit);
    const after = textCursor(params.cursor);
    const rows = await repo.page(
      db,
      dialect,
      {
        ...on,
        objects,
        departments: params.department,
        types: params.type,
        activityTypes: params.activityType,
        from: params.from === undefined ? undefined : bound(params.from, '/from', false).at,
        to: params.to === undefined ? undefined : bound(params.to, '/to', true),
      },
      after,
      limit,
    );
    // A record's own timeline matches an event both as its subject and as its object when the event also has copies
    // on other timelines (a deal's stage change on each of its people's): each event is shown once.
    const seen = new Set<string>();
    const entries = rows.slice(0, limit).filter((r) => {
      if (seen.has(r.event_id)) return false;
      seen.add(r.event_id);
      return true;
    });
    const people = person
      ? new Map([[person.id, { ...person, companyId: null }]])
      : await this.#d.people.briefs(
          ctx,
          entries.map((r) => r.person_id),
          db,
        );
    const data: TimelineEntry[] = entries
      .map((r) => {
        const p = r.person_id ? people.get(r.person_id) : undefined;
        return {
          id: r.id,
          at: r.at,
          type: r.type,
          department: r.department,
          summary: r.summary,
          actor: r.actor_id ? { id: r.actor_id, name: r.actor_name ?? 'Unknown user' } : null,
          object: r.object,
          recordId: r.record_id,
          personId: r.person_id,
          companyId: r.company_id,
          person: p ? { id: p.id, name: p.name } : null,
          payload: JSON.parse(r.payload),
        };
      })
      .map((e) => redactEntry(ctx.actor, e));
    const last = rows.slice(0, limit).at(-1);
    return { data, nextCursor: rows.length > limit && last ? encodeCursor(last.at, last.id) : null };
  }
}

/**
 * A person's or company's entry as the reader may see it: hidden fields leave the payload (and the `changed` list),
 * a hidden company link leaves the entry, and a summary that may quote a hidden field becomes a neutral one.
 */
function redactEntry(actor: Actor, e: TimelineEntry): TimelineEntry {
  if (e.person && ['name', 'firstName', 'lastName'].some((f) => !canReadField(actor, 'people', f))) {
    e = { ...e, person: { id: e.person.id, name: '' } };
  }
  const kind = recordKinds.get(e.object);
  if (!kind) return e;
  const object: RecordObject = e.object;
  const paths = hiddenPaths(actor, object);
  if (paths.length === 0) return e;
  const top = new Set(paths.map((p) => p.split('.')[0]!));
  const payload = removePaths(e.payload, paths);
  const changed = Array.isArray(payload.changed) ? (payload.changed as string[]) : undefined;
  if (changed) payload.changed = changed.filter((k) => !top.has(k));
  // The before/after values of a lifecycle event, without what the reader may not read.
  if (payload.changes && typeof payload.changes === 'object') {
    payload.changes = redactChanges(actor, object, payload.changes as Record<string, unknown>);
  }
  const quotesHidden = kind.summaryFields.some((f) => !canReadField(actor, object, f));
  const summary =
    quotesHidden && !/^(Moved to the bin|Restored from the bin)$/.test(e.summary)
      ? e.type.endsWith('.created')
        ? 'Added'
        : 'Details changed'
      : e.summary;
  const companyId = object === 'people' && !canReadField(actor, 'people', 'companyId') ? null : e.companyId;
  return { ...e, summary, payload, companyId };
}
