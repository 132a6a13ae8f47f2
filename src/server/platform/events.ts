/**
 * The event spine. A module publishes a domain event inside the transaction of the change; the platform appends it to
 * the event log, to the timeline of the people/companies it concerns (what the 360° view reads) and to the outbox of
 * every consumer subscribed to its type (automation, webhooks, metric rollups, live updates), delivered at least once.
 */
import { type Insertable, type SqlBool, sql } from 'kysely';
import { insertRows } from '../db/bulk.ts';
import type { Database, Executor } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import type { Ctx } from './access/policy.ts';
import { newId, now } from './ids.ts';

export type Department = 'sales' | 'marketing' | 'service' | 'accounts';

export interface DomainEvent {
  /** `<object>.<verb>`, e.g. `person.created`, `company.updated`, `deal.stage_changed`. */
  type: string;
  object: string;
  recordId: string;
  payload: Record<string, unknown>;
  /**
   * When present, the event appears on these timelines. A person's entry also shows on its company's timeline. The
   * subject (typed link) is the record whose own timeline shows it; default the person, else the company.
   */
  timeline?: {
    summary: string;
    personId?: string | null;
    companyId?: string | null;
    subjectKind?: string | null;
    subjectId?: string | null;
    department?: Department | null;
    at?: string;
    /**
     * People it also shows for (a deal's contacts): one more entry each, on that person's own timeline only (not on
     * the company's or the subject's, which have the main entry).
     */
    alsoPeople?: string[];
  };
}

/** The timeline entries of one record, written for a person and/or company. */
export interface TimelineRecord {
  object: string;
  recordId: string;
  personId: string | null;
  companyId: string | null;
}

function timelineRecord(on: TimelineRecord) {
  const where = [sql`object = ${on.object}`, sql`record_id = ${on.recordId}`];
  if (on.personId) where.push(sql`person_id = ${on.personId}`);
  else if (on.companyId) where.push(sql`company_id = ${on.companyId}`);
  return sql<SqlBool>`${sql.join(where, sql` and `)}`;
}

export interface DeliveredEvent {
  id: string;
  eventId: string;
  type: string;
  payload: Record<string, unknown> & { object: string; recordId: string; actorId: string | null; at: string };
  attempts: number;
}

export type EventHandler = (event: DeliveredEvent) => Promise<void>;

interface Consumer {
  name: string;
  types: Set<string> | '*';
  handler: EventHandler;
}

export class EventBus {
  readonly #consumers = new Map<string, Consumer>();
  readonly #database: Database;
  #draining: Promise<number> | undefined;

  constructor(database: Database) {
    this.#database = database;
  }

  /** Registers a consumer before events are published; each gets its own copy of every matching event. */
  subscribe(name: string, types: string[] | '*', handler: EventHandler): void {
    if (this.#consumers.has(name)) throw new Error(`Event consumer ${name} is already registered`);
    this.#consumers.set(name, { name, types: types === '*' ? '*' : new Set(types), handler });
  }

  /** Writes the event (log, timeline, outbox) with the caller's executor, so it commits or rolls back with the change. */
  async publish(db: Executor, ctx: Ctx | null, event: DomainEvent): Promise<string> {
    const [id] = await this.publishMany(db, ctx, [event]);
    return id!;
  }

  /**
   * Writes many events at once (a sync batch): the same rows `publish` writes for each, in the same order, with one
   * multi-row insert per table (a thousand rows a statement), so a batch of a thousand changes costs a handful of statements.
   */
  async publishMany(db: Executor, ctx: Ctx | null, events: readonly DomainEvent[]): Promise<string[]> {
    if (events.length === 0) return [];
    const actorId = ctx?.actor.id ?? null;
    const ids: string[] = [];
    const eventRows: Insertable<DB['events']>[] = [];
    const timelineRows: Insertable<DB['timeline']>[] = [];
    const outboxRows: Insertable<DB['outbox']>[] = [];
    const created = now();
    for (const event of events) {
      const id = newId();
      ids.push(id);
      const at = event.timeline?.at ?? now();
      const payload = JSON.stringify(event.payload);
      eventRows.push({
        id,
        at,
        type: event.type,
        actor_id: actorId,
        object: event.object,
        record_id: event.recordId,
        payload,
      });
      const tl = event.timeline;
      const subject =
        tl?.subjectKind && tl.subjectId
          ? { kind: tl.subjectKind, id: tl.subjectId }
          : tl?.personId
            ? { kind: 'people', id: tl.personId }
            : tl?.companyId
              ? { kind: 'companies', id: tl.companyId }
              : null;
      if (tl && subject) {
        timelineRows.push({
          id: newId(),
          at,
          event_id: id,
          type: event.type,
          department: tl.department ?? null,
          person_id: tl.personId ?? null,
          company_id: tl.companyId ?? null,
          subject_kind: subject.kind,
          subject_id: subject.id,
          actor_id: actorId,
          object: event.object,
          record_id: event.recordId,
          summary: tl.summary,
          payload,
        });
        for (const personId of new Set(tl.alsoPeople ?? [])) {
          if (personId === tl.personId) continue;
          timelineRows.push({
            id: newId(),
            at,
            event_id: id,
            type: event.type,
            department: tl.department ?? null,
            person_id: personId,
            company_id: null,
            subject_kind: 'people',
            subject_id: personId,
            actor_id: actorId,
            object: event.object,
            record_id: event.recordId,
            summary: tl.summary,
            payload,
          });
        }
      }
      const consumers = [...this.#consumers.values()].filter((c) => c.types === '*' || c.types.has(event.type));
      if (consumers.length > 0) {
        const envelope = JSON.stringify({
          ...event.payload,
          object: event.object,
          recordId: event.recordId,
          actorId,
          at,
        });
        for (const c of consumers) {
          outboxRows.push({
            id: newId(),
            event_id: id,
            consumer: c.name,
            type: event.type,
            payload: envelope,
            created_at: created,
            available_at: created,
          });
        }
      }
    }
    const dialect = this.#database.dialect;
    await insertRows(db, dialect, 'events', eventRows);
    await insertRows(db, dialect, 'timeline', timelineRows);
    await insertRows(db, dialect, 'outbox', outboxRows);
    return ids;
  }

  /**
   * Brings the timeline entries of a record in line after the record itself was edited (e.g. an activity's subject or
   * time corrected), so the 360° view does not keep showing what was wrong. The event log keeps what happened.
   * `on` names the person (or, without one, the company) the entries were written for, so the timeline's
   * (person_id, at, id) / (company_id, at, id) indexes find them.
   */
  async reviseTimeline(
    db: Executor,
    on: TimelineRecord,
    patch: { summary?: string; payload?: Record<string, unknown>; department?: Department | null; at?: string },
  ): Promise<void> {
    const set = {
      summary: patch.summary,
      payload: patch.payload === undefined ? undefined : JSON.stringify(patch.payload),
      department: patch.department,
      at: patch.at,
    };
    if (Object.values(set).every((v) => v === undefined)) return;
    await db.updateTable('timeline').set(set).where(timelineRecord(on)).execute();
  }

  /** Takes a deleted record's entries off the timeline (the event log keeps them). */
  async withdrawTimeline(db: Executor, on: TimelineRecord): Promise<void> {
    await db.deleteFrom('timeline').where(timelineRecord(on)).execute();
  }

  /**
   * Delivers pending outbox rows once: claims a batch with a lease (FOR UPDATE SKIP LOCKED on PostgreSQL, so several
   * app instances share the work), runs each consumer, marks success or schedules a retry with backoff.
   * Returns how many deliveries succeeded. `maxBatches` bounds one call (the background poll takes at most a few
   * batches per tick, so a backlog is worked off over several ticks, each batch its own short claim). The job runner's
   * recurring `events.dispatch` calls it every second.
   */
  async drain(batchSize = 100, maxBatches = Number.POSITIVE_INFINITY): Promise<number> {
    this.#draining ??= this.#drainOnce(batchSize, maxBatches).finally(() => {
      this.#draining = undefined;
    });
    return this.#draining;
  }

  async #drainOnce(batchSize: number, maxBatches: number): Promise<number> {
    const { db, dialect } = this.#database;
    let delivered = 0;
    for (let batch = 0; batch < maxBatches; batch++) {
      const t = now();
      const lease = new Date(Date.now() + 60_000).toISOString();
      // Select the batch, then lease it by id: one UPDATE … WHERE id IN (SELECT … LIMIT n FOR UPDATE) is not bounded
      // on PostgreSQL (a rescanned subquery skips the rows the statement already leased and returns the next n). The
      // lease's guard (still pending and available) makes a row leased by another instance meanwhile match nothing.
      const claimed = await db.transaction().execute(async (trx) => {
        const pick =
          dialect === 'postgres'
            ? sql<{
                id: string;
              }>`select id from outbox where processed_at is null and available_at <= ${t} order by created_at limit ${batchSize} for update skip locked`
            : sql<{
                id: string;
              }>`select id from outbox where processed_at is null and available_at <= ${t} order by created_at limit ${batchSize}`;
        const ids = (await pick.execute(trx)).rows.map((r) => r.id);
        if (ids.length === 0) return { rows: [] };
        return sql<{
          id: string;
          event_id: string;
          consumer: string;
          type: string;
          payload: string;
          attempts: number;
        }>`update outbox set available_at = ${lease} where id in (${sql.join(ids)}) and processed_at is null and available_at <= ${t} returning id, event_id, consumer, type, payload, attempts`.execute(
          trx,
        );
      });
      if (claimed.rows.length === 0) return delivered;
      for (const row of claimed.rows) {
        const consumer = this.#consumers.get(row.consumer);
        if (!consumer) continue; // a consumer that no longer exists: leave the row for an operator
        try {
          await consumer.handler({
            id: row.id,
            eventId: row.event_id,
            type: row.type,
            payload: JSON.parse(row.payload),
            attempts: row.attempts + 1,
          });
          await db
            .updateTable('outbox')
            .set({ processed_at: now(), attempts: row.attempts + 1 })
            .where('id', '=', row.id)
            .execute();
          delivered++;
        } catch (err) {
          const backoffMs = Math.min(2 ** row.attempts * 1000, 15 * 60_000);
          await db
            .updateTable('outbox')
            .set({
              attempts: row.attempts + 1,
              last_error: String(err instanceof Error ? err.message : err).slice(0, 1000),
              available_at: new Date(Date.now() + backoffMs).toISOString(),
            })
            .where('id', '=', row.id)
            .execute();
        }
      }
      if (claimed.rows.length < batchSize) return delivered;
    }
    return delivered;
  }
}
