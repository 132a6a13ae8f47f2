/**
 * Promises made to customers ("I'll send the revised quote by Wednesday"): owned, dated, reminded, and resolved as
 * kept, broken or renegotiated. Every status change is audited and lands on the customer's timeline; a missed promise
 * prompts its owner to tell the customer, which is logged as an activity. Lists, saved views, exports and field
 * history come from the record kernel (`records`); the writes are the service's own.
 */
import { type Expression, type SqlBool, sql } from 'kysely';
import type { Database, Executor } from '../../db/database.ts';
import { assertCan, type Ctx, can, visibilityScope } from '../../platform/access/policy.ts';
import type { HistoryEntry } from '../../platform/audit.ts';
import { diff, recordAudit } from '../../platform/audit.ts';
import { codedError, type FieldError, notFound, staleVersion, validation } from '../../platform/errors.ts';
import type { Department, EventBus } from '../../platform/events.ts';
import { newId, now } from '../../platform/ids.ts';
import type { ListPage, ListParams } from '../../platform/lists.ts';
import { RecordKernel } from '../../platform/records/kernel.ts';
import type { LinkTargets } from '../../platform/records/links.ts';
import type { ActivitiesService, CreateActivity } from '../activities/index.ts';
import type { CompaniesService } from '../companies/index.ts';
import { teamBriefs, userBriefs } from '../identity/index.ts';
import type { PeopleService } from '../people/index.ts';
import { type CardFacts, type CardSubject, parseInstant, shortDate } from '../tasks/index.ts';
import type { WorkspaceService } from '../workspace/index.ts';
import { PROMISES_ERRORS } from './promises.errors.ts';
import { promisesKind } from './promises.kind.ts';
import * as repo from './promises.repository.ts';
import {
  type BreakPromise,
  type CreatePromise,
  type CustomerPromise,
  DEPARTMENTS,
  type MetricsQuery,
  type PromiseListQuery,
  type PromiseMetrics,
  type PromiseStatus,
  type RenegotiatePromise,
  type TellCustomer,
  type UpdatePromise,
} from './promises.schemas.ts';

export interface PromisesDeps {
  database: Database;
  events: EventBus;
  workspace: WorkspaceService;
  people: PeopleService;
  companies: CompaniesService;
  /** The kinds a promise can be about (typed links). */
  links: LinkTargets;
  /** Telling a customer about a missed promise is logged as an activity on them. */
  activities: Pick<ActivitiesService, 'log'>;
}

/** A reminder or overdue notice the job claimed, with what its notification needs. */
export interface ClaimedPromise {
  id: string;
  description: string;
  dueAt: string;
  ownerId: string;
  /** The person's name, else the company's; "the customer" when neither is known. */
  customerName: string;
}

/** Validated promise columns (undefined: unchanged). */
interface Prepared {
  description: string | undefined;
  person_id: string | null;
  company_id: string | null;
  subject_kind: string | null;
  subject_id: string | null;
  owner_id: string;
  team_id: string | null;
  department: string;
  due_at: string | undefined;
  remind_at: string | null | undefined;
  reminded_at: null | undefined;
  overdue_notified_at: null | undefined;
}

const DAY_MS = 86_400_000;
const dayBefore = (iso: string) => new Date(Date.parse(iso) - DAY_MS).toISOString();

const wrongStatus = (status: string, wanted: string) =>
  codedError(PROMISES_ERRORS, 'promises.wrong_status', 'Conflict', `This promise is ${status}; it must be ${wanted}.`);

/** How telling the customer through a channel is logged. */
const TELL_TYPE: Record<TellCustomer['channel'], CreateActivity['type']> = {
  phone: 'call',
  email: 'email',
  sms: 'sms',
  whatsapp: 'chat',
  chat: 'chat',
  video: 'meeting',
  in_person: 'meeting',
  post: 'note',
};

/** The name of a linked record or user in an export cell. */
const refName = (v: unknown) => (v as { name?: string } | null | undefined)?.name ?? '';

export class PromisesService {
  readonly #d: PromisesDeps;
  /** The kernel of the promises kind: list, saved views' catalogue, export and field history. */
  readonly records: RecordKernel<repo.PromiseRow, CustomerPromise, object>;

  constructor(deps: PromisesDeps) {
    this.#d = deps;
    this.records = new RecordKernel<repo.PromiseRow, CustomerPromise, object>(
      promisesKind,
      { ...deps, directory: { userBriefs, teamBriefs } },
      {
        records: (db) => db.selectFrom('promises').selectAll('promises') as never,
        toDtos: (ctx, rows, db) => this.#toDtos(ctx, rows, db),
        quickFilter: async (_ctx, q) =>
          sql<SqlBool>`lower(promises.description) like ${`%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`} escape '\\'`,
        // Writes go through the service (keep, break, renegotiate, tell), never the kernel's create or update.
        normalise: () => ({
          columns: {},
          errors: [{ pointer: '/', detail: 'is written through the promises routes', in: 'body' }],
        }),
        exportValue: (d, col) =>
          col === 'owner' || col === 'person' || col === 'company' ? refName(d[col]) : undefined,
      },
    );
  }

  get #db() {
    return this.#d.database.db;
  }

  #scope(ctx: Ctx) {
    return visibilityScope(ctx.actor, 'promises');
  }

  get #pg(): boolean {
    return this.#d.database.dialect === 'postgres';
  }

  // ---------- reads ----------

  async #toDtos(ctx: Ctx, rows: repo.PromiseRow[], db: Executor = this.#db): Promise<CustomerPromise[]> {
    const [users, people, companies] = await Promise.all([
      userBriefs(
        db,
        rows.map((r) => r.owner_id),
      ),
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
    ]);
    const t = now();
    const ref = (m: Map<string, { id: string; name: string }>, id: string | null) => {
      const b = id ? m.get(id) : undefined;
      return b ? { id: b.id, name: b.name } : null;
    };
    return rows.map((r) => ({
      id: r.id,
      description: r.description,
      personId: r.person_id,
      person: ref(people, r.person_id),
      companyId: r.company_id,
      company: ref(companies, r.company_id),
      subjectKind: r.subject_kind,
      subjectId: r.subject_id,
      ownerId: r.owner_id,
      owner: ref(users, r.owner_id),
      teamId: r.team_id,
      department: r.department as CustomerPromise['department'],
      dueAt: r.due_at,
      remindAt: r.remind_at,
      remindedAt: r.reminded_at,
      status: r.status as PromiseStatus,
      overdue: r.status === 'open' && r.due_at < t,
      resolvedAt: r.resolved_at,
      customerToldAt: r.customer_told_at,
      renegotiatedFrom: r.renegotiated_from,
      version: r.version,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }));
  }

  async #dto(ctx: Ctx, id: string, db: Executor): Promise<CustomerPromise> {
    return (await this.#toDtos(ctx, [(await repo.findById(db, id))!], db))[0]!;
  }

  async #load(ctx: Ctx, id: string, db: Executor): Promise<repo.PromiseRow> {
    const row = await repo.findVisible(db, this.#scope(ctx), id);
    if (!row) throw notFound('promises');
    return row;
  }

  /** The record as a link target (typed links): its person/company anchors if the actor may see it, in `db`. */
  async linkAnchors(
    ctx: Ctx,
    db: Executor,
    id: string,
  ): Promise<{ personId: string | null; companyId: string | null } | undefined> {
    if (!can(ctx.actor, 'promises', 'read')) return undefined;
    const row = await this.#load(ctx, id, db).catch(() => undefined);
    return row ? { personId: row.person_id, companyId: row.company_id } : undefined;
  }
  async get(ctx: Ctx, id: string): Promise<CustomerPromise> {
    assertCan(ctx.actor, 'promises', 'read');
    return (await this.#toDtos(ctx, [await this.#load(ctx, id, this.#db)]))[0]!;
  }

  /**
   * A page of promises: the kernel's list (filters and sorts from the field catalogue, keyset pages, a capped count)
   * with the list's own parameters (owner, team, status, overdue, person, company, linked record) as conditions.
   */
  async list(ctx: Ctx, query: PromiseListQuery): Promise<ListPage<CustomerPromise>> {
    assertCan(ctx.actor, 'promises', 'read');
    const where: Expression<SqlBool>[] = [];
    const t = now();
    if (query.owner) where.push(sql<SqlBool>`promises.owner_id = ${query.owner === 'me' ? ctx.actor.id : query.owner}`);
    if (query.team === 'mine') {
      where.push(
        ctx.actor.teamIds.length > 0
          ? sql<SqlBool>`promises.team_id in (${sql.join(ctx.actor.teamIds)})`
          : sql<SqlBool>`1 = 0`,
      );
    } else if (query.team) where.push(sql<SqlBool>`promises.team_id = ${query.team}`);
    if (query.status) where.push(sql<SqlBool>`promises.status = ${query.status}`);
    if (query.overdue === true) where.push(sql<SqlBool>`(promises.status = 'open' and promises.due_at < ${t})`);
    if (query.overdue === false) where.push(sql<SqlBool>`(promises.status <> 'open' or promises.due_at >= ${t})`);
    if (query.personId) where.push(sql<SqlBool>`promises.person_id = ${query.personId}`);
    if (query.companyId) where.push(sql<SqlBool>`promises.company_id = ${query.companyId}`);
    if (query.subjectKind) where.push(sql<SqlBool>`promises.subject_kind = ${query.subjectKind}`);
    if (query.subjectId) where.push(sql<SqlBool>`promises.subject_id = ${query.subjectId}`);
    const { filter, sort, q, limit, cursor } = query;
    return this.records.list(ctx, { filter, sort, q, limit, cursor }, where);
  }

  /** Field history of a promise (what each change of it changed, and who). */
  history(ctx: Ctx, id: string): Promise<HistoryEntry[]> {
    return this.records.history(ctx, id);
  }

  /** CSV of the matching promises the actor may see (the list's filters; `export` on promises). Audited. */
  exportCsv(ctx: Ctx, params: ListParams, columns: string[] | undefined) {
    return this.records.exportCsv(ctx, params, columns);
  }

  /** The actor's open promises due before `until` (overdue first), for "My day". Empty without promises read. */
  async agenda(
    ctx: Ctx,
    at: string,
    until: string,
    limit = 50,
  ): Promise<{ data: CustomerPromise[]; overdue: number; upcoming: number }> {
    if (!can(ctx.actor, 'promises', 'read')) return { data: [], overdue: 0, upcoming: 0 };
    const r = await repo.agenda(this.#db, ctx.actor.id, at, until, limit);
    return { data: await this.#toDtos(ctx, r.rows), overdue: r.overdue, upcoming: r.upcoming };
  }

  /**
   * Context-card facts for a page of people or companies, within what the actor may see (one grouped query):
   * promisesOpen, promisesDueSoon (next 7 days), promisesBroken (broken and the customer not told), with a danger flag
   * for a broken promise nobody owned up to and a warning flag for an open promise past due.
   */
  async cardFacts(ctx: Ctx, subject: CardSubject, db: Executor = this.#db): Promise<Map<string, CardFacts>> {
    const out = new Map<string, CardFacts>();
    if (!can(ctx.actor, 'promises', 'read') || subject.ids.length === 0) return out;
    const t = now();
    const soon = new Date(Date.parse(t) + 7 * DAY_MS).toISOString();
    const column = subject.kind === 'people' ? 'person_id' : 'company_id';
    for (const r of await repo.cardCounts(db, this.#scope(ctx), column, subject.ids, t, soon)) {
      const flags: CardFacts['flags'] = [];
      if (r.brokenUntold > 0)
        flags.push({ key: 'broken_promise', label: 'Broken promise: customer not told', tone: 'danger' });
      if (r.overdue > 0)
        flags.push({
          key: 'promise_overdue',
          label: r.overdue === 1 ? 'A promise is overdue' : `${r.overdue} promises are overdue`,
          tone: 'warning',
        });
      out.set(r.id, {
        counts: { promisesOpen: r.open, promisesDueSoon: r.dueSoon, promisesBroken: r.brokenUntold },
        flags,
      });
    }
    return out;
  }

  /** The kept-promise rate per owner or team over promises due in [from, to), within what the actor may see. */
  async metrics(ctx: Ctx, query: MetricsQuery): Promise<PromiseMetrics> {
    assertCan(ctx.actor, 'promises', 'read');
    const errors: FieldError[] = [];
    const t = now();
    const to = parseInstant(query.to, '/to', errors) ?? t;
    const from = parseInstant(query.from, '/from', errors) ?? new Date(Date.parse(to) - 30 * DAY_MS).toISOString();
    if (errors.length === 0 && from >= to) errors.push({ pointer: '/from', detail: 'must be before to', in: 'query' });
    if (errors.length > 0) throw validation(errors.map((e) => ({ ...e, in: 'query' })));
    const groupBy = query.groupBy ?? 'user';
    const rows = await repo.metrics(this.#db, this.#scope(ctx), groupBy, from, to, t);
    const ids = rows.map((r) => r.groupId);
    const names = groupBy === 'user' ? await userBriefs(this.#db, ids) : await teamBriefs(this.#db, ids);
    const total = { kept: 0, broken: 0, renegotiated: 0, open: 0, overdue: 0 };
    for (const r of rows) for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += r[k];
    const data = rows
      .map(({ groupId, ...counts }) => ({
        id: groupId,
        name: groupId ? (names.get(groupId)?.name ?? 'Unknown') : 'No team',
        ...counts,
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
    return { groupBy, from, to, data, total: { ...total, keptRate: repo.keptRate(total.kept, total.broken) } };
  }

  // ---------- writes ----------

  /** Validates and normalises a create/update input into row columns; throws 422 naming each bad field. */
  async #prepare(
    ctx: Ctx,
    db: Executor,
    input: UpdatePromise,
    existing: repo.PromiseRow | undefined,
  ): Promise<Prepared> {
    const errors: FieldError[] = [];
    const description = input.description?.trim();
    if (input.description !== undefined && !description)
      errors.push({ pointer: '/description', detail: 'is required', in: 'body' });
    const dueAt = parseInstant(input.dueAt, '/dueAt', errors);
    let remindAt = parseInstant(input.remindAt, '/remindAt', errors);
    // A new due date moves the default reminder with it.
    if (remindAt === undefined && dueAt && dueAt !== existing?.due_at) remindAt = dayBefore(dueAt);
    const ownerId = input.ownerId ?? existing?.owner_id ?? ctx.actor.id;
    let teamId = existing?.team_id ?? null;
    if (input.ownerId !== undefined || !existing) {
      const owner = (await userBriefs(db, [ownerId])).get(ownerId);
      if (!owner?.active) errors.push({ pointer: '/ownerId', detail: 'is not an active user', in: 'body' });
      else teamId = owner.teamIds[0] ?? null;
    }
    if (input.personId && input.personId !== existing?.person_id) {
      if (!(await this.#d.people.briefs(ctx, [input.personId], db)).has(input.personId))
        errors.push({ pointer: '/personId', detail: 'is not a person you can see', in: 'body' });
    }
    if (input.companyId && input.companyId !== existing?.company_id) {
      if (!(await this.#d.companies.isVisible(ctx, input.companyId, db)))
        errors.push({ pointer: '/companyId', detail: 'is not a company you can see', in: 'body' });
    }
    const link = await this.#d.links.resolve(ctx, db, input, existing, errors);
    const personId = link ? link.person_id! : (existing?.person_id ?? null);
    const companyId = link ? link.company_id! : (existing?.company_id ?? null);
    if (!personId && !companyId && !errors.some((e) => e.pointer.startsWith('/subject')))
      errors.push({ pointer: '/personId', detail: 'a promise is made to a person or a company', in: 'body' });
    if (errors.length > 0) throw validation(errors);
    const roleDepartment = (DEPARTMENTS as readonly string[]).includes(ctx.actor.roleKey)
      ? (ctx.actor.roleKey as Department)
      : 'sales';
    return {
      description,
      person_id: personId,
      company_id: companyId,
      subject_kind: link ? link.subject_kind! : (existing?.subject_kind ?? null),
      subject_id: link ? link.subject_id! : (existing?.subject_id ?? null),
      owner_id: ownerId,
      team_id: teamId,
      department: input.department ?? existing?.department ?? roleDepartment,
      due_at: dueAt ?? undefined,
      remind_at: remindAt,
      // A new reminder time arms the reminder again; a new due date arms the overdue notice again.
      reminded_at: remindAt !== undefined && remindAt !== existing?.remind_at ? null : undefined,
      overdue_notified_at: dueAt && dueAt !== existing?.due_at ? null : undefined,
    };
  }

  /** Where a promise's timeline entries go: its person (whose company's timeline shows it too) and/or its company. */
  async #timelineTarget(ctx: Ctx, db: Executor, row: repo.PromiseRow) {
    const person = row.person_id ? (await this.#d.people.briefs(ctx, [row.person_id], db)).get(row.person_id) : null;
    return {
      personId: row.person_id,
      companyId: row.company_id ?? person?.companyId ?? null,
      subjectKind: row.subject_kind,
      subjectId: row.subject_id,
      department: row.department as Department,
    };
  }

  async #publish(
    trx: Executor,
    ctx: Ctx,
    row: repo.PromiseRow,
    verb: 'created' | 'kept' | 'broken' | 'renegotiated' | 'customer_told' | 'reopened',
    summary: string,
    extra: Record<string, unknown> = {},
  ): Promise<void> {
    await this.#d.events.publish(trx, ctx, {
      type: `promise.${verb}`,
      object: 'promises',
      recordId: row.id,
      payload: {
        promiseId: row.id,
        status: row.status,
        ownerId: row.owner_id,
        personId: row.person_id,
        companyId: row.company_id,
        dueAt: row.due_at,
        ...extra,
      },
      timeline: { summary, ...(await this.#timelineTarget(ctx, trx, row)) },
    });
  }

  async #tz(db: Executor): Promise<string> {
    return (await this.#d.workspace.get(db)).timezone;
  }

  /** "send the revised quote (due 3 Dec)" */
  async #label(db: Executor, row: { description: string; due_at: string }): Promise<string> {
    return `${row.description} (due ${shortDate(row.due_at, await this.#tz(db))})`;
  }

  async #insert(trx: Executor, ctx: Ctx, p: Prepared, from: string | null) {
    const id = newId();
    const t = now();
    await repo.insert(trx, {
      id,
      description: p.description!,
      person_id: p.person_id,
      company_id: p.company_id,
      subject_kind: p.subject_kind,
      subject_id: p.subject_id,
      owner_id: p.owner_id,
      team_id: p.team_id,
      department: p.department,
      due_at: p.due_at!,
      remind_at: p.remind_at ?? null,
      reminded_at: null,
      status: 'open',
      resolved_at: null,
      customer_told_at: null,
      renegotiated_from: from,
      created_at: t,
      updated_at: t,
    });
    const row = (await repo.findById(trx, id))!;
    const dto = (await this.#toDtos(ctx, [row], trx))[0]!;
    await recordAudit(trx, ctx, { action: 'create', object: 'promises', recordId: id, changes: diff({}, snap(dto)) });
    return { row, dto };
  }

  async create(ctx: Ctx, input: CreatePromise): Promise<CustomerPromise> {
    assertCan(ctx.actor, 'promises', 'create');
    return this.#db.transaction().execute(async (trx) => {
      const p = await this.#prepare(ctx, trx, input, undefined);
      const { row, dto } = await this.#insert(trx, ctx, p, null);
      await this.#publish(trx, ctx, row, 'created', `Promise made: ${await this.#label(trx, row)}`);
      return dto;
    });
  }

  async update(ctx: Ctx, id: string, input: UpdatePromise, ifMatch?: number): Promise<CustomerPromise> {
    assertCan(ctx.actor, 'promises', 'update');
    return this.#db.transaction().execute(async (trx) => {
      const row = await this.#loadForWrite(ctx, id, trx, ifMatch);
      if (row.status !== 'open') throw wrongStatus(row.status, 'open to be edited');
      const p = await this.#prepare(ctx, trx, input, row);
      const { after } = await this.#write(trx, ctx, row, { ...p, updated_at: now() });
      await this.#d.events.publish(trx, ctx, {
        type: 'promise.updated',
        object: 'promises',
        recordId: id,
        payload: { promiseId: id, changed: Object.keys(diff(snap(await this.#dtoOf(ctx, row, trx)), snap(after))) },
      });
      return after;
    });
  }

  async #dtoOf(ctx: Ctx, row: repo.PromiseRow, db: Executor) {
    return (await this.#toDtos(ctx, [row], db))[0]!;
  }

  async #loadForWrite(ctx: Ctx, id: string, trx: Executor, ifMatch: number | undefined) {
    const row = await this.#load(ctx, id, trx);
    if (ifMatch !== undefined && ifMatch !== row.version) throw staleVersion(row.version);
    return row;
  }

  /** Writes a change guarded by the version read and audits it (with `meta` such as a reason). */
  async #write(
    trx: Executor,
    ctx: Ctx,
    row: repo.PromiseRow,
    patch: Parameters<typeof repo.updateVersioned>[3],
    meta?: Record<string, unknown>,
  ): Promise<{ row: repo.PromiseRow; after: CustomerPromise }> {
    const before = await this.#dtoOf(ctx, row, trx);
    if (!(await repo.updateVersioned(trx, row.id, row.version, patch))) throw staleVersion(row.version + 1);
    const updated = (await repo.findById(trx, row.id))!;
    const after = await this.#dtoOf(ctx, updated, trx);
    await recordAudit(trx, ctx, {
      action: 'update',
      object: 'promises',
      recordId: row.id,
      changes: diff(snap(before), snap(after)),
      meta,
    });
    return { row: updated, after };
  }

  async #resolve(
    ctx: Ctx,
    id: string,
    status: 'kept' | 'broken',
    ifMatch: number | undefined,
    reason?: string,
  ): Promise<CustomerPromise> {
    assertCan(ctx.actor, 'promises', 'update');
    return this.#db.transaction().execute(async (trx) => {
      const row = await this.#loadForWrite(ctx, id, trx, ifMatch);
      if (row.status !== 'open') throw wrongStatus(row.status, 'open');
      const t = now();
      const why = reason?.trim() || undefined;
      const w = await this.#write(trx, ctx, row, { status, resolved_at: t, updated_at: t }, why ? { reason: why } : {});
      const label = await this.#label(trx, row);
      const summary = status === 'kept' ? `Promise kept: ${label}` : `Promise broken: ${label}${why ? `. ${why}` : ''}`;
      await this.#publish(trx, ctx, w.row, status, summary, why ? { reason: why } : {});
      return w.after;
    });
  }

  keep(ctx: Ctx, id: string, ifMatch?: number): Promise<CustomerPromise> {
    return this.#resolve(ctx, id, 'kept', ifMatch);
  }

  break(ctx: Ctx, id: string, input: BreakPromise = {}, ifMatch?: number): Promise<CustomerPromise> {
    return this.#resolve(ctx, id, 'broken', ifMatch, input.reason);
  }

  /**
   * Takes back a keep or a break (the Undo of a one-click outcome): the promise is open again with its due date.
   * Audited, and the timeline says so. A broken promise the customer was already told about stays broken, and a
   * renegotiated one has its follow-up instead.
   */
  async reopen(ctx: Ctx, id: string, ifMatch?: number): Promise<CustomerPromise> {
    assertCan(ctx.actor, 'promises', 'update');
    return this.#db.transaction().execute(async (trx) => {
      const row = await this.#loadForWrite(ctx, id, trx, ifMatch);
      if (row.status !== 'kept' && row.status !== 'broken') throw wrongStatus(row.status, 'kept or broken');
      if (row.customer_told_at)
        throw codedError(
          PROMISES_ERRORS,
          'promises.wrong_status',
          'Conflict',
          'The customer was told this promise was broken: agree a new date instead.',
        );
      const was = row.status;
      const w = await this.#write(
        trx,
        ctx,
        row,
        { status: 'open', resolved_at: null, updated_at: now() },
        {
          reopenedFrom: was,
        },
      );
      const summary = `Promise reopened (was ${was}): ${await this.#label(trx, row)}`;
      await this.#publish(trx, ctx, w.row, 'reopened', summary, { reopenedFrom: was });
      return w.after;
    });
  }

  /**
   * Agrees a new date with the customer: this promise becomes `renegotiated` and a follow-up promise (same customer,
   * owner and department; linked by `renegotiatedFrom`) takes its place. Open or broken promises can be renegotiated.
   */
  async renegotiate(
    ctx: Ctx,
    id: string,
    input: RenegotiatePromise,
    ifMatch?: number,
  ): Promise<{ previous: CustomerPromise; promise: CustomerPromise }> {
    assertCan(ctx.actor, 'promises', 'update');
    assertCan(ctx.actor, 'promises', 'create');
    return this.#db.transaction().execute(async (trx) => {
      const row = await this.#loadForWrite(ctx, id, trx, ifMatch);
      if (row.status !== 'open' && row.status !== 'broken') throw wrongStatus(row.status, 'open or broken');
      const errors: FieldError[] = [];
      const newDueAt = parseInstant(input.newDueAt, '/newDueAt', errors);
      if (input.description !== undefined && !input.description.trim())
        errors.push({ pointer: '/description', detail: 'is required', in: 'body' });
      if (errors.length > 0) throw validation(errors);
      const note = input.note?.trim() || undefined;
      const t = now();
      const prev = await this.#write(
        trx,
        ctx,
        row,
        { status: 'renegotiated', resolved_at: t, updated_at: t },
        note ? { note } : {},
      );
      const next = await this.#insert(
        trx,
        ctx,
        {
          description: input.description?.trim() ?? row.description,
          person_id: row.person_id,
          company_id: row.company_id,
          subject_kind: row.subject_kind,
          subject_id: row.subject_id,
          owner_id: row.owner_id,
          team_id: row.team_id,
          department: row.department,
          due_at: newDueAt!,
          remind_at: dayBefore(newDueAt!),
          reminded_at: null,
          overdue_notified_at: null,
        },
        row.id,
      );
      const tz = await this.#tz(trx);
      const summary =
        `Promise renegotiated: ${row.description}, due ${shortDate(row.due_at, tz)} → ${shortDate(newDueAt!, tz)}` +
        (note ? `. ${note}` : '');
      await this.#publish(trx, ctx, prev.row, 'renegotiated', summary, {
        newPromiseId: next.row.id,
        newDueAt,
        ...(note ? { note } : {}),
      });
      return { previous: prev.after, promise: next.dto };
    });
  }

  /**
   * Records that the customer was told about a missed or changed promise: logs the message as an activity on the
   * customer (linked to the promise) and sets customerToldAt. Only for broken, renegotiated or overdue promises.
   */
  async tellCustomer(
    ctx: Ctx,
    id: string,
    input: TellCustomer,
  ): Promise<{ promise: CustomerPromise; activityId: string }> {
    assertCan(ctx.actor, 'promises', 'update');
    return this.#db.transaction().execute(async (trx) => {
      const row = await this.#load(ctx, id, trx);
      const t = now();
      const missed = row.status === 'open' && row.due_at < t;
      if (row.status !== 'broken' && row.status !== 'renegotiated' && !missed) {
        throw codedError(
          PROMISES_ERRORS,
          'promises.nothing_to_tell',
          'Conflict',
          `This promise is ${row.status}${row.status === 'open' ? ' and not yet due' : ''}: there is no missed or changed promise to tell the customer about.`,
        );
      }
      const activity = await this.#d.activities.log(
        ctx,
        {
          type: TELL_TYPE[input.channel],
          direction: 'out',
          channel: input.channel,
          department: row.department as Department,
          subject: input.subject?.trim() || `About our promise: ${row.description}`.slice(0, 200),
          body: input.body,
          personId: row.person_id,
          companyId: row.company_id,
          promiseId: row.id,
        },
        trx,
      );
      const w = await this.#write(trx, ctx, row, { customer_told_at: t, updated_at: t }, { activityId: activity.id });
      await this.#publish(
        trx,
        ctx,
        w.row,
        'customer_told',
        `Customer told about the ${row.status === 'open' ? 'missed' : row.status} promise: ${await this.#label(trx, row)}`,
        { activityId: activity.id, channel: input.channel },
      );
      return { promise: w.after, activityId: activity.id };
    });
  }

  // ---------- reminders ----------

  async #claimed(db: Executor, rows: Awaited<ReturnType<typeof repo.claimReminders>>): Promise<ClaimedPromise[]> {
    const [people, companies] = await Promise.all([
      this.#d.people.names(
        rows.map((r) => r.person_id),
        db,
      ),
      this.#d.companies.names(
        rows.map((r) => r.company_id),
        db,
      ),
    ]);
    return rows.map((r) => ({
      id: r.id,
      description: r.description,
      dueAt: r.due_at,
      ownerId: r.owner_id,
      customerName:
        (r.person_id && people.get(r.person_id)) || (r.company_id && companies.get(r.company_id)) || 'the customer',
    }));
  }

  /** Claims due reminders (each once, across app instances) inside the caller's transaction. */
  async claimReminders(db: Executor, at: string, limit = 500): Promise<ClaimedPromise[]> {
    return this.#claimed(db, await repo.claimReminders(db, at, limit, this.#pg));
  }

  /** Claims open promises past due whose owner has not been prompted yet (each once). */
  async claimOverdue(db: Executor, at: string, limit = 500): Promise<ClaimedPromise[]> {
    return this.#claimed(db, await repo.claimOverdue(db, at, limit, this.#pg));
  }
}

/** The flat view of a promise the audit trail compares. */
function snap(p: CustomerPromise): Record<string, unknown> {
  return {
    description: p.description,
    personId: p.personId,
    companyId: p.companyId,
    subjectKind: p.subjectKind,
    subjectId: p.subjectId,
    ownerId: p.ownerId,
    department: p.department,
    dueAt: p.dueAt,
    remindAt: p.remindAt,
    status: p.status,
    customerToldAt: p.customerToldAt,
    renegotiatedFrom: p.renegotiatedFrom,
  };
}
