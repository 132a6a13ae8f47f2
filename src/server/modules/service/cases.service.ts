/**
 * Cases: a kind of record on the kernel (list, get, create, update with version guard and row lock, delete, restore,
 * history, export, audit, events, search document), with service's own rules as hooks. A case is numbered `C-1001`,
 * `C-1002`, … in its create transaction; its case type gives the default priority and queue and the fields it must
 * have; its status moves new → open → pending customer → resolved → closed (and back to open: a reopen, counted);
 * every status change is on the timeline of the case, its person and its company (`case.status_changed`). Its SLA
 * clocks (`sla.service.ts`) are kept on the row after every write, so queues sort by the next due time and the breach
 * list is one indexed range.
 */
import { type SqlBool, sql } from 'kysely';
import { type Database, type Executor, inTransaction } from '../../db/database.ts';
import { type Ctx, can, canReadField } from '../../platform/access/policy.ts';
import type { HistoryEntry } from '../../platform/audit.ts';
import { AppError, type FieldError, validation } from '../../platform/errors.ts';
import type { EventBus } from '../../platform/events.ts';
import { now } from '../../platform/ids.ts';
import type { FieldSpec, ListPage, ListParams } from '../../platform/lists.ts';
import { renderMarkdown } from '../../platform/markdown.ts';
import { type KernelDeps, RecordKernel } from '../../platform/records/kernel.ts';
import type { SearchDocument } from '../../platform/search/documents.ts';
import type { CompaniesService } from '../companies/index.ts';
import type { CustomFieldsService } from '../custom-fields/index.ts';
import { teamBriefs, userBriefs } from '../identity/index.ts';
import type { PeopleService } from '../people/index.ts';
import type { WorkspaceService } from '../workspace/index.ts';
import type { CaseTypesService } from './case-types.service.ts';
import { casesKind } from './cases.kind.ts';
import * as repo from './cases.repository.ts';
import type { Case, CaseStatus, CreateCase, UpdateCase } from './cases.schemas.ts';
import { serviceError } from './service.errors.ts';
import type { ServiceSettingsService } from './service-settings.service.ts';
import { nextValue } from './sla.repository.ts';
import type { SlaService } from './sla.service.ts';
import { SLA_WARNING_MINUTES } from './sla-warnings.job.ts';

export interface CasesDeps {
  database: Database;
  events: EventBus;
  workspace: WorkspaceService;
  customFields: CustomFieldsService;
  people: PeopleService;
  companies: CompaniesService;
  caseTypes: CaseTypesService;
  sla: SlaService;
  settings: ServiceSettingsService;
}

/** What the kernel is given: the API input, plus the reference the create transaction numbered. */
type CaseInput = UpdateCase & { reference?: string };

interface CaseExtra {
  statusChange?: {
    from: CaseStatus | null;
    to: CaseStatus;
    /** On a reopen: when the resolution being undone happened, and whether it was a first-contact resolution. */
    undone?: { resolvedAt: string; firstContact: boolean };
  };
}

/**
 * A resolution is at first contact when it is the case's first, the case never waited on its customer, and it took at
 * most one exchange with the customer (`exchange_count`: replies sent to them plus their messages after the first).
 * A phone call resolved on the call has none; an email answered once, one; a reply, the customer's answer and a second
 * reply, three.
 */
export const firstContact = (row: {
  reopen_count: number | string;
  pending_count?: number | string | null;
  exchange_count?: number | string | null;
}) => Number(row.reopen_count) === 0 && Number(row.pending_count ?? 0) === 0 && Number(row.exchange_count ?? 0) <= 1;

/** The queue views of the case list. */
export const CASE_QUEUES = ['mine', 'team', 'unassigned', 'breaching', 'pending', 'all'] as const;
export type CaseQueue = (typeof CASE_QUEUES)[number];

/**
 * A reopen within this many days of a first-contact resolution takes the FCR flag back, until Settings → Service says
 * otherwise (`service_settings.fcr_reopen_days`); each reopen's event carries the window in force (`fcrWindowDays`).
 */
export const FCR_REOPEN_WINDOW_DAYS = 7;

/** A closed case may be reopened this many days after it was closed; later, open a new case related to it. */
export const REOPEN_CLOSED_WITHIN_DAYS = 30;
const DAY_MS = 86_400_000;
/**
 * `sla_due_at` of a case with no clock running: after every real due time, so `sort=slaDue` puts it last on both
 * databases (NULLs sort first on SQLite and last on PostgreSQL) and the queue index serves the ORDER BY as is.
 */
export const NO_CLOCK = '9999-12-31T23:59:59.999Z';

/** Where each status may go. Reopening (resolved or closed → open) is counted on the case. */
const TRANSITIONS: Record<CaseStatus, readonly CaseStatus[]> = {
  new: ['open', 'pending_customer', 'resolved', 'closed'],
  open: ['pending_customer', 'resolved', 'closed'],
  pending_customer: ['open', 'resolved', 'closed'],
  resolved: ['open', 'closed'],
  closed: ['open'],
};

const STATUS_LABEL: Record<CaseStatus, string> = {
  new: 'New',
  open: 'Open',
  pending_customer: 'Pending customer',
  resolved: 'Resolved',
  closed: 'Closed',
};

/**
 * The pure validation and normalisation of a case input (no database: an importer reuses it): row columns, the status
 * change for the after-write hook, and problems naming each bad field. `at` is the write's time.
 */
export function normaliseCase(
  input: CaseInput,
  existing: repo.CaseRow | undefined,
  at: string = now(),
): { columns: Record<string, unknown>; extra: CaseExtra; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const err = (pointer: string, detail: string) => errors.push({ pointer, detail, in: 'body' });
  if (input.subject !== undefined && input.subject.trim() === '') err('/subject', 'is required');
  let openedAt: string | undefined;
  if (input.openedAt !== undefined) {
    const t = Date.parse(input.openedAt);
    if (Number.isNaN(t)) err('/openedAt', 'is not a date-time');
    else if (t > Date.parse(at) + 5 * 60_000) err('/openedAt', 'is in the future');
    else openedAt = new Date(t).toISOString();
  }
  const from = (existing?.status ?? null) as CaseStatus | null;
  const to = input.status ?? (existing ? undefined : 'new');
  const columns: Record<string, unknown> = {
    reference: input.reference,
    subject: input.subject?.trim(),
    description: input.description === undefined ? undefined : input.description?.trim() || null,
    channel: input.channel,
    case_type_id: input.caseTypeId,
    priority: input.priority,
    person_id: input.personId,
    company_id: input.companyId,
    related_case_ids: input.relatedCaseIds ? JSON.stringify([...new Set(input.relatedCaseIds)]) : undefined,
    tags: input.tags ? JSON.stringify([...new Set(input.tags.map((t) => t.trim()))]) : undefined,
    opened_at: openedAt ?? (existing ? undefined : at),
  };
  let statusChange: CaseExtra['statusChange'];
  if (to !== undefined && to !== from) {
    if (from !== null && !TRANSITIONS[from].includes(to)) {
      err('/status', `cannot go from ${from} to ${to}`);
    } else if (from === 'closed' && existing?.closed_at) {
      const days = (Date.parse(at) - Date.parse(existing.closed_at)) / DAY_MS;
      if (days > REOPEN_CLOSED_WITHIN_DAYS) {
        err('/status', `was closed more than ${REOPEN_CLOSED_WITHIN_DAYS} days ago: open a new related case`);
      }
    }
    columns.status = to;
    statusChange = { from, to };
    if (existing?.resolved_at && to === 'open' && (from === 'resolved' || from === 'closed')) {
      statusChange.undone = { resolvedAt: existing.resolved_at, firstContact: firstContact(existing) };
    }
    // The first move out of "new" is the first response (the first outbound message, when messages arrive).
    if (from !== null && from === 'new' && !existing?.first_responded_at) columns.first_responded_at = at;
    if (to === 'resolved') columns.resolved_at = at;
    if (to === 'closed') {
      columns.closed_at = at;
      if (!existing?.resolved_at) columns.resolved_at = at;
    }
    if (to === 'open' && (from === 'resolved' || from === 'closed')) {
      columns.resolved_at = null;
      columns.closed_at = null;
      columns.reopen_count = (existing?.reopen_count ?? 0) + 1;
    }
    if (to === 'pending_customer') {
      columns.sla_paused_at = at;
      columns.pending_count = Number(existing?.pending_count ?? 0) + 1;
    }
  }
  return { columns, extra: statusChange ? { statusChange } : {}, errors };
}

export class CasesService {
  readonly #d: CasesDeps;
  readonly records: RecordKernel<repo.CaseRecord, Case, CaseInput, CaseExtra>;

  constructor(deps: CasesDeps) {
    this.#d = deps;
    this.records = new RecordKernel<repo.CaseRecord, Case, CaseInput, CaseExtra>(
      casesKind,
      {
        ...deps,
        customFields: deps.customFields as unknown as KernelDeps['customFields'],
        directory: { userBriefs, teamBriefs },
      },
      {
        records: (db, ctx) => repo.records(db, deps.companies.visibleNameSql(ctx, 'cases.company_id')),
        toDtos: (ctx, rows, db) => this.#hydrate(ctx, rows, db),
        quickFilter: async (_ctx, q) => {
          const like = `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
          return sql<SqlBool>`(lower(cases.subject) like ${like} escape '\\' or lower(cases.reference) like ${like} escape '\\')`;
        },
        normalise: (input, existing) => normaliseCase(input, existing),
        check: (ctx, db, input, existing) => this.#check(ctx, db, input, existing),
        afterWrite: (trx, id, extra, ctx) => this.#afterWrite(trx, id, extra, ctx),
        searchDocument: async (db, id) => {
          const row = await repo.findRow(db, id);
          return row ? caseSearchDocument(row) : undefined;
        },
        createdLine: (c) => caseOpenedLine(c),
        updatedLine: (before, after, changes) => {
          const notable: string[] = [];
          if (changes.priority) notable.push(`Priority: ${before.priority} → ${after.priority}`);
          if (changes.ownerId)
            notable.push(`Assignee: ${before.owner?.name ?? 'nobody'} → ${after.owner?.name ?? 'nobody'}`);
          if (changes.teamId) notable.push(`Queue: ${before.team?.name ?? 'none'} → ${after.team?.name ?? 'none'}`);
          if (changes.subject) notable.push(`Subject: ${after.subject}`);
          // Status changes have their own entry (case.status_changed).
          return notable.length > 0 ? `Case ${after.reference}: ${notable.join('; ')}` : undefined;
        },
        eventPayload: (c) => ({
          caseId: c.id,
          reference: c.reference,
          status: c.status,
          priority: c.priority,
          channel: c.channel,
          caseTypeId: c.caseTypeId,
          personId: c.personId,
          companyId: c.companyId,
          ownerId: c.ownerId,
          teamId: c.teamId,
          openedAt: c.openedAt,
        }),
        exportValue: (c, col) => {
          if (col === 'caseType') return c.caseType?.name ?? '';
          if (col === 'person') return c.person?.name ?? '';
          if (col === 'company') return c.company?.name ?? '';
          return undefined;
        },
      },
    );
  }

  get #db() {
    return this.#d.database.db;
  }

  fieldSpecs(ctx: Ctx): Promise<FieldSpec[]> {
    return this.records.fieldSpecs(ctx);
  }

  // ---------- reads ----------

  async #hydrate(ctx: Ctx, rows: repo.CaseRecord[], db: Executor): Promise<Case[]> {
    const namesShown = ['firstName', 'lastName'].every((f) => canReadField(ctx.actor, 'people', f));
    const briefs = await this.#d.people.briefs(ctx, [...new Set(rows.map((r) => r.person_id))], db);
    const t = Date.now();
    return rows.map((r) => {
      const paused = r.sla_paused_at !== null;
      const late = (done: string | null, due: string | null) =>
        due !== null && (done !== null ? Date.parse(done) > Date.parse(due) : !paused && t > Date.parse(due));
      const person = r.person_id ? briefs.get(r.person_id) : undefined;
      return {
        id: r.id,
        reference: r.reference,
        subject: r.subject,
        description: r.description,
        channel: r.channel as Case['channel'],
        caseTypeId: r.case_type_id,
        caseType: r.case_type_id && r.case_type_name !== null ? { id: r.case_type_id, name: r.case_type_name } : null,
        processHtml: r.case_type_process ? renderMarkdown(r.case_type_process) : null,
        priority: r.priority as Case['priority'],
        status: r.status as CaseStatus,
        ownerId: r.owner_id,
        owner: r.owner_id && r.owner_name !== null ? { id: r.owner_id, name: r.owner_name } : null,
        teamId: r.team_id,
        team: r.team_id && r.team_name !== null ? { id: r.team_id, name: r.team_name } : null,
        personId: r.person_id,
        // A person the reader may not see stays on the case without a name.
        person: r.person_id && person && namesShown ? { id: r.person_id, name: person.name } : null,
        companyId: r.company_id,
        company: r.company_id && r.company_name !== null ? { id: r.company_id, name: r.company_name } : null,
        relatedCaseIds: JSON.parse(r.related_case_ids) as string[],
        tags: JSON.parse(r.tags) as string[],
        customFields: JSON.parse(r.custom_fields) as Record<string, unknown>,
        openedAt: r.opened_at,
        firstRespondedAt: r.first_responded_at,
        resolvedAt: r.resolved_at,
        closedAt: r.closed_at,
        reopenCount: Number(r.reopen_count),
        exchangeCount: Number(r.exchange_count ?? 0),
        sla: {
          policyId: r.sla_policy_id,
          firstResponseDueAt: r.first_response_due_at,
          resolutionDueAt: r.resolution_due_at,
          firstResponseBreached: late(r.first_responded_at, r.first_response_due_at),
          resolutionBreached: late(r.resolved_at, r.resolution_due_at),
          paused,
        },
        version: r.version,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
        deletedAt: r.deleted_at,
      };
    });
  }

  /**
   * Lists cases; `queue` narrows to a queue view (mine: assigned to the reader; team: in the reader's teams' queues;
   * unassigned: in no one's hands; breaching: open with a due time within the warning window, not yet passed;
   * pending: waiting on the customer) and `sort=slaDue` puts the nearest due time first.
   */
  list(ctx: Ctx, params: ListParams & { queue?: CaseQueue }): Promise<ListPage<Case>> {
    const { queue, ...rest } = params;
    const filters = rest.filter === undefined ? [] : Array.isArray(rest.filter) ? [...rest.filter] : [rest.filter];
    if (queue === 'mine') filters.push(`ownerId:eq:${ctx.actor.id}`);
    if (queue === 'unassigned') filters.push('ownerId:empty');
    if (queue === 'pending') filters.push('status:eq:pending_customer');
    if (queue === 'breaching') {
      const at = Date.parse(now());
      filters.push(
        'status:in:new|open',
        `slaDue:gte:${new Date(at).toISOString()}`,
        `slaDue:lte:${new Date(at + SLA_WARNING_MINUTES * 60_000).toISOString()}`,
      );
    }
    if (queue === 'team') {
      // No team: no queue of one's own, so nothing matches.
      filters.push(ctx.actor.teamIds.length > 0 ? `teamId:in:${ctx.actor.teamIds.join('|')}` : 'teamId:eq:-');
    }
    return this.records.list(ctx, { ...rest, filter: filters.length > 0 ? filters : undefined });
  }

  /** Open cases the reader may see that are past a due time (a first response or a resolution), the most late first. */
  breaches(ctx: Ctx, params: ListParams): Promise<ListPage<Case>> {
    const filters =
      params.filter === undefined ? [] : Array.isArray(params.filter) ? [...params.filter] : [params.filter];
    filters.push(`slaDue:lt:${now()}`);
    return this.records.list(ctx, { ...params, filter: filters, sort: params.sort ?? 'slaDue' });
  }

  get(ctx: Ctx, id: string): Promise<Case> {
    return this.records.get(ctx, id);
  }

  history(ctx: Ctx, id: string): Promise<HistoryEntry[]> {
    return this.records.history(ctx, id);
  }

  // ---------- writes ----------

  /**
   * Opens a case: numbered in the same transaction; its case type gives the default priority and queue. Given `db` (a
   * caller's transaction: inbound email) it writes in that one.
   */
  async create(ctx: Ctx, input: CreateCase, db?: Executor): Promise<Case> {
    const type = input.caseTypeId ? await this.#d.caseTypes.find(input.caseTypeId, db) : undefined;
    return inTransaction(this.#db, db, async (trx) => {
      const reference = `C-${await nextValue(trx, 'cases')}`;
      return this.records.create(
        ctx,
        {
          ...input,
          reference,
          priority: input.priority ?? type?.defaultPriority ?? 'normal',
          // A new case is in no one's hands unless it is given to someone; it lands in its type's queue.
          ownerId: input.ownerId ?? null,
          teamId: input.teamId !== undefined ? input.teamId : (type?.defaultQueueId ?? undefined),
        },
        trx,
      );
    });
  }

  update(ctx: Ctx, id: string, input: UpdateCase, ifMatch?: number): Promise<Case> {
    return this.records.update(ctx, id, input, ifMatch);
  }

  remove(ctx: Ctx, id: string, ifMatch?: number): Promise<void> {
    return this.records.remove(ctx, id, ifMatch);
  }

  restore(ctx: Ctx, id: string): Promise<Case> {
    return this.records.restore(ctx, id);
  }

  /**
   * The same change on several cases, in one transaction, each through the kernel's update (its checks, history,
   * events and timelines). One refused case refuses them all; the problem names every case refused by its index.
   */
  async bulkUpdate(ctx: Ctx, ids: string[], set: UpdateCase): Promise<number> {
    const refused: FieldError[] = [];
    await this.#db.transaction().execute(async (trx) => {
      for (const [i, id] of ids.entries()) {
        try {
          await this.records.update(ctx, id, set, undefined, trx);
        } catch (e) {
          if (!(e instanceof AppError) || e.status >= 500) throw e;
          const why =
            e.status === 404
              ? 'is not a case you may see'
              : (e.errors?.map((f) => `${f.pointer.slice(1)} ${f.detail}`).join('; ') ?? e.detail ?? e.title);
          refused.push({ pointer: `/ids/${i}`, detail: why, in: 'body' });
        }
      }
      if (refused.length > 0)
        throw validation(refused, `${refused.length} of ${ids.length} cases cannot change that way; none was changed.`);
    });
    return ids.length;
  }

  exportCsv(ctx: Ctx, params: ListParams, columns: string[] | undefined): Promise<{ csv: string; rows: number }> {
    return this.records.exportCsv(ctx, params, columns);
  }

  /** A case a task, promise or activity may be linked to: visible to the actor; anchored to its person and company. */
  /** How many of a company's cases are open (for churn risk: open complaints), whoever may see them. */
  openCountForCompany(companyId: string, db: Executor = this.#d.database.db): Promise<number> {
    return repo.openCountForCompany(db, companyId);
  }

  /** The same for many companies at once (companies without an open case are absent). */
  openCountsForCompanies(companyIds: string[], db: Executor = this.#d.database.db): Promise<Map<string, number>> {
    return repo.openCountsForCompanies(db, companyIds);
  }

  async linkAnchors(
    ctx: Ctx,
    db: Executor,
    id: string,
  ): Promise<{ personId: string | null; companyId: string | null } | undefined> {
    if (!can(ctx.actor, 'cases', 'read')) return undefined;
    const [row] = await this.records.findRecords(ctx, [id], db, { scope: this.records.scope(ctx), live: true });
    return row ? { personId: row.person_id, companyId: row.company_id } : undefined;
  }

  // ---------- hooks ----------

  async #check(ctx: Ctx, db: Executor, input: CaseInput, existing: repo.CaseRow | undefined): Promise<FieldError[]> {
    const errors: FieldError[] = [];
    const err = (pointer: string, detail: string) => errors.push({ pointer, detail, in: 'body' });
    const typeId = input.caseTypeId !== undefined ? input.caseTypeId : (existing?.case_type_id ?? null);
    const type = typeId ? await this.#d.caseTypes.find(typeId, db) : undefined;
    if (input.caseTypeId && input.caseTypeId !== existing?.case_type_id && (!type || type.archived)) {
      err('/caseTypeId', 'is not an active case type');
    }
    if (input.personId && input.personId !== existing?.person_id) {
      if (!(await this.#d.people.briefs(ctx, [input.personId], db)).has(input.personId)) {
        err('/personId', 'is not a person you can see');
      }
    }
    if (input.companyId && input.companyId !== existing?.company_id) {
      if (!(await this.#d.companies.isVisible(ctx, input.companyId, db)))
        err('/companyId', 'is not a company you can see');
    }
    if (input.relatedCaseIds?.length) {
      const before = new Set(existing ? (JSON.parse(existing.related_case_ids) as string[]) : []);
      const asked = input.relatedCaseIds.filter((id) => !before.has(id));
      const visible = new Set(
        (await this.records.findRecords(ctx, asked, db, { scope: this.records.scope(ctx), live: true })).map(
          (r) => r.id,
        ),
      );
      input.relatedCaseIds.forEach((id, i) => {
        if (existing && id === existing.id) err(`/relatedCaseIds/${i}`, 'is this case');
        else if (!before.has(id) && !visible.has(id)) err(`/relatedCaseIds/${i}`, 'is not a case you can see');
      });
    }
    if (errors.length > 0 || !type) return errors;

    // A case of a type must have what the type requires, after the write (checked when the type is set or changes).
    if (existing && (input.caseTypeId === undefined || input.caseTypeId === existing.case_type_id)) return [];
    const has = (v: unknown) => v !== null && v !== undefined && !(typeof v === 'string' && v.trim() === '');
    const pick = (key: 'description' | 'personId' | 'companyId' | 'ownerId', column: keyof repo.CaseRow) =>
      input[key] !== undefined ? input[key] : existing?.[column];
    const missing: FieldError[] = [];
    for (const field of type.requiredFields) {
      if (field.startsWith('cf.')) {
        const key = field.slice(3);
        const stored = existing ? (JSON.parse(existing.custom_fields) as Record<string, unknown>)[key] : undefined;
        const value = input.customFields && key in input.customFields ? input.customFields[key] : stored;
        if (!has(value))
          missing.push({ pointer: `/customFields/${key}`, detail: `is required for ${type.name}`, in: 'body' });
      } else {
        const column = {
          description: 'description',
          personId: 'person_id',
          companyId: 'company_id',
          ownerId: 'owner_id',
        }[field] as keyof repo.CaseRow | undefined;
        if (column && !has(pick(field as 'description', column))) {
          missing.push({ pointer: `/${field}`, detail: `is required for ${type.name}`, in: 'body' });
        }
      }
    }
    if (missing.length > 0) {
      throw serviceError(
        'cases.requirements',
        'Case type requirements not met',
        `A ${type.name} case needs: ${missing.map((m) => m.pointer.slice(1)).join(', ')}.`,
        missing,
      );
    }
    return [];
  }

  /** Keeps the SLA clocks on the row and publishes a status change on the timelines of the case and its customer. */
  async #afterWrite(trx: Executor, id: string, extra: CaseExtra | undefined, ctx: Ctx | undefined): Promise<void> {
    const row = (await repo.findRow(trx, id))!;
    const change = extra?.statusChange;
    let pausedMinutes = Number(row.sla_paused_minutes);
    let pausedAt = row.sla_paused_at;
    if (change && change.from === 'pending_customer' && pausedAt) {
      // The wait on the customer is over: its business minutes move both due times on.
      pausedMinutes += await this.#d.sla.businessMinutes(pausedAt, row.updated_at, trx);
      pausedAt = null;
    }
    const fcrWindowDays = change?.undone ? (await this.#d.settings.get(trx)).fcrReopenDays : undefined;
    const clocks = await this.#d.sla.clocks(
      { priority: row.priority, caseTypeId: row.case_type_id, openedAt: row.opened_at, pausedMinutes, pausedAt },
      trx,
    );
    // Once answered, the first-response clock is history: later waits and changes do not move it.
    if (row.first_responded_at && row.first_response_due_at) clocks.firstResponseDueAt = row.first_response_due_at;
    const done = row.status === 'resolved' || row.status === 'closed';
    const next = row.first_responded_at ? clocks.resolutionDueAt : clocks.firstResponseDueAt;
    await repo.setFacts(trx, id, {
      sla_paused_minutes: pausedMinutes,
      sla_paused_at: pausedAt,
      sla_policy_id: clocks.policyId,
      first_response_due_at: clocks.firstResponseDueAt,
      resolution_due_at: clocks.resolutionDueAt,
      // Resolved, closed and waiting cases (and those without a policy) are not racing a clock: they sort last.
      sla_due_at: done || pausedAt || !next ? NO_CLOCK : next,
    });
    if (!change || change.from === null) return; // A new case's status is in its "opened" entry.
    await this.#d.events.publish(trx, ctx ?? null, {
      type: 'case.status_changed',
      object: 'cases',
      recordId: id,
      payload: {
        caseId: id,
        reference: row.reference,
        fromStatus: change.from,
        toStatus: change.to,
        reopened: change.to === 'open' && (change.from === 'resolved' || change.from === 'closed'),
        ...serviceFacts(
          { ...row, first_response_due_at: clocks.firstResponseDueAt, resolution_due_at: clocks.resolutionDueAt },
          change,
          fcrWindowDays,
        ),
        priority: row.priority,
        channel: row.channel,
        caseTypeId: row.case_type_id,
        personId: row.person_id,
        companyId: row.company_id,
        ownerId: row.owner_id,
        teamId: row.team_id,
      },
      timeline: {
        summary: caseStatusLine(row.reference, change.from, change.to),
        personId: row.person_id,
        companyId: row.company_id,
        subjectKind: 'cases',
        subjectId: id,
        department: 'service',
        at: row.updated_at,
      },
    });
  }
}

const minutesBetween = (from: string, to: string) =>
  Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 60_000));

/**
 * What a status change tells the service metrics (see service.metrics.ts), read from the case row after the change:
 * the first response and its wait, a resolution with its time, SLA outcome and first-contact flag, or the resolution a
 * reopen takes back.
 */
export function serviceFacts(
  row: Pick<
    repo.CaseRow,
    | 'opened_at'
    | 'first_responded_at'
    | 'first_response_due_at'
    | 'resolved_at'
    | 'resolution_due_at'
    | 'reopen_count'
    | 'pending_count'
    | 'exchange_count'
  >,
  change: NonNullable<CaseExtra['statusChange']>,
  /** On a reopen: the first-contact window in force (days); the metric assumes the default without it. */
  fcrWindowDays?: number,
): Record<string, unknown> {
  const facts: Record<string, unknown> = { openedAt: row.opened_at };
  if (row.first_responded_at) {
    if (change.from === 'new') facts.firstResponseMinutes = minutesBetween(row.opened_at, row.first_responded_at);
    facts.firstResponseBreached =
      row.first_response_due_at !== null && row.first_responded_at > row.first_response_due_at;
  }
  const resolution = change.to === 'resolved' || (change.to === 'closed' && change.from !== 'resolved');
  if (resolution && row.resolved_at) {
    facts.resolution = true;
    facts.resolutionMinutes = minutesBetween(row.opened_at, row.resolved_at);
    facts.resolutionBreached = row.resolution_due_at !== null && row.resolved_at > row.resolution_due_at;
    facts.hasSla = row.resolution_due_at !== null;
    facts.firstContact = firstContact(row);
  }
  if (change.undone) {
    facts.undoneResolvedAt = change.undone.resolvedAt;
    facts.undoneFirstContact = change.undone.firstContact;
    if (fcrWindowDays !== undefined) facts.fcrWindowDays = fcrWindowDays;
  }
  return facts;
}

/** A case's search document (also what the demo seed writes). */
export function caseSearchDocument(
  row: Pick<repo.CaseRow, 'id' | 'owner_id' | 'team_id' | 'reference' | 'subject' | 'status'>,
): SearchDocument {
  return {
    kind: 'cases',
    recordId: row.id,
    ownerId: row.owner_id,
    teamId: row.team_id,
    title: `${row.reference} ${row.subject}`,
    subtitle: STATUS_LABEL[row.status as CaseStatus] ?? row.status,
    terms: [row.reference, row.reference.replace(/^C-/, ''), row.subject],
  };
}

/** The timeline line of a status change. */
export const caseStatusLine = (reference: string, from: CaseStatus, to: CaseStatus) =>
  `Case ${reference}: ${STATUS_LABEL[from]} → ${STATUS_LABEL[to]}`;

/** The timeline line of a new case. */
export const caseOpenedLine = (c: { reference: string; subject: string }) => `Case ${c.reference} opened: ${c.subject}`;
