/**
 * Tasks and reminders: follow-ups with a due time, a reminder, a priority and an assignee, optionally about a person
 * or a company. Visibility is the role's own visibility on tasks (see `taskVisibleTo` in the repository; the kernel
 * reads the same rule from the kind's declaration). Lists, saved views, exports and field history come from the
 * record kernel (`records`); writes (create, update, complete, delete, reminders) are the service's own.
 */
import { type Expression, type SqlBool, sql } from 'kysely';
import type { Database, Executor } from '../../db/database.ts';
import { assertCan, type Ctx, can, visibilityScope } from '../../platform/access/policy.ts';
import type { HistoryEntry } from '../../platform/audit.ts';
import { diff, recordAudit } from '../../platform/audit.ts';
import { codedError, type FieldError, notFound, staleVersion, validation } from '../../platform/errors.ts';
import type { EventBus } from '../../platform/events.ts';
import { newId, now } from '../../platform/ids.ts';
import type { ListPage, ListParams } from '../../platform/lists.ts';
import { RecordKernel } from '../../platform/records/kernel.ts';
import type { LinkTargets } from '../../platform/records/links.ts';
import type { CompaniesService } from '../companies/index.ts';
import { teamBriefs, userBriefs } from '../identity/index.ts';
import type { PeopleService } from '../people/index.ts';
import type { WorkspaceService } from '../workspace/index.ts';
import { dayWindows, shortDate } from './day.ts';
import { TASKS_ERRORS } from './tasks.errors.ts';
import { tasksKind } from './tasks.kind.ts';
import * as repo from './tasks.repository.ts';
import type { CardFacts, CardSubject, CreateTask, Task, TaskListQuery, UpdateTask } from './tasks.schemas.ts';

export interface TasksDeps {
  database: Database;
  events: EventBus;
  workspace: WorkspaceService;
  people: PeopleService;
  companies: CompaniesService;
  /** The kinds a task can be about (typed links). */
  links: LinkTargets;
}

/** A reminder the job claimed, with what its notification needs. */
export interface ClaimedTaskReminder {
  id: string;
  title: string;
  dueAt: string | null;
  assigneeId: string | null;
}

/** Parses an ISO-8601 instant into the stored UTC form; records a field error when it is not one. */
export function parseInstant(
  value: string | null | undefined,
  pointer: string,
  errors: FieldError[],
): string | null | undefined {
  if (value === undefined || value === null) return value;
  const t = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(t)) {
    errors.push({ pointer, detail: 'is not an ISO-8601 date-time', in: 'body' });
    return undefined;
  }
  return new Date(t).toISOString();
}

const notOpen = (status: string) =>
  codedError(
    TASKS_ERRORS,
    'tasks.not_open',
    'Conflict',
    `This task is ${status === 'done' ? 'already done' : status}.`,
  );

/** The name of a linked record or user in an export cell. */
const refName = (v: unknown) => (v as { name?: string } | null | undefined)?.name ?? '';

export class TasksService {
  readonly #d: TasksDeps;
  /** The kernel of the tasks kind: list, saved views' catalogue, export and field history. */
  readonly records: RecordKernel<repo.TaskRow, Task, object>;

  constructor(deps: TasksDeps) {
    this.#d = deps;
    this.records = new RecordKernel<repo.TaskRow, Task, object>(
      tasksKind,
      { ...deps, directory: { userBriefs, teamBriefs } },
      {
        records: (db) => db.selectFrom('tasks').selectAll('tasks') as never,
        toDtos: (ctx, rows, db) => this.#toDtos(ctx, rows, db),
        quickFilter: async (_ctx, q) =>
          sql<SqlBool>`lower(tasks.title) like ${`%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`} escape '\\'`,
        // Writes go through the service (assignee, reminders, completion), never the kernel's create or update.
        normalise: () => ({
          columns: {},
          errors: [{ pointer: '/', detail: 'is written through the tasks routes', in: 'body' }],
        }),
        exportValue: (d, col) =>
          col === 'assignee' || col === 'person' || col === 'company' || col === 'createdBy'
            ? refName(d[col])
            : undefined,
      },
    );
  }

  get #db() {
    return this.#d.database.db;
  }

  #scope(ctx: Ctx) {
    return visibilityScope(ctx.actor, 'tasks');
  }

  // ---------- reads ----------

  async #toDtos(ctx: Ctx, rows: repo.TaskRow[], db: Executor = this.#db): Promise<Task[]> {
    const [users, people, companies] = await Promise.all([
      userBriefs(
        db,
        rows.flatMap((r) => [r.assignee_id, r.created_by]),
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
      title: r.title,
      notes: r.notes,
      dueAt: r.due_at,
      remindAt: r.remind_at,
      remindedAt: r.reminded_at,
      priority: r.priority as Task['priority'],
      status: r.status as Task['status'],
      overdue: r.status === 'open' && r.due_at !== null && r.due_at < t,
      assigneeId: r.assignee_id,
      assignee: ref(users, r.assignee_id),
      teamId: r.team_id,
      personId: r.person_id,
      person: ref(people, r.person_id),
      companyId: r.company_id,
      company: ref(companies, r.company_id),
      subjectKind: r.subject_kind,
      subjectId: r.subject_id,
      createdById: r.created_by,
      createdBy: ref(users, r.created_by),
      completedAt: r.completed_at,
      version: r.version,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }));
  }

  async #load(ctx: Ctx, id: string, db: Executor): Promise<repo.TaskRow> {
    const row = await repo.findVisible(db, this.#scope(ctx), id);
    if (!row) throw notFound('tasks');
    return row;
  }

  /** The record as a link target (typed links): its person/company anchors if the actor may see it, in `db`. */
  async linkAnchors(
    ctx: Ctx,
    db: Executor,
    id: string,
  ): Promise<{ personId: string | null; companyId: string | null } | undefined> {
    if (!can(ctx.actor, 'tasks', 'read')) return undefined;
    const row = await this.#load(ctx, id, db).catch(() => undefined);
    return row ? { personId: row.person_id, companyId: row.company_id } : undefined;
  }
  async get(ctx: Ctx, id: string): Promise<Task> {
    assertCan(ctx.actor, 'tasks', 'read');
    return (await this.#toDtos(ctx, [await this.#load(ctx, id, this.#db)]))[0]!;
  }

  /**
   * A page of tasks: the kernel's list (filters and sorts from the field catalogue, keyset pages, a capped count) with
   * the list's own parameters (assignee, status, due window, person, company, linked record) as further conditions.
   */
  async list(ctx: Ctx, query: TaskListQuery): Promise<ListPage<Task>> {
    assertCan(ctx.actor, 'tasks', 'read');
    const where: Expression<SqlBool>[] = [];
    if (query.assignee) {
      where.push(sql<SqlBool>`tasks.assignee_id = ${query.assignee === 'me' ? ctx.actor.id : query.assignee}`);
    }
    if (query.status) where.push(sql<SqlBool>`tasks.status = ${query.status}`);
    if (query.personId) where.push(sql<SqlBool>`tasks.person_id = ${query.personId}`);
    if (query.companyId) where.push(sql<SqlBool>`tasks.company_id = ${query.companyId}`);
    if (query.subjectKind) where.push(sql<SqlBool>`tasks.subject_kind = ${query.subjectKind}`);
    if (query.subjectId) where.push(sql<SqlBool>`tasks.subject_id = ${query.subjectId}`);
    if (query.due) {
      const t = now();
      const w = dayWindows(new Date(t), (await this.#d.workspace.get()).timezone);
      if (query.due === 'overdue') where.push(sql<SqlBool>`(tasks.status = 'open' and tasks.due_at < ${t})`);
      else {
        const until = query.due === 'today' ? w.tomorrowStart : w.weekEnd;
        where.push(sql<SqlBool>`(tasks.due_at >= ${w.todayStart} and tasks.due_at < ${until})`);
      }
    }
    const { filter, sort, q, limit, cursor } = query;
    return this.records.list(ctx, { filter, sort, q, limit, cursor }, where);
  }

  /** Field history of a task (what each update changed, and who). */
  history(ctx: Ctx, id: string): Promise<HistoryEntry[]> {
    return this.records.history(ctx, id);
  }

  /** CSV of the matching tasks the actor may see (the list's filters; `export` on tasks). Audited. */
  exportCsv(ctx: Ctx, params: ListParams, columns: string[] | undefined) {
    return this.records.exportCsv(ctx, params, columns);
  }

  /** The actor's open tasks due before `until` (overdue first), for "My day". Empty without tasks read. */
  async agenda(
    ctx: Ctx,
    at: string,
    until: string,
    limit = 50,
  ): Promise<{ data: Task[]; overdue: number; upcoming: number }> {
    if (!can(ctx.actor, 'tasks', 'read')) return { data: [], overdue: 0, upcoming: 0 };
    const r = await repo.agenda(this.#db, ctx.actor.id, at, until, limit);
    return { data: await this.#toDtos(ctx, r.rows), overdue: r.overdue, upcoming: r.upcoming };
  }

  /**
   * Context-card facts for a page of people or companies: open and overdue task counts per record, within what the
   * actor may see. One grouped query.
   */
  async cardFacts(ctx: Ctx, subject: CardSubject, db: Executor = this.#db): Promise<Map<string, CardFacts>> {
    const out = new Map<string, CardFacts>();
    if (!can(ctx.actor, 'tasks', 'read') || subject.ids.length === 0) return out;
    const column = subject.kind === 'people' ? 'person_id' : 'company_id';
    for (const r of await repo.cardCounts(db, this.#scope(ctx), column, subject.ids, now())) {
      out.set(r.id, {
        counts: { openTasks: r.open, overdueTasks: r.overdue },
        flags: [],
      });
    }
    return out;
  }

  // ---------- writes ----------

  /** Validates and normalises a create/update input into row columns; throws 422 naming each bad field. */
  async #prepare(ctx: Ctx, db: Executor, input: UpdateTask, existing: repo.TaskRow | undefined) {
    const errors: FieldError[] = [];
    const title = input.title?.trim();
    if (input.title !== undefined && !title) errors.push({ pointer: '/title', detail: 'is required', in: 'body' });
    const dueAt = parseInstant(input.dueAt, '/dueAt', errors);
    const remindAt = parseInstant(input.remindAt, '/remindAt', errors);
    const assigneeId = input.assigneeId ?? existing?.assignee_id ?? ctx.actor.id;
    let teamId = existing?.team_id ?? null;
    if (input.assigneeId !== undefined || !existing) {
      const assignee = (await userBriefs(db, [assigneeId])).get(assigneeId);
      if (!assignee?.active) errors.push({ pointer: '/assigneeId', detail: 'is not an active user', in: 'body' });
      else teamId = assignee.teamIds[0] ?? null;
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
    if (errors.length > 0) throw validation(errors);
    const remindChanged = remindAt !== undefined && remindAt !== existing?.remind_at;
    return {
      title,
      notes: input.notes === undefined ? undefined : input.notes?.trim() || null,
      due_at: dueAt,
      remind_at: remindAt,
      // A new reminder time arms the reminder again.
      reminded_at: remindChanged ? null : undefined,
      priority: input.priority,
      assignee_id: assigneeId,
      team_id: teamId,
      person_id: link?.person_id,
      company_id: link?.company_id,
      subject_kind: link?.subject_kind,
      subject_id: link?.subject_id,
    };
  }

  /** Where a task's timeline entries go: its person (whose company's timeline shows it too) and/or its company. */
  async #timelineTarget(ctx: Ctx, db: Executor, row: repo.TaskRow) {
    const person = row.person_id ? (await this.#d.people.briefs(ctx, [row.person_id], db)).get(row.person_id) : null;
    return {
      personId: row.person_id,
      companyId: row.company_id ?? person?.companyId ?? null,
      subjectKind: row.subject_kind,
      subjectId: row.subject_id,
    };
  }

  async create(ctx: Ctx, input: CreateTask): Promise<Task> {
    assertCan(ctx.actor, 'tasks', 'create');
    return this.#db.transaction().execute(async (trx) => {
      const p = await this.#prepare(ctx, trx, input, undefined);
      const id = newId();
      const t = now();
      await repo.insert(trx, {
        id,
        title: p.title!,
        notes: p.notes ?? null,
        due_at: p.due_at ?? null,
        remind_at: p.remind_at ?? null,
        reminded_at: null,
        status: 'open',
        priority: p.priority ?? 'normal',
        assignee_id: p.assignee_id,
        team_id: p.team_id,
        person_id: p.person_id ?? null,
        company_id: p.company_id ?? null,
        subject_kind: p.subject_kind ?? null,
        subject_id: p.subject_id ?? null,
        created_by: ctx.actor.id,
        completed_at: null,
        created_at: t,
        updated_at: t,
      });
      const row = (await repo.findById(trx, id))!;
      const dto = (await this.#toDtos(ctx, [row], trx))[0]!;
      await recordAudit(trx, ctx, { action: 'create', object: 'tasks', recordId: id, changes: diff({}, snap(dto)) });
      const tz = (await this.#d.workspace.get(trx)).timezone;
      const due = dto.dueAt ? ` (due ${shortDate(dto.dueAt, tz)})` : '';
      await this.#d.events.publish(trx, ctx, {
        type: 'task.created',
        object: 'tasks',
        recordId: id,
        payload: { taskId: id, assigneeId: dto.assigneeId, personId: dto.personId, companyId: dto.companyId },
        timeline: {
          summary: `Task for ${dto.assignee?.name ?? 'nobody'}: ${dto.title}${due}`,
          ...(await this.#timelineTarget(ctx, trx, row)),
        },
      });
      return dto;
    });
  }

  async update(ctx: Ctx, id: string, input: UpdateTask, ifMatch?: number): Promise<Task> {
    assertCan(ctx.actor, 'tasks', 'update');
    return this.#db.transaction().execute(async (trx) => {
      const row = await this.#load(ctx, id, trx);
      if (ifMatch !== undefined && ifMatch !== row.version) throw staleVersion(row.version);
      const p = await this.#prepare(ctx, trx, input, row);
      const status = input.status ?? row.status;
      const completing = status === 'done' && row.status !== 'done';
      await this.#write(trx, ctx, row, {
        ...p,
        status,
        completed_at: status === 'done' ? (completing ? now() : row.completed_at) : null,
      });
      return completing ? this.#afterComplete(trx, ctx, id) : this.#afterUpdate(trx, ctx, row);
    });
  }

  async complete(ctx: Ctx, id: string, ifMatch?: number): Promise<Task> {
    assertCan(ctx.actor, 'tasks', 'update');
    return this.#db.transaction().execute(async (trx) => {
      const row = await this.#load(ctx, id, trx);
      if (ifMatch !== undefined && ifMatch !== row.version) throw staleVersion(row.version);
      if (row.status !== 'open') throw notOpen(row.status);
      await this.#write(trx, ctx, row, { status: 'done', completed_at: now() });
      return this.#afterComplete(trx, ctx, id);
    });
  }

  /** Writes a change guarded by the version read (412 when someone else wrote first) and audits it. */
  async #write(
    trx: Executor,
    ctx: Ctx,
    row: repo.TaskRow,
    patch: Parameters<typeof repo.updateVersioned>[3],
  ): Promise<void> {
    const before = (await this.#toDtos(ctx, [row], trx))[0]!;
    if (!(await repo.updateVersioned(trx, row.id, row.version, { ...patch, updated_at: now() })))
      throw staleVersion(row.version + 1);
    const after = (await this.#toDtos(ctx, [(await repo.findById(trx, row.id))!], trx))[0]!;
    await recordAudit(trx, ctx, {
      action: 'update',
      object: 'tasks',
      recordId: row.id,
      changes: diff(snap(before), snap(after)),
    });
  }

  async #afterUpdate(trx: Executor, ctx: Ctx, before: repo.TaskRow): Promise<Task> {
    const row = (await repo.findById(trx, before.id))!;
    const dto = (await this.#toDtos(ctx, [row], trx))[0]!;
    await this.#d.events.publish(trx, ctx, {
      type: 'task.updated',
      object: 'tasks',
      recordId: row.id,
      payload: { taskId: row.id, status: row.status, previousStatus: before.status },
    });
    return dto;
  }

  async #afterComplete(trx: Executor, ctx: Ctx, id: string): Promise<Task> {
    const row = (await repo.findById(trx, id))!;
    const dto = (await this.#toDtos(ctx, [row], trx))[0]!;
    await this.#d.events.publish(trx, ctx, {
      type: 'task.completed',
      object: 'tasks',
      recordId: id,
      payload: { taskId: id, assigneeId: dto.assigneeId, personId: dto.personId, companyId: dto.companyId },
      timeline: { summary: `Task done: ${dto.title}`, ...(await this.#timelineTarget(ctx, trx, row)) },
    });
    return dto;
  }

  async remove(ctx: Ctx, id: string, ifMatch?: number): Promise<void> {
    assertCan(ctx.actor, 'tasks', 'delete');
    await this.#db.transaction().execute(async (trx) => {
      const row = await this.#load(ctx, id, trx);
      if (ifMatch !== undefined && ifMatch !== row.version) throw staleVersion(row.version);
      const before = (await this.#toDtos(ctx, [row], trx))[0]!;
      if (!(await repo.deleteVersioned(trx, id, row.version))) throw staleVersion(row.version + 1);
      await recordAudit(trx, ctx, { action: 'delete', object: 'tasks', recordId: id, changes: diff(snap(before), {}) });
      await this.#d.events.publish(trx, ctx, {
        type: 'task.deleted',
        object: 'tasks',
        recordId: id,
        payload: { taskId: id },
      });
    });
  }

  // ---------- reminders ----------

  /** Claims due reminders (each once, across app instances) inside the caller's transaction. */
  async claimReminders(db: Executor, at: string, limit = 500): Promise<ClaimedTaskReminder[]> {
    const rows = await repo.claimReminders(db, at, limit, this.#d.database.dialect === 'postgres');
    return rows.map((r) => ({ id: r.id, title: r.title, dueAt: r.due_at, assigneeId: r.assignee_id }));
  }
}

/** The flat view of a task the audit trail compares. */
function snap(t: Task): Record<string, unknown> {
  return {
    title: t.title,
    notes: t.notes,
    dueAt: t.dueAt,
    remindAt: t.remindAt,
    priority: t.priority,
    status: t.status,
    assigneeId: t.assigneeId,
    personId: t.personId,
    companyId: t.companyId,
    subjectKind: t.subjectKind,
    subjectId: t.subjectId,
  };
}
