/**
 * SLA policies and the clocks they set. A policy gives first-response and resolution targets in business minutes for a
 * priority and/or a case type; a case takes the most specific policy that matches it (type and priority, then type,
 * then priority, then the catch-all). Due times count the workspace's business hours in its time zone and skip its
 * holidays (`business-hours.ts`); the minutes a case waits on the customer are added to both targets.
 */
import { type Database, type Executor, inTransaction } from '../../db/database.ts';
import type { Ctx } from '../../platform/access/policy.ts';
import { diff, recordAudit } from '../../platform/audit.ts';
import { validation } from '../../platform/errors.ts';
import { newId, now } from '../../platform/ids.ts';
import type { WorkspaceService } from '../workspace/index.ts';
import { addBusinessMinutes, type BusinessCalendar, businessMinutesBetween } from './business-hours.ts';
import type { CaseTypesService } from './case-types.service.ts';
import type { CasePriority } from './cases.schemas.ts';
import { serviceError } from './service.errors.ts';
import * as repo from './sla.repository.ts';
import type { CreateSlaPolicy, SlaPolicy, UpdateSlaPolicy } from './sla.schemas.ts';

export function slaPolicyDto(r: repo.SlaPolicyRow): SlaPolicy {
  return {
    id: r.id,
    name: r.name,
    priority: r.priority as CasePriority | null,
    caseTypeId: r.case_type_id,
    firstResponseMinutes: Number(r.first_response_minutes),
    resolutionMinutes: Number(r.resolution_minutes),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** The facts of a case its clocks depend on. */
export interface ClockFacts {
  priority: string;
  caseTypeId: string | null;
  openedAt: string;
  pausedMinutes: number;
  /** When the current wait on the customer began (null: the clocks run). */
  pausedAt: string | null;
}

export interface Clocks {
  policyId: string | null;
  firstResponseDueAt: string | null;
  resolutionDueAt: string | null;
}

const notFound = () => serviceError('sla_policies.not_found', 'Not found', 'No SLA policy with that id.');

export class SlaService {
  readonly #database: Database;
  readonly #workspace: WorkspaceService;
  readonly #caseTypes: CaseTypesService;

  constructor(deps: { database: Database; workspace: WorkspaceService; caseTypes: CaseTypesService }) {
    this.#database = deps.database;
    this.#workspace = deps.workspace;
    this.#caseTypes = deps.caseTypes;
  }

  // ---------- policies ----------

  async list(): Promise<SlaPolicy[]> {
    return (await repo.listPolicies(this.#database.db)).map(slaPolicyDto);
  }

  async #check(db: Executor, input: UpdateSlaPolicy, selfId?: string, existing?: repo.SlaPolicyRow): Promise<void> {
    if (input.name !== undefined && input.name.trim() === '') {
      throw validation([{ pointer: '/name', detail: 'is required', in: 'body' }]);
    }
    if (input.caseTypeId && !(await this.#caseTypes.find(input.caseTypeId, db))) {
      throw validation([{ pointer: '/caseTypeId', detail: 'is not a case type', in: 'body' }]);
    }
    const priority = input.priority !== undefined ? input.priority : (existing?.priority ?? null);
    const caseTypeId = input.caseTypeId !== undefined ? input.caseTypeId : (existing?.case_type_id ?? null);
    const same = await repo.findSameScope(db, priority, caseTypeId);
    if (same && same.id !== selfId) {
      throw serviceError(
        'sla_policies.duplicate',
        'Conflict',
        `The policy "${same.name}" already covers this priority and case type.`,
        [{ pointer: '/priority', detail: 'already has a policy for this case type', in: 'body' }],
      );
    }
  }

  /** Creates an SLA policy, in the caller's transaction when one is given. */
  async create(ctx: Ctx, input: CreateSlaPolicy, db?: Executor): Promise<SlaPolicy> {
    return inTransaction(this.#database.db, db, async (trx) => {
      await this.#check(trx, input);
      const id = newId();
      const at = now();
      await repo.insertPolicy(trx, {
        id,
        name: input.name.trim(),
        priority: input.priority ?? null,
        case_type_id: input.caseTypeId ?? null,
        first_response_minutes: input.firstResponseMinutes,
        resolution_minutes: input.resolutionMinutes,
        created_at: at,
        updated_at: at,
      });
      const created = slaPolicyDto((await repo.findPolicy(trx, id))!);
      await recordAudit(trx, ctx, {
        action: 'create',
        object: 'sla_policies',
        recordId: id,
        changes: diff({}, created),
      });
      return created;
    });
  }

  async update(ctx: Ctx, id: string, input: UpdateSlaPolicy): Promise<SlaPolicy> {
    return this.#database.db.transaction().execute(async (trx) => {
      const row = await repo.findPolicy(trx, id);
      if (!row) throw notFound();
      await this.#check(trx, input, id, row);
      await repo.updatePolicy(trx, id, {
        name: input.name?.trim(),
        priority: input.priority,
        case_type_id: input.caseTypeId,
        first_response_minutes: input.firstResponseMinutes,
        resolution_minutes: input.resolutionMinutes,
        updated_at: now(),
      });
      const after = slaPolicyDto((await repo.findPolicy(trx, id))!);
      await recordAudit(trx, ctx, {
        action: 'update',
        object: 'sla_policies',
        recordId: id,
        changes: diff(slaPolicyDto(row), after),
      });
      return after;
    });
  }

  /** Removes a policy; cases keep the due times they have until they next change. */
  async remove(ctx: Ctx, id: string): Promise<void> {
    await this.#database.db.transaction().execute(async (trx) => {
      const row = await repo.findPolicy(trx, id);
      if (!row || !(await repo.deletePolicy(trx, id))) throw notFound();
      await recordAudit(trx, ctx, {
        action: 'delete',
        object: 'sla_policies',
        recordId: id,
        changes: diff(slaPolicyDto(row), {}),
      });
    });
  }

  // ---------- holidays ----------

  holidays(db: Executor = this.#database.db): Promise<string[]> {
    return repo.holidays(db);
  }

  async replaceHolidays(ctx: Ctx, dates: string[]): Promise<string[]> {
    const errors = dates.flatMap((d, i) =>
      Number.isNaN(Date.parse(`${d}T00:00:00Z`)) || !new Date(`${d}T00:00:00Z`).toISOString().startsWith(d)
        ? [{ pointer: `/holidays/${i}`, detail: 'is not a date', in: 'body' as const }]
        : [],
    );
    if (errors.length > 0) throw validation(errors);
    const unique = [...new Set(dates)].sort();
    return this.#database.db.transaction().execute(async (trx) => {
      const before = await repo.holidays(trx);
      await repo.replaceHolidays(trx, unique);
      await recordAudit(trx, ctx, {
        action: 'update',
        object: 'settings',
        changes: { holidays: { from: before, to: unique } },
      });
      return unique;
    });
  }

  // ---------- clocks ----------

  /** The workspace's business calendar: its zone, working days and hours, and holidays. */
  async calendar(db: Executor = this.#database.db): Promise<BusinessCalendar> {
    const ws = await this.#workspace.get(db);
    return { timezone: ws.timezone, ...ws.businessHours, holidays: new Set(await repo.holidays(db)) };
  }

  /** The most specific policy for a priority and case type: type and priority, type, priority, then catch-all. */
  async policyFor(priority: string, caseTypeId: string | null, db: Executor = this.#database.db) {
    const all = await repo.listPolicies(db);
    const rank = (p: repo.SlaPolicyRow) =>
      (p.case_type_id !== null && p.case_type_id !== caseTypeId) || (p.priority !== null && p.priority !== priority)
        ? -1
        : (p.case_type_id !== null ? 2 : 0) + (p.priority !== null ? 1 : 0);
    let best: repo.SlaPolicyRow | undefined;
    for (const p of all) if (rank(p) >= 0 && (!best || rank(p) > rank(best))) best = p;
    return best;
  }

  /** A case's due times: its policy's targets plus the minutes it waited on the customer, in business time. */
  async clocks(facts: ClockFacts, db: Executor = this.#database.db): Promise<Clocks> {
    const policy = await this.policyFor(facts.priority, facts.caseTypeId, db);
    if (!policy) return { policyId: null, firstResponseDueAt: null, resolutionDueAt: null };
    const cal = await this.calendar(db);
    const opened = new Date(facts.openedAt);
    const due = (minutes: number) =>
      addBusinessMinutes(opened, Number(minutes) + facts.pausedMinutes, cal)?.toISOString() ?? null;
    return {
      policyId: policy.id,
      firstResponseDueAt: due(policy.first_response_minutes),
      resolutionDueAt: due(policy.resolution_minutes),
    };
  }

  /** Business minutes between two instants in the workspace's calendar (the length of a wait on the customer). */
  async businessMinutes(from: string, to: string, db: Executor = this.#database.db): Promise<number> {
    return businessMinutesBetween(new Date(from), new Date(to), await this.calendar(db));
  }
}
