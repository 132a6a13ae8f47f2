/**
 * Activities: every touchpoint with a customer (calls, emails, meetings, notes, messages, visits). Logging one also
 * moves the person's and company's contact facts and puts it on their timelines, in the same transaction.
 */
import { type SqlBool, sql } from 'kysely';
import type { Database, Executor } from '../../db/database.ts';
import { assertCan, type Ctx, can } from '../../platform/access/policy.ts';
import { diff, recordAudit } from '../../platform/audit.ts';
import type { ContactFact } from '../../platform/contact-facts.ts';
import { type FieldError, forbidden, notFound, staleVersion, validation } from '../../platform/errors.ts';
import type { Department, EventBus } from '../../platform/events.ts';
import { newId, now } from '../../platform/ids.ts';
import { clampLimit, keysetPage, type ListPage, textCursor } from '../../platform/lists.ts';
import type { LinkTargets } from '../../platform/records/links.ts';
import type { CompaniesService } from '../companies/index.ts';
import { userNames } from '../identity/index.ts';
import type { PeopleService } from '../people/index.ts';
import { excerpt, sanitizeBody } from './activities.body.ts';
import * as repo from './activities.repository.ts';
import {
  type Activity,
  type ActivityChannel,
  type ActivityListQuery,
  type ActivityType,
  type CreateActivity,
  DEPARTMENTS,
  UNANSWERED_OUTCOMES,
  type UpdateActivity,
} from './activities.schemas.ts';

export interface ActivitiesDeps {
  database: Database;
  events: EventBus;
  people: Pick<PeopleService, 'briefs' | 'visibleCondition' | 'recordContact'>;
  companies: Pick<CompaniesService, 'visibleBriefs' | 'recordContact'>;
  /** The kinds a touchpoint can be about besides its person/company (typed links). */
  links: LinkTargets;
}

const TYPE_LABELS: Record<ActivityType, string> = {
  call: 'Call',
  email: 'Email',
  meeting: 'Meeting',
  note: 'Note',
  sms: 'SMS',
  chat: 'Chat',
  visit: 'Visit',
};

const DEFAULT_CHANNEL: Record<ActivityType, ActivityChannel | null> = {
  call: 'phone',
  email: 'email',
  meeting: 'in_person',
  note: null,
  sms: 'sms',
  chat: 'chat',
  visit: 'in_person',
};

/** Roles that may edit or delete anyone's activity; others only their own. */
const MODERATOR_ROLES = new Set(['admin', 'manager']);

/** Whether the customer took part: inbound messages, meetings, visits, and calls someone answered. */
export function isTwoWay(type: string, direction: string | null, outcome: string | null): boolean {
  if (type === 'note') return false;
  if (type === 'meeting' || type === 'visit') return true;
  if (type === 'call') {
    const o = outcome?.trim().toLowerCase() ?? '';
    return !(UNANSWERED_OUTCOMES as readonly string[]).includes(o);
  }
  return direction === 'in';
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** The one line the timeline shows, e.g. "Call (outbound, 4 min): Renewal check-in — connected". */
export function summaryOf(a: {
  type: string;
  direction: string | null;
  duration_seconds: number | null;
  subject: string;
  outcome: string | null;
}): string {
  const details: string[] = [];
  if (a.direction) details.push(a.direction === 'in' ? 'inbound' : 'outbound');
  if (a.duration_seconds !== null && a.duration_seconds > 0) details.push(formatDuration(a.duration_seconds));
  const label = TYPE_LABELS[a.type as ActivityType] ?? a.type;
  const head = details.length > 0 ? `${label} (${details.join(', ')})` : label;
  return `${head}: ${a.subject}${a.outcome ? ` — ${a.outcome}` : ''}`;
}

/** The event payload (what the timeline entry and outbox consumers carry). */
function eventPayload(r: repo.ActivityRow): Record<string, unknown> {
  return {
    type: r.type,
    direction: r.direction,
    channel: r.channel,
    subject: r.subject,
    excerpt: excerpt(r.body_html),
    outcome: r.outcome,
    durationSeconds: r.duration_seconds,
    dealId: r.deal_id,
    caseId: r.case_id,
    loggedAt: r.created_at,
  };
}

const contactFact = (r: repo.ActivityRow): ContactFact => ({
  at: r.occurred_at,
  byUserId: r.owner_id,
  channel: r.channel,
  twoWay: r.two_way === 1,
});

/** The flat view the audit trail compares (API field names). */
function auditSnapshot(r: repo.ActivityRow): Record<string, unknown> {
  return {
    type: r.type,
    direction: r.direction,
    channel: r.channel,
    department: r.department,
    subject: r.subject,
    body: r.body_html,
    occurredAt: r.occurred_at,
    durationSeconds: r.duration_seconds,
    outcome: r.outcome,
    personId: r.person_id,
    companyId: r.company_id,
    dealId: r.deal_id,
    caseId: r.case_id,
    promiseId: r.promise_id,
  };
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

type Columns = Pick<
  repo.ActivityRow,
  | 'type'
  | 'direction'
  | 'channel'
  | 'department'
  | 'subject'
  | 'body_html'
  | 'occurred_at'
  | 'duration_seconds'
  | 'outcome'
  | 'two_way'
  | 'deal_id'
  | 'case_id'
  | 'promise_id'
>;

export class ActivitiesService {
  readonly #d: ActivitiesDeps;

  constructor(deps: ActivitiesDeps) {
    this.#d = deps;
  }

  get #db() {
    return this.#d.database.db;
  }

  // ---------- reads ----------

  async #toDtos(ctx: Ctx, rows: repo.ActivityRow[], db: Executor): Promise<Activity[]> {
    const [people, companies, owners] = await Promise.all([
      this.#d.people.briefs(
        ctx,
        rows.map((r) => r.person_id),
        db,
      ),
      this.#d.companies.visibleBriefs(
        ctx,
        rows.map((r) => r.company_id),
        db,
      ),
      userNames(
        db,
        rows.map((r) => r.owner_id),
      ),
    ]);
    return rows.map((r) => {
      const person = r.person_id ? people.get(r.person_id) : undefined;
      const company = r.company_id ? companies.get(r.company_id) : undefined;
      const owner = r.owner_id ? owners.get(r.owner_id) : undefined;
      return {
        id: r.id,
        type: r.type as Activity['type'],
        direction: r.direction as Activity['direction'],
        channel: r.channel as Activity['channel'],
        department: r.department as Activity['department'],
        subject: r.subject,
        body: r.body_html,
        occurredAt: r.occurred_at,
        durationSeconds: r.duration_seconds,
        outcome: r.outcome,
        twoWay: r.two_way === 1,
        summary: summaryOf(r),
        personId: r.person_id,
        person: person ? { id: person.id, name: person.name } : null,
        companyId: r.company_id,
        company: company ? { id: company.id, name: company.name } : null,
        subjectKind: r.subject_kind,
        subjectId: r.subject_id,
        dealId: r.deal_id,
        caseId: r.case_id,
        promiseId: r.promise_id,
        ownerId: r.owner_id,
        owner: r.owner_id && owner !== undefined ? { id: r.owner_id, name: owner } : null,
        teamId: r.team_id,
        version: r.version,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
        deletedAt: r.deleted_at,
      };
    });
  }

  /**
   * Whether the actor may see an activity: it is about a person the actor may see or, when it is about no person, a
   * company the actor may see. (An activity about a person outside the actor's scope stays hidden even on a company
   * the actor shares, exactly as on the company's timeline.)
   */
  async #visible(ctx: Ctx, row: repo.ActivityRow, db: Executor): Promise<boolean> {
    if (row.person_id) return (await this.#d.people.briefs(ctx, [row.person_id], db)).has(row.person_id);
    if (row.company_id) return (await this.#d.companies.visibleBriefs(ctx, [row.company_id], db)).has(row.company_id);
    return false;
  }

  async #load(ctx: Ctx, id: string, db: Executor): Promise<repo.ActivityRow> {
    const row = await repo.findById(db, id);
    if (!row || row.deleted_at || !(await this.#visible(ctx, row, db))) throw notFound('activities');
    return row;
  }

  /**
   * Activities that happened in [from, to), per owner or team (the "activities logged" metric). Counts only: which
   * owners or teams a report shows is the report's own access rule.
   */
  countLogged(by: 'owner' | 'team', from: string, to: string): Promise<Map<string | null, number>> {
    return repo.countBy(this.#db, by, from, to, []);
  }

  /** The record as a link target (typed links): its person/company anchors if the actor may see it, in `db`. */
  async linkAnchors(
    ctx: Ctx,
    db: Executor,
    id: string,
  ): Promise<{ personId: string | null; companyId: string | null } | undefined> {
    if (!can(ctx.actor, 'activities', 'read')) return undefined;
    const row = await this.#load(ctx, id, db).catch(() => undefined);
    return row ? { personId: row.person_id, companyId: row.company_id } : undefined;
  }
  async get(ctx: Ctx, id: string): Promise<Activity> {
    assertCan(ctx.actor, 'activities', 'read');
    const row = await this.#load(ctx, id, this.#db);
    return (await this.#toDtos(ctx, [row], this.#db))[0]!;
  }

  /** A person's or a company's activities, newest first (keyset on occurredAt, id); 404 when the record is hidden. */
  async listFor(
    ctx: Ctx,
    of: { personId: string } | { companyId: string },
    params: ActivityListQuery,
  ): Promise<ListPage<Activity>> {
    assertCan(ctx.actor, 'activities', 'read');
    const db = this.#db;
    let q: repo.ActivityQuery;
    if ('personId' in of) {
      if (!(await this.#d.people.briefs(ctx, [of.personId], db)).has(of.personId)) throw notFound('people');
      q = { personId: of.personId, types: params.type, where: [] };
    } else {
      if (!(await this.#d.companies.visibleBriefs(ctx, [of.companyId], db)).has(of.companyId))
        throw notFound('companies');
      // Activities about a person the actor may not see stay out, as on the company's timeline.
      const personVisible = this.#d.people.visibleCondition(ctx, 'activities.person_id');
      q = {
        companyId: of.companyId,
        types: params.type,
        where: [sql<SqlBool>`(activities.person_id is null or ${personVisible})`],
      };
    }
    const limit = clampLimit(params.limit);
    return keysetPage(
      repo.listPage(db, q, textCursor(params.cursor), limit),
      repo.countCapped(db, q),
      limit,
      (r) => r.occurred_at,
      (page) => this.#toDtos(ctx, page, db),
    );
  }

  // ---------- writes ----------

  /** Validates and normalises an input (over the existing row for an edit) into columns; 422 naming each bad field. */
  #columns(ctx: Ctx, input: UpdateActivity, existing: repo.ActivityRow | undefined, errors: FieldError[]): Columns {
    const type = (input.type ?? existing?.type ?? 'note') as ActivityType;
    const typeChanged = existing !== undefined && input.type !== undefined && input.type !== existing.type;
    let direction: string | null;
    if (input.direction !== undefined) direction = input.direction;
    else if (existing && !typeChanged) direction = existing.direction;
    else direction = type === 'note' ? null : (existing?.direction ?? 'out');
    if (type === 'note' && direction !== null) {
      if (input.direction !== undefined)
        errors.push({ pointer: '/direction', detail: 'a note has no direction', in: 'body' });
      direction = null;
    } else if (type !== 'note' && direction === null) {
      errors.push({ pointer: '/direction', detail: `is required for a ${type} (in or out)`, in: 'body' });
    }
    const channel =
      input.channel !== undefined ? input.channel : existing && !typeChanged ? existing.channel : DEFAULT_CHANNEL[type];
    const role = ctx.actor.roleKey as Department;
    const department = input.department ?? existing?.department ?? (DEPARTMENTS.includes(role) ? role : 'sales');
    const subject = input.subject !== undefined ? input.subject.trim() : (existing?.subject ?? '');
    if (subject === '') errors.push({ pointer: '/subject', detail: 'is required', in: 'body' });
    let occurredAt = existing?.occurred_at ?? now();
    if (input.occurredAt !== undefined) {
      const ms = Date.parse(input.occurredAt);
      if (!ISO_DATE_TIME.test(input.occurredAt) || !Number.isFinite(ms))
        errors.push({
          pointer: '/occurredAt',
          detail: 'is not an ISO-8601 date-time (e.g. 2026-11-22T14:30:00Z)',
          in: 'body',
        });
      else occurredAt = new Date(ms).toISOString();
    }
    const outcome = input.outcome !== undefined ? input.outcome?.trim() || null : existing ? existing.outcome : null;
    const pick = <K extends 'deal_id' | 'case_id' | 'promise_id'>(v: string | null | undefined, k: K) =>
      v !== undefined ? v : existing ? existing[k] : null;
    return {
      type,
      direction,
      channel,
      department,
      subject,
      body_html: input.body !== undefined ? sanitizeBody(input.body) : (existing?.body_html ?? null),
      occurred_at: occurredAt,
      duration_seconds:
        input.durationSeconds !== undefined ? input.durationSeconds : (existing?.duration_seconds ?? null),
      outcome,
      two_way: isTwoWay(type, direction, outcome) ? 1 : 0,
      deal_id: pick(input.dealId, 'deal_id'),
      case_id: pick(input.caseId, 'case_id'),
      promise_id: pick(input.promiseId, 'promise_id'),
    };
  }

  /**
   * Logs a touchpoint. With `db`, the work happens in that executor (the caller's transaction, e.g. a promise kept);
   * without, in a transaction of its own. Inserts, audits, moves the contact facts of the person and company, and
   * publishes `activity.logged` onto their timelines, all or nothing.
   */
  async log(ctx: Ctx, input: CreateActivity, db?: Executor): Promise<Activity> {
    assertCan(ctx.actor, 'activities', 'create');
    if (db) return this.#log(ctx, input, db);
    return this.#db.transaction().execute((trx) => this.#log(ctx, input, trx));
  }

  async #log(ctx: Ctx, input: CreateActivity, db: Executor): Promise<Activity> {
    const errors: FieldError[] = [];
    // A typed subject (any kind of record) lends its person/company anchors unless they are given.
    const typed = input.subjectKind !== undefined || input.subjectId !== undefined;
    const link = typed
      ? await this.#d.links.resolve(
          ctx,
          db,
          { subjectKind: input.subjectKind, subjectId: input.subjectId },
          undefined,
          errors,
        )
      : undefined;
    const personId = input.personId ?? link?.person_id ?? null;
    let companyId = input.companyId ?? link?.company_id ?? null;
    if (!personId && !companyId && !typed) {
      errors.push(
        { pointer: '/personId', detail: 'give a person or a company (or both)', in: 'body' },
        { pointer: '/companyId', detail: 'give a person or a company (or both)', in: 'body' },
      );
    }
    if (personId) {
      const person = (await this.#d.people.briefs(ctx, [personId], db)).get(personId);
      if (!person) errors.push({ pointer: '/personId', detail: 'is not a person you can see', in: 'body' });
      else if (!companyId) companyId = person.companyId;
    }
    if (input.companyId && !(await this.#d.companies.visibleBriefs(ctx, [input.companyId], db)).has(input.companyId)) {
      errors.push({ pointer: '/companyId', detail: 'is not a company you can see', in: 'body' });
    }
    const cols = this.#columns(ctx, input, undefined, errors);
    if (errors.length > 0) throw validation(errors);

    const id = newId();
    const t = now();
    await repo.insert(db, {
      ...cols,
      id,
      person_id: personId,
      company_id: companyId,
      subject_kind: link?.subject_kind ?? (personId ? 'people' : companyId ? 'companies' : null),
      subject_id: link?.subject_id ?? personId ?? companyId,
      owner_id: ctx.actor.id,
      team_id: ctx.actor.teamIds[0] ?? null,
      created_at: t,
      updated_at: t,
      deleted_at: null,
    });
    const row = (await repo.findById(db, id))!;
    await recordAudit(db, ctx, {
      action: 'create',
      object: 'activities',
      recordId: id,
      changes: diff({}, auditSnapshot(row)),
    });
    const fact = contactFact(row);
    if (personId) await this.#d.people.recordContact(db, personId, fact);
    if (companyId) await this.#d.companies.recordContact(db, companyId, fact);
    await this.#d.events.publish(db, ctx, {
      type: 'activity.logged',
      object: 'activities',
      recordId: id,
      payload: eventPayload(row),
      timeline: {
        personId,
        companyId,
        subjectKind: row.subject_kind,
        subjectId: row.subject_id,
        department: row.department as Department,
        at: row.occurred_at,
        summary: summaryOf(row),
      },
    });
    return (await this.#toDtos(ctx, [row], db))[0]!;
  }

  #assertAuthorOrModerator(ctx: Ctx, row: repo.ActivityRow, verb: string): void {
    if (row.owner_id !== ctx.actor.id && !MODERATOR_ROLES.has(ctx.actor.roleKey))
      throw forbidden(`Only its author or a manager may ${verb} an activity.`);
  }

  async update(ctx: Ctx, id: string, input: UpdateActivity, ifMatch?: number): Promise<Activity> {
    assertCan(ctx.actor, 'activities', 'update');
    return this.#db.transaction().execute(async (trx) => {
      const row = await this.#load(ctx, id, trx);
      if (ifMatch !== undefined && ifMatch !== row.version) throw staleVersion(row.version);
      this.#assertAuthorOrModerator(ctx, row, 'edit');
      const errors: FieldError[] = [];
      const cols = this.#columns(ctx, input, row, errors);
      if (errors.length > 0) throw validation(errors);
      if (!(await repo.updateVersioned(trx, id, row.version, { ...cols, updated_at: now() })))
        throw staleVersion(row.version + 1);
      const after = (await repo.findById(trx, id))!;
      const changes = diff(auditSnapshot(row), auditSnapshot(after));
      await recordAudit(trx, ctx, { action: 'update', object: 'activities', recordId: id, changes });
      const fact = contactFact(after);
      const before = contactFact(row);
      if (fact.at !== before.at || fact.twoWay !== before.twoWay || fact.channel !== before.channel) {
        // Contact facts only move forward: a corrected time or outcome counts when it is the newest touchpoint.
        if (after.person_id) await this.#d.people.recordContact(trx, after.person_id, fact);
        if (after.company_id) await this.#d.companies.recordContact(trx, after.company_id, fact);
      }
      await this.#d.events.publish(trx, ctx, {
        type: 'activity.updated',
        object: 'activities',
        recordId: id,
        payload: { ...eventPayload(after), changed: Object.keys(changes) },
      });
      await this.#d.events.reviseTimeline(
        trx,
        { object: 'activities', recordId: id, personId: after.person_id, companyId: after.company_id },
        {
          summary: summaryOf(after),
          payload: eventPayload(after),
          department: after.department as Department,
          at: after.occurred_at,
        },
      );
      return (await this.#toDtos(ctx, [after], trx))[0]!;
    });
  }

  /** Moves an activity to the bin and takes it off the timelines (the audit trail and event log keep it). */
  async remove(ctx: Ctx, id: string, ifMatch?: number): Promise<void> {
    assertCan(ctx.actor, 'activities', 'delete');
    await this.#db.transaction().execute(async (trx) => {
      const row = await this.#load(ctx, id, trx);
      if (ifMatch !== undefined && ifMatch !== row.version) throw staleVersion(row.version);
      this.#assertAuthorOrModerator(ctx, row, 'delete');
      const t = now();
      if (!(await repo.updateVersioned(trx, id, row.version, { deleted_at: t, updated_at: t })))
        throw staleVersion(row.version + 1);
      await recordAudit(trx, ctx, {
        action: 'delete',
        object: 'activities',
        recordId: id,
        changes: { deletedAt: { from: null, to: t } },
      });
      await this.#d.events.publish(trx, ctx, {
        type: 'activity.deleted',
        object: 'activities',
        recordId: id,
        payload: { type: row.type, personId: row.person_id, companyId: row.company_id },
      });
      await this.#d.events.withdrawTimeline(trx, {
        object: 'activities',
        recordId: id,
        personId: row.person_id,
        companyId: row.company_id,
      });
    });
  }
}
