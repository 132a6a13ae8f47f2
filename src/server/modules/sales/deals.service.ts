/**
 * Deals: a kind of record on the kernel (list, get, create, update with version guard and row lock, delete, restore,
 * history, export, audit, events, search document), with sales' own rules as hooks: a deal sits in a stage of its
 * pipeline; entering a stage needs the fields that stage requires, and a lost stage a lost reason (400 naming each
 * missing field, nothing written); every stage change is kept (who, when, from, to, days spent) and is on the timeline
 * of the deal, its company and its people. The board and the forecast read the same visible deals.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { type Expression, type SqlBool, sql } from 'kysely';
import type { Database, Executor } from '../../db/database.ts';
import { assertCan, type Ctx, can, canReadField, visibilityScope } from '../../platform/access/policy.ts';
import type { HistoryEntry } from '../../platform/audit.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import type { EventBus } from '../../platform/events.ts';
import { newId, now } from '../../platform/ids.ts';
import { type FieldSpec, type ListPage, type ListParams, parseFilters } from '../../platform/lists.ts';
import { type KernelDeps, RecordKernel } from '../../platform/records/kernel.ts';
import type { CompaniesService } from '../companies/index.ts';
import type { CustomFieldsService } from '../custom-fields/index.ts';
import { teamBriefs, userBriefs, userNames } from '../identity/index.ts';
import type { PeopleService } from '../people/index.ts';
import type { WorkspaceService } from '../workspace/index.ts';
import { dealsKind } from './deals.kind.ts';
import { dealCreatedLine, dealSearchDocument, formatMoney, stageChangedLine } from './deals.lines.ts';
import * as repo from './deals.repository.ts';
import type {
  Board,
  CreateDeal,
  Deal,
  Forecast,
  ForecastRow,
  Money,
  StageChange,
  UpdateDeal,
} from './deals.schemas.ts';
import { periodOf, periodRange } from './periods.ts';
import type { PipelinesService } from './pipelines.service.ts';
import { linesTotal } from './products.repository.ts';
import type { QuotaProgress } from './quotas.schemas.ts';
import type { QuotasService, QuotaTarget } from './quotas.service.ts';

export interface DealsDeps {
  database: Database;
  events: EventBus;
  workspace: WorkspaceService;
  customFields: CustomFieldsService;
  people: PeopleService;
  companies: CompaniesService;
  pipelines: PipelinesService;
  quotas: QuotasService;
}

const DAY_MS = 86_400_000;
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));
/** Deals per column on the board's first paint (the list view pages through the rest). */
const BOARD_PAGE = 25;

/** What a write hands to the after-write hook: the people to store and the stage it left, when it changed stage. */
interface DealExtra {
  people?: { personId: string; role: string }[];
  stageChange?: { from: string | null; to: string; enteredAt: string | null };
}

const validDate = (v: string) =>
  !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);

/**
 * The pure validation and normalisation of a deal input (no database: an importer reuses it): row columns, the people
 * and stage change for the after-write hook, and problems naming each bad field.
 */
export function normaliseDeal(
  input: UpdateDeal,
  existing: repo.DealRow | undefined,
): { columns: Record<string, unknown>; extra: DealExtra; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const err = (pointer: string, detail: string) => errors.push({ pointer, detail, in: 'body' });
  if (input.name !== undefined && input.name.trim() === '') err('/name', 'is required');
  if (input.amount && !CURRENCIES.has(input.amount.currency))
    err('/amount/currency', 'is not a known ISO 4217 currency');
  if (input.expectedCloseDate && !validDate(input.expectedCloseDate)) err('/expectedCloseDate', 'is not a date');
  if (input.nextStepDate && !validDate(input.nextStepDate)) err('/nextStepDate', 'is not a date');
  let people: DealExtra['people'];
  if (input.people) {
    const seen = new Set<string>();
    people = [];
    input.people.forEach((p, i) => {
      if (seen.has(p.personId)) err(`/people/${i}/personId`, 'is on the deal twice');
      seen.add(p.personId);
      people?.push({ personId: p.personId, role: p.role });
    });
  }
  const stageChanges = input.stageId !== undefined && input.stageId !== existing?.stage_id;
  const at = now();
  const trimOrNull = (v: string | null | undefined) => (v === undefined ? undefined : v?.trim() ? v.trim() : null);
  return {
    errors,
    extra: {
      ...(people ? { people } : {}),
      ...(stageChanges && input.stageId
        ? {
            stageChange: {
              from: existing?.stage_id ?? null,
              to: input.stageId,
              enteredAt: existing?.stage_entered_at ?? null,
            },
          }
        : {}),
    },
    columns: {
      name: input.name?.trim(),
      pipeline_id: input.pipelineId,
      stage_id: input.stageId,
      stage_entered_at: stageChanges ? at : undefined,
      amount_minor: input.amount === undefined ? undefined : (input.amount?.amountMinor ?? null),
      currency: input.amount === undefined ? undefined : (input.amount?.currency ?? null),
      expected_close_date: input.expectedCloseDate,
      company_id: input.companyId,
      source: trimOrNull(input.source),
      next_step: trimOrNull(input.nextStep),
      next_step_date: input.nextStepDate,
      commit_flag: input.commit === undefined ? undefined : input.commit ? 1 : 0,
      lost_reason_id: input.lostReasonId,
      lost_note: trimOrNull(input.lostNote),
      tags: input.tags ? JSON.stringify([...new Set(input.tags.map((t) => t.trim()))]) : undefined,
    },
  };
}

const money = (amountMinor: number, currency: string): Money => ({ amountMinor: Math.round(amountMinor), currency });

/** A module's check on a deal entering a won stage for a company: throws to refuse, or answers a warning. */
export type WonGuard = (ctx: Ctx, db: Executor, companyId: string) => Promise<{ warning?: string } | undefined>;

/** The warnings of the write in progress (a won guard's), carried to its response. */
const dealWarnings = new AsyncLocalStorage<string[]>();

async function withWarnings(write: () => Promise<Deal>): Promise<Deal> {
  const warnings: string[] = [];
  const deal = await dealWarnings.run(warnings, write);
  return warnings.length > 0 ? { ...deal, warnings } : deal;
}

export class DealsService {
  #wonGuard: WonGuard | undefined;
  readonly #d: DealsDeps;
  readonly records: RecordKernel<repo.DealRecord, Deal, UpdateDeal, DealExtra>;

  constructor(deps: DealsDeps) {
    this.#d = deps;
    this.records = new RecordKernel<repo.DealRecord, Deal, UpdateDeal, DealExtra>(
      dealsKind,
      {
        ...deps,
        customFields: deps.customFields as unknown as KernelDeps['customFields'],
        directory: { userBriefs, teamBriefs },
      },
      {
        records: (db, ctx) => repo.records(db, deps.companies.visibleNameSql(ctx, 'deals.company_id')),
        toDtos: (ctx, rows, db) => this.#hydrate(ctx, rows, db),
        fieldOverrides: (_ctx) => ({
          commit: {
            filter: (op, value) => {
              const on = value === 'true' || value === '1';
              return op === 'eq'
                ? sql<SqlBool>`deals.commit_flag = ${on ? 1 : 0}`
                : sql<SqlBool>`deals.commit_flag <> ${on ? 1 : 0}`;
            },
          },
        }),
        quickFilter: async (_ctx, q) =>
          sql<SqlBool>`lower(deals.name) like ${`%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`} escape '\\'`,
        normalise: (input, existing) => normaliseDeal(input, existing),
        check: (ctx, db, input, existing) => this.#check(ctx, db, input, existing),
        afterWrite: (trx, id, extra, ctx) => this.#afterWrite(trx, id, extra, ctx),
        searchDocument: async (db, id) => {
          const row = await repo.findRow(db, id);
          return row ? dealSearchDocument(row) : undefined;
        },
        createdLine: (d) => dealCreatedLine({ name: d.name, stageName: d.stage?.name ?? null, amount: d.amount }),
        updatedLine: (before, after, changes) => {
          const notable: string[] = [];
          if (changes.amount) {
            const show = (m: Money | null) => (m ? formatMoney(m.amountMinor, m.currency) : 'none');
            notable.push(`Amount: ${show(before.amount)} → ${show(after.amount)}`);
          }
          if (changes.expectedCloseDate) {
            notable.push(
              `Expected close: ${before.expectedCloseDate ?? 'none'} → ${after.expectedCloseDate ?? 'none'}`,
            );
          }
          if (changes.ownerId)
            notable.push(`Owner: ${before.owner?.name ?? 'nobody'} → ${after.owner?.name ?? 'nobody'}`);
          // Stage changes have their own entry (deal.stage_changed), on the deal's people's timelines too.
          return notable.length > 0 ? `Deal ${after.name}: ${notable.join('; ')}` : undefined;
        },
        eventPayload: (d) => ({ dealId: d.id, pipelineId: d.pipelineId, stageId: d.stageId, companyId: d.companyId }),
        exportValue: (d, col) => {
          if (col === 'pipeline') return d.pipeline?.name ?? '';
          if (col === 'company') return d.company?.name ?? '';
          if (col === 'stage') return d.stage?.name ?? '';
          if (col === 'amount') return d.amount ? decimalAmount(d.amount.amountMinor, d.amount.currency) : '';
          if (col === 'currency') return d.amount?.currency ?? '';
          if (col === 'lostReason') return d.lostReason?.label ?? '';
          if (col === 'commit') return d.commit ? 'yes' : 'no';
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

  async #hydrate(ctx: Ctx, rows: repo.DealRecord[], db: Executor): Promise<Deal[]> {
    const people = await repo.peopleOf(
      db,
      rows.map((r) => r.id),
    );
    // Names of the people the reader may see (and whose names their role shows); others stay on the deal unnamed.
    const namesShown = ['firstName', 'lastName'].every((f) => canReadField(ctx.actor, 'people', f));
    const briefs = await this.#d.people.briefs(ctx, [...new Set(people.map((p) => p.person_id))], db);
    const visiblePeople = new Map([...briefs].map(([id, b]) => [id, namesShown ? b.name : null]));
    const t = Date.now();
    return rows.map((r) => {
      const amount = r.amount_minor !== null && r.currency ? money(Number(r.amount_minor), r.currency) : null;
      const daysInStage = Math.max(0, (t - Date.parse(r.stage_entered_at)) / DAY_MS);
      const probability = r.stage_probability ?? 0;
      return {
        id: r.id,
        name: r.name,
        pipelineId: r.pipeline_id,
        pipeline: r.pipeline_name !== null ? { id: r.pipeline_id, name: r.pipeline_name } : null,
        stageId: r.stage_id,
        stage:
          r.stage_name !== null
            ? { id: r.stage_id, name: r.stage_name, probability, outcome: r.stage_outcome ?? 'open' }
            : null,
        amount,
        weightedAmount: amount ? money((amount.amountMinor * probability) / 100, amount.currency) : null,
        expectedCloseDate: r.expected_close_date,
        companyId: r.company_id,
        company: r.company_id && r.company_name !== null ? { id: r.company_id, name: r.company_name } : null,
        // People the reader may not see stay on the deal without their name.
        people: people
          .filter((p) => p.deal_id === r.id)
          .map((p) => ({
            personId: p.person_id,
            name: visiblePeople.get(p.person_id) ?? null,
            role: p.role as Deal['people'][number]['role'],
          })),
        ownerId: r.owner_id,
        owner: r.owner_id && r.owner_name !== null ? { id: r.owner_id, name: r.owner_name } : null,
        teamId: r.team_id,
        team: r.team_id && r.team_name !== null ? { id: r.team_id, name: r.team_name } : null,
        source: r.source,
        nextStep: r.next_step,
        nextStepDate: r.next_step_date,
        commit: r.commit_flag === 1,
        lostReasonId: r.lost_reason_id,
        lostReason:
          r.lost_reason_id && r.lost_reason_label !== null
            ? { id: r.lost_reason_id, label: r.lost_reason_label }
            : null,
        lostNote: r.lost_note,
        closedAt: r.closed_at,
        stageEnteredAt: r.stage_entered_at,
        daysInStage: Math.floor(daysInStage * 10) / 10,
        stalled:
          r.stage_outcome === 'open' && r.stage_stalled_after_days !== null && daysInStage > r.stage_stalled_after_days,
        tags: JSON.parse(r.tags) as string[],
        customFields: JSON.parse(r.custom_fields) as Record<string, unknown>,
        version: r.version,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
        deletedAt: r.deleted_at,
      };
    });
  }

  list(ctx: Ctx, params: ListParams): Promise<ListPage<Deal>> {
    return this.records.list(ctx, params);
  }

  get(ctx: Ctx, id: string): Promise<Deal> {
    return this.records.get(ctx, id);
  }

  getMany(ctx: Ctx, ids: string[], db: Executor = this.#db): Promise<Deal[]> {
    return this.records.getMany(ctx, ids, db);
  }

  history(ctx: Ctx, id: string): Promise<HistoryEntry[]> {
    return this.records.history(ctx, id);
  }

  /** A deal a task, promise or activity may be linked to: visible to the actor; anchored to its company. */
  async linkAnchors(
    ctx: Ctx,
    db: Executor,
    id: string,
  ): Promise<{ personId: string | null; companyId: string | null } | undefined> {
    if (!can(ctx.actor, 'deals', 'read')) return undefined;
    const [row] = await this.records.findRecords(ctx, [id], db, { scope: this.records.scope(ctx), live: true });
    return row ? { personId: null, companyId: row.company_id } : undefined;
  }

  async stageHistory(ctx: Ctx, id: string): Promise<StageChange[]> {
    assertCan(ctx.actor, 'deals', 'read');
    await this.records.load(ctx, id, this.#db, { allowDeleted: can(ctx.actor, 'deals', 'delete') });
    return (await repo.stageHistory(this.#db, id)).map((h) => ({
      id: h.id,
      fromStage: h.from_stage_id ? { id: h.from_stage_id, name: h.from_name ?? '(removed stage)' } : null,
      toStage: { id: h.to_stage_id, name: h.to_name ?? '(removed stage)' },
      changedAt: h.changed_at,
      changedBy: h.changed_by ? { id: h.changed_by, name: h.changed_by_name ?? '(former user)' } : null,
      daysInStage: h.days_in_stage === null ? null : Math.round(Number(h.days_in_stage) * 10) / 10,
    }));
  }

  // ---------- writes ----------

  /**
   * Registers the check a deal's company must pass when a deal enters a won stage (wired at start: credit control).
   * It throws to refuse the move, or answers a warning the response carries in `warnings`.
   */
  setWonGuard(guard: WonGuard): void {
    this.#wonGuard = guard;
  }

  create(ctx: Ctx, input: CreateDeal): Promise<Deal> {
    return withWarnings(() => this.#create(ctx, input));
  }

  async #create(ctx: Ctx, input: CreateDeal): Promise<Deal> {
    if (input.stageId === undefined) {
      // Without a stage a deal starts in its pipeline's first open stage.
      const pipeline = await this.#d.pipelines.get(input.pipelineId).catch(() => undefined);
      const first = pipeline?.stages.find((s) => s.outcome === 'open');
      if (first) return this.records.create(ctx, { ...input, stageId: first.id });
    }
    return this.records.create(ctx, input);
  }

  update(ctx: Ctx, id: string, input: UpdateDeal, ifMatch?: number): Promise<Deal> {
    return withWarnings(() => this.records.update(ctx, id, input, ifMatch));
  }

  remove(ctx: Ctx, id: string, ifMatch?: number): Promise<void> {
    return this.records.remove(ctx, id, ifMatch);
  }

  restore(ctx: Ctx, id: string): Promise<Deal> {
    return this.records.restore(ctx, id);
  }

  exportCsv(ctx: Ctx, params: ListParams, columns: string[] | undefined): Promise<{ csv: string; rows: number }> {
    return this.records.exportCsv(ctx, params, columns);
  }

  exportRows(ctx: Ctx, params: ListParams, columns: string[] | undefined, pageSize = 1000) {
    return this.records.exportRows(ctx, params, columns, pageSize);
  }

  /**
   * The checks that need the database: the pipeline and stage exist and belong together, linked company and people
   * are ones the writer may see, the lost reason is active; and the stage rules when a deal enters a stage.
   */
  async #check(ctx: Ctx, db: Executor, input: UpdateDeal, existing: repo.DealRow | undefined): Promise<FieldError[]> {
    const errors: FieldError[] = [];
    const err = (pointer: string, detail: string) => errors.push({ pointer, detail, in: 'body' });
    const pipelineId = input.pipelineId ?? existing?.pipeline_id;
    const stageId = input.stageId ?? existing?.stage_id;
    const pipelineChanges = input.pipelineId !== undefined && input.pipelineId !== existing?.pipeline_id;
    if (pipelineChanges && input.stageId === undefined && existing) {
      err('/stageId', 'is required when a deal moves to another pipeline');
    }
    const stage = stageId ? await this.#d.pipelines.stage(stageId, db) : undefined;
    if (pipelineId && (pipelineChanges || !existing)) {
      const pipeline = await this.#d.pipelines.get(pipelineId, db).catch(() => undefined);
      if (!pipeline) err('/pipelineId', 'is not a pipeline');
      else if (pipeline.archived) err('/pipelineId', 'is archived: new deals go into a pipeline in use');
    }
    if (stageId && (!stage || stage.pipelineId !== pipelineId)) err('/stageId', 'is not a stage of the pipeline');
    if (input.companyId && input.companyId !== existing?.company_id) {
      if (!(await this.#d.companies.isVisible(ctx, input.companyId, db)))
        err('/companyId', 'is not a company you can see');
    }
    if (input.people?.length) {
      const ids = input.people.map((p) => p.personId);
      const visible = new Set((await this.#d.people.briefs(ctx, ids, db)).keys());
      const before = new Set(existing ? (await repo.peopleOf(db, [existing.id])).map((p) => p.person_id) : []);
      input.people.forEach((p, i) => {
        // People already on the deal may stay even when the writer cannot see them.
        if (!visible.has(p.personId) && !before.has(p.personId))
          err(`/people/${i}/personId`, 'is not a person you can see');
      });
    }
    if (input.lostReasonId && input.lostReasonId !== existing?.lost_reason_id) {
      const active = (await this.#d.pipelines.lostReasons({}, db)).some((r) => r.id === input.lostReasonId);
      if (!active) err('/lostReasonId', 'is not an active lost reason');
    }
    if (input.amount !== undefined && existing) {
      // A deal with line items takes its amount from them (products.service.ts): another amount is refused.
      const lines = await linesTotal(db, existing.id);
      if (lines && (input.amount?.amountMinor !== lines.amountMinor || input.amount?.currency !== lines.currency)) {
        err('/amount', "is the total of the deal's line items: change the lines instead");
      }
    }
    if (errors.length > 0 || !stage) return errors;

    // Entering a stage (a new deal, or a move): what the stage requires must be there after the write.
    const enters = !existing || (input.stageId !== undefined && input.stageId !== existing.stage_id);
    if (!enters) return [];
    if (stage.outcome === 'won' && this.#wonGuard) {
      // Another module's say on closing (credit control): it throws to refuse, or answers a warning to pass on.
      const companyId = input.companyId !== undefined ? input.companyId : (existing?.company_id ?? null);
      const warning = companyId ? (await this.#wonGuard(ctx, db, companyId))?.warning : undefined;
      if (warning) dealWarnings.getStore()?.push(warning);
    }
    const has = (v: unknown) => v !== null && v !== undefined && !(typeof v === 'string' && v.trim() === '');
    const pick = <K extends keyof UpdateDeal>(key: K, column: keyof repo.DealRow) =>
      input[key] !== undefined ? input[key] : existing?.[column];
    const missing: FieldError[] = [];
    const need = (pointer: string, label: string) =>
      missing.push({ pointer, detail: `is required to enter ${stage.name} (${label})`, in: 'body' });
    for (const field of stage.requiredFields) {
      if (field === 'amount' && !has(pick('amount', 'amount_minor'))) need('/amount', 'amount');
      else if (field === 'expectedCloseDate' && !has(pick('expectedCloseDate', 'expected_close_date'))) {
        need('/expectedCloseDate', 'expected close date');
      } else if (field === 'companyId' && !has(pick('companyId', 'company_id'))) need('/companyId', 'company');
      else if (field === 'source' && !has(pick('source', 'source'))) need('/source', 'source');
      else if (field === 'nextStep' && !has(pick('nextStep', 'next_step'))) need('/nextStep', 'next step');
      else if (field === 'nextStepDate' && !has(pick('nextStepDate', 'next_step_date')))
        need('/nextStepDate', 'next step date');
      else if (field === 'people') {
        const count =
          input.people !== undefined
            ? input.people.length
            : existing
              ? (await repo.peopleOf(db, [existing.id])).length
              : 0;
        if (count === 0) need('/people', 'at least one person');
      } else if (field.startsWith('cf.')) {
        const key = field.slice(3);
        const stored = existing ? (JSON.parse(existing.custom_fields) as Record<string, unknown>)[key] : undefined;
        const value = input.customFields && key in input.customFields ? input.customFields[key] : stored;
        if (!has(value)) need(`/customFields/${key}`, key);
      }
    }
    if (stage.outcome === 'lost' && !has(pick('lostReasonId', 'lost_reason_id')))
      need('/lostReasonId', 'a lost reason');
    if (missing.length > 0) {
      throw new AppError(
        'deals.stage_requirements',
        400,
        'Stage requirements not met',
        `To enter ${stage.name} the deal needs: ${missing.map((m) => m.pointer.slice(1)).join(', ')}.`,
        missing,
      );
    }
    return [];
  }

  /** Stores the deal's people and, on a stage change, its stage facts, history and timeline entry. */
  async #afterWrite(trx: Executor, id: string, extra: DealExtra | undefined, ctx: Ctx | undefined): Promise<void> {
    if (extra?.people) await repo.replacePeople(trx, id, extra.people);
    const change = extra?.stageChange;
    if (!change) return;
    const row = (await repo.findRow(trx, id))!;
    const stages = await this.#d.pipelines.stages(change.from ? [change.to, change.from] : [change.to], trx);
    const to = stages.get(change.to)!;
    const from = change.from ? stages.get(change.from) : undefined;
    const at = row.stage_entered_at;
    const closedAt = to.outcome !== 'open' ? at : null;
    // The write already set stage_entered_at; closed_at follows the stage's outcome (a move between open stages
    // leaves it null, with nothing to write).
    if (row.closed_at !== closedAt) await repo.setStageFacts(trx, id, { stage_entered_at: at, closed_at: closedAt });
    // A deal leaving a lost stage is no longer lost for a reason.
    if (to.outcome !== 'lost' && row.lost_reason_id !== null) {
      await trx.updateTable('deals').set({ lost_reason_id: null, lost_note: null }).where('id', '=', id).execute();
    }
    const days = change.enteredAt ? Math.max(0, (Date.parse(at) - Date.parse(change.enteredAt)) / DAY_MS) : null;
    await repo.insertStageChange(trx, {
      id: newId(),
      deal_id: id,
      pipeline_id: row.pipeline_id,
      from_stage_id: change.from,
      to_stage_id: change.to,
      changed_at: at,
      changed_by: ctx?.actor.id ?? null,
      days_in_stage: days,
    });
    if (!from) return; // A new deal's first stage is in its "opened" entry.
    const people = (await repo.peopleOf(trx, [id])).map((p) => p.person_id);
    await this.#d.events.publish(trx, ctx ?? null, {
      type: 'deal.stage_changed',
      object: 'deals',
      recordId: id,
      payload: {
        dealId: id,
        pipelineId: row.pipeline_id,
        fromStageId: from.id,
        toStageId: to.id,
        outcome: to.outcome,
        daysInStage: days,
        companyId: row.company_id,
        personIds: people,
        // What the metric rollups count a won or lost deal by (sales.metrics.ts).
        amountMinor: row.amount_minor === null ? null : Number(row.amount_minor),
        currency: row.currency,
        ownerId: row.owner_id,
        teamId: row.team_id,
      },
      timeline: {
        summary: stageChangedLine({ name: row.name, from: from.name, to: to.name, outcome: to.outcome, days }),
        companyId: row.company_id,
        subjectKind: 'deals',
        subjectId: id,
        alsoPeople: people,
        department: 'sales',
        at,
      },
    });
  }

  /** The context card's deal facts: open deals the reader may see, and their total, per person or company. */
  async cardFacts(
    ctx: Ctx,
    subject: { kind: 'people' | 'companies'; ids: string[] },
    db: Executor = this.#db,
  ): Promise<Map<string, { counts: Record<string, number>; flags: never[]; amounts: Record<string, Money> }>> {
    if (!can(ctx.actor, 'deals', 'read') || !(await this.#d.workspace.isEnabled('sales'))) return new Map();
    const currency = (await this.#d.workspace.get(db)).defaultCurrency;
    const rows = await repo.openDealsBy(db, visibilityScope(ctx.actor, 'deals'), subject, currency);
    return new Map(
      rows.map((r) => [
        r.key,
        {
          counts: { openDeals: Number(r.n) },
          flags: [],
          amounts: { openDeals: money(Number(r.amount ?? 0), currency) },
        },
      ]),
    );
  }

  // ---------- board and forecast ----------

  /** Where the list's filters apply on the board (the board's own stage and pipeline are its columns). */
  async #boardFilters(ctx: Ctx, filter: ListParams['filter']): Promise<Expression<SqlBool>[]> {
    const fields = await this.records.fieldSpecs(ctx);
    return parseFilters(filter, fields, this.#d.database.dialect);
  }

  /**
   * How many deals the reader may see stand in each stage of a pipeline, in the pipeline's order, with their amount in
   * the workspace's currency: the board's column totals without its cards (a dashboard's funnel).
   */
  async stageTotals(
    ctx: Ctx,
    pipelineId: string,
  ): Promise<{ stageId: string; name: string; outcome: string; count: number; amountMinor: number }[]> {
    assertCan(ctx.actor, 'deals', 'read');
    const pipeline = await this.#d.pipelines.get(pipelineId);
    const currency = (await this.#d.workspace.get()).defaultCurrency;
    const totals = new Map(
      (await repo.boardTotals(this.#db, visibilityScope(ctx.actor, 'deals'), pipelineId, currency, [])).map((t) => [
        t.stage_id,
        t,
      ]),
    );
    return pipeline.stages.map((s) => ({
      stageId: s.id,
      name: s.name,
      outcome: s.outcome,
      count: Number(totals.get(s.id)?.n ?? 0),
      amountMinor: Number(totals.get(s.id)?.amount ?? 0),
    }));
  }

  async board(ctx: Ctx, pipelineId: string, filter: ListParams['filter']): Promise<Board> {
    assertCan(ctx.actor, 'deals', 'read');
    const pipeline = await this.#d.pipelines.get(pipelineId);
    const currency = (await this.#d.workspace.get()).defaultCurrency;
    const scope = visibilityScope(ctx.actor, 'deals');
    const where = await this.#boardFilters(ctx, filter);
    const totals = new Map(
      (await repo.boardTotals(this.#db, scope, pipelineId, currency, where)).map((t) => [t.stage_id, t]),
    );
    const pages = await Promise.all(
      pipeline.stages.map((s) => repo.stagePage(this.#db, scope, s.id, where, BOARD_PAGE)),
    );
    const deals = new Map((await this.getMany(ctx, pages.flat())).map((d) => [d.id, d]));
    return {
      pipelineId,
      currency,
      columns: pipeline.stages.map((s, i) => {
        const t = totals.get(s.id);
        return {
          stageId: s.id,
          name: s.name,
          probability: s.probability,
          outcome: s.outcome,
          stalledAfterDays: s.stalledAfterDays,
          count: Number(t?.n ?? 0),
          amount: money(Number(t?.amount ?? 0), currency),
          // Weighted by the stage's probability: every deal of a column shares it.
          weightedAmount: money((Number(t?.amount ?? 0) * s.probability) / 100, currency),
          otherCurrencyCount: Number(t?.other_currency ?? 0),
          deals: (pages[i] ?? []).flatMap((id) => deals.get(id) ?? []),
        };
      }),
    };
  }

  /**
   * The forecast for a period, by owner or team: weighted pipeline (amount × stage probability), best case (every open
   * deal), commit (open deals their owner committed), closed won (by close date), in the workspace's currency.
   * Quotas arrive with the quota settings; until then `quota` is null.
   */
  async forecast(ctx: Ctx, opts: { pipelineId?: string; period: string; by: 'owner' | 'team' }): Promise<Forecast> {
    assertCan(ctx.actor, 'deals', 'read');
    const range = periodRange(opts.period);
    if (!range) {
      throw new AppError(
        'deals.bad_period',
        400,
        'Bad Request',
        'period is a quarter (2027-Q1), a month (2027-03) or a year.',
        [{ pointer: '/period', detail: 'must look like 2027-Q1, 2027-03 or 2027', in: 'query' }],
      );
    }
    if (opts.pipelineId) await this.#d.pipelines.get(opts.pipelineId);
    const currency = (await this.#d.workspace.get()).defaultCurrency;
    const rows = await repo.forecastRows(this.#db, visibilityScope(ctx.actor, 'deals'), {
      ...range,
      ...opts,
      currency,
    });
    const byKey = new Map<string | null, { weighted: number; best: number; commit: number; won: number; n: number }>();
    for (const r of rows) {
      const acc = byKey.get(r.key) ?? { weighted: 0, best: 0, commit: 0, won: 0, n: 0 };
      const amount = Number(r.amount_minor ?? 0);
      acc.n += Number(r.n);
      if (r.outcome === 'won') acc.won += amount;
      else {
        acc.best += amount;
        acc.weighted += (amount * Number(r.probability)) / 100;
        if (r.commit_flag === 1) acc.commit += amount;
      }
      byKey.set(r.key, acc);
    }
    // Everyone with a quota for the period has a row, with deals or without.
    const subjectKind = opts.by === 'owner' ? 'user' : 'team';
    for (const id of await this.#d.quotas.subjectsWithQuota(subjectKind, opts.period)) {
      if (!byKey.has(id)) byKey.set(id, { weighted: 0, best: 0, commit: 0, won: 0, n: 0 });
    }
    const keys = [...byKey.keys()].filter((k): k is string => k !== null);
    const names =
      opts.by === 'owner'
        ? await userNames(this.#db, keys)
        : new Map([...(await teamBriefs(this.#db, keys))].map(([id, t]) => [id, t.name]));
    const quotas = await this.#d.quotas.quotaFor(subjectKind, keys, opts.period);
    const quotaMoney = (q: QuotaTarget | undefined) =>
      q && q.amountMinor !== null && q.currency === currency ? money(q.amountMinor, currency) : null;
    const row = (
      key: string | null,
      a: { weighted: number; best: number; commit: number; won: number; n: number },
      quota: Money | null,
    ): ForecastRow => ({
      key,
      label: key === null ? (opts.by === 'owner' ? 'No owner' : 'No team') : (names.get(key) ?? 'Former user'),
      weighted: money(a.weighted, currency),
      bestCase: money(a.best, currency),
      commit: money(a.commit, currency),
      closedWon: money(a.won, currency),
      quota,
      dealCount: a.n,
    });
    const out = [...byKey]
      .map(([k, a]) => row(k, a, k === null ? null : quotaMoney(quotas.get(k))))
      .sort((a, b) => b.weighted.amountMinor - a.weighted.amountMinor || a.label.localeCompare(b.label));
    const total = [...byKey.values()].reduce(
      (t, a) => ({
        weighted: t.weighted + a.weighted,
        best: t.best + a.best,
        commit: t.commit + a.commit,
        won: t.won + a.won,
        n: t.n + a.n,
      }),
      { weighted: 0, best: 0, commit: 0, won: 0, n: 0 },
    );
    const quotaTotal = out.reduce((sum, r) => sum + (r.quota?.amountMinor ?? 0), 0);
    const anyQuota = out.some((r) => r.quota !== null);
    return {
      period: opts.period,
      ...range,
      by: opts.by,
      currency,
      rows: out,
      total: { ...row(null, total, anyQuota ? money(quotaTotal, currency) : null), label: 'Total' },
    };
  }

  /** The caller's own progress against their quota in a period (default: this quarter). */
  async quotaProgress(ctx: Ctx, period?: string): Promise<QuotaProgress> {
    const p = period ?? periodOf(new Date(), 'quarter');
    const f = await this.forecast(ctx, { period: p, by: 'owner' });
    const mine = f.rows.find((r) => r.key === ctx.actor.id);
    const target = (await this.#d.quotas.quotaFor('user', [ctx.actor.id], p)).get(ctx.actor.id);
    const quota =
      target && target.amountMinor !== null && target.currency ? money(target.amountMinor, target.currency) : null;
    const closedWon = mine?.closedWon ?? money(0, f.currency);
    const wonCount = await this.#wonCount(ctx, f.from, f.to);
    return {
      period: p,
      from: f.from,
      to: f.to,
      quota,
      dealCountTarget: target?.dealCount ?? null,
      closedWon,
      wonCount,
      weighted: mine?.weighted ?? money(0, f.currency),
      percent:
        quota && quota.currency === closedWon.currency && quota.amountMinor > 0
          ? Math.round((closedWon.amountMinor / quota.amountMinor) * 1000) / 10
          : null,
    };
  }

  async #wonCount(ctx: Ctx, from: string, to: string): Promise<number> {
    return repo.wonCount(this.#db, ctx.actor.id, from, to);
  }
}

/** A minor-unit amount as a decimal string in its currency's usual precision. */
function decimalAmount(amountMinor: number, currency: string): string {
  const digits =
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return (amountMinor / 10 ** digits).toFixed(digits);
}
