/**
 * The five-question set-up: what a business answers before any configuration (how good is our customer data, what
 * precisely must the CRM achieve, how do our offerings meet our customers' needs, where should customers get a
 * personal experience, which metrics tell us it works). Its answers switch modules on or off, create objectives with
 * their baselines, apply the starter configuration of the kind of business chosen, and remember the metrics to watch.
 * Everything is written in one transaction: a failure leaves the workspace as it was.
 */
import type { Database } from '../../db/database.ts';
import { assertCan, type Ctx } from '../../platform/access/policy.ts';
import { type FieldError, validation } from '../../platform/errors.ts';
import type { MetricsService } from '../../platform/metrics/index.ts';
import type { CustomFieldsService } from '../custom-fields/index.ts';
import type { ObjectivesService, PreparedObjective } from '../objectives/index.ts';
import type { PipelinesService } from '../sales/index.ts';
import type { CaseTypesService, SlaService } from '../service/index.ts';
import type { WorkspaceService } from '../workspace/index.ts';
import * as repo from './setup.repository.ts';
import type { ApplySetup, SetupApplied, SetupStatus } from './setup.schemas.ts';
import { BUSINESS_KINDS, type BusinessKind, STARTERS } from './setup.starters.ts';

export interface SetupDeps {
  database: Database;
  workspace: WorkspaceService;
  pipelines: PipelinesService;
  caseTypes: CaseTypesService;
  sla: SlaService;
  customFields: CustomFieldsService;
  objectives: ObjectivesService;
  metrics: MetricsService;
  clock?: () => Date;
}

const DAY_MS = 86_400_000;
const isDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`));
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export class SetupService {
  readonly #d: SetupDeps & { clock: () => Date };

  constructor(deps: SetupDeps) {
    this.#d = { ...deps, clock: deps.clock ?? (() => new Date()) };
  }

  get #db() {
    return this.#d.database.db;
  }

  /** Where the workspace stands: the set-up's answers, the data and configuration there are, and the starters. */
  async status(): Promise<SetupStatus> {
    const state = await repo.findState(this.#db);
    return {
      completed: Boolean(state?.completed_at),
      completedAt: state?.completed_at ?? null,
      businessKind: (state?.business_kind as BusinessKind | null | undefined) ?? null,
      watchedMetrics: JSON.parse(state?.watched_metrics ?? '[]') as string[],
      data: await repo.dataSnapshot(this.#db),
      has: await repo.configuredCounts(this.#db),
      starters: BUSINESS_KINDS.map((k) => {
        const s = STARTERS[k];
        return {
          key: s.key,
          label: s.label,
          description: s.description,
          modules: s.modules,
          pipeline: { name: s.pipeline.name, stages: s.pipeline.stages.map((st) => st.name) },
          caseTypes: s.caseTypes.map((c) => c.name),
          fields: s.fields.map(({ object, key, label, type }) => ({ object, key, label, type })),
          slaPolicies: s.slaPolicies,
          objectives: s.objectives,
          watchedMetrics: s.watchedMetrics,
        };
      }),
    };
  }

  async apply(ctx: Ctx, input: ApplySetup): Promise<SetupApplied> {
    assertCan(ctx.actor, 'settings', 'update');
    const starter = STARTERS[input.businessKind];
    const registry = this.#d.metrics.registry;
    const errors: FieldError[] = [];
    const err = (pointer: string, detail: string) => errors.push({ pointer, detail, in: 'body' });
    const nowMs = this.#d.clock().getTime();
    const today = day(nowMs);
    for (const [i, m] of (input.watchedMetrics ?? []).entries())
      if (!registry.get(m)) err(`/watchedMetrics/${i}`, 'is not a registered metric');
    for (const [i, o] of (input.objectives ?? []).entries()) {
      if (!registry.get(o.metricId)) err(`/objectives/${i}/metricId`, 'is not a registered metric');
      if (!isDate(o.endDate)) err(`/objectives/${i}/endDate`, 'must be a date (YYYY-MM-DD)');
      else if (o.endDate <= today) err(`/objectives/${i}/endDate`, 'must be after today');
    }
    if (errors.length > 0) throw validation(errors);

    // Objectives are checked and their baselines captured before the write (rollups are read on their own connection).
    const prepared: PreparedObjective[] = [];
    for (const [i, o] of (input.objectives ?? []).entries()) {
      const days = o.baselineDays ?? 90;
      try {
        prepared.push(
          await this.#d.objectives.prepare({
            name: o.name,
            problem: o.problem ?? null,
            metricId: o.metricId,
            target: o.target,
            baselineFrom: day(nowMs - days * DAY_MS),
            baselineTo: day(nowMs - DAY_MS),
            startDate: today,
            endDate: o.endDate,
            ownerId: o.ownerId ?? ctx.actor.id,
          }),
        );
      } catch (e) {
        // The objective's own checks name its fields; here they belong to the i-th objective.
        const fields = (e as { errors?: FieldError[] }).errors;
        if (!fields) throw e;
        throw validation(fields.map((f) => ({ ...f, pointer: `/objectives/${i}${f.pointer}` })));
      }
    }

    const before = await this.#d.workspace.get();
    const modules = { ...before.modules, ...input.modules };
    const applyStarter = input.applyStarter ?? true;
    const pipelinesHave = new Set((await this.#d.pipelines.list({ includeArchived: true })).map((p) => p.name));
    const typesHave = new Set((await this.#d.caseTypes.list({ includeArchived: true })).map((t) => t.name));
    const slaHave = await this.#d.sla.list();
    const fieldsHave = new Set((await this.#d.customFields.list()).map((f) => `${f.object}.${f.key}`));
    const created: SetupApplied['created'] = {
      pipelines: [],
      caseTypes: [],
      slaPolicies: [],
      customFields: [],
      objectives: [],
    };

    await this.#db.transaction().execute(async (trx) => {
      if (input.modules) await this.#d.workspace.update(ctx, { modules: input.modules }, undefined, trx);
      if (applyStarter && modules.sales && !pipelinesHave.has(starter.pipeline.name)) {
        const p = await this.#d.pipelines.create(
          ctx,
          { name: starter.pipeline.name, description: starter.pipeline.description, stages: starter.pipeline.stages },
          trx,
        );
        created.pipelines.push(p.id);
      }
      if (applyStarter && modules.service) {
        for (const [position, t] of starter.caseTypes.entries()) {
          if (typesHave.has(t.name)) continue;
          const ct = await this.#d.caseTypes.create(ctx, { ...t, position }, trx);
          created.caseTypes.push(ct.id);
        }
        for (const p of starter.slaPolicies) {
          // One catch-all policy per priority: a priority that already has one keeps it.
          if (slaHave.some((h) => h.priority === p.priority && h.caseTypeId === null)) continue;
          const sp = await this.#d.sla.create(ctx, { ...p, caseTypeId: null }, trx);
          created.slaPolicies.push(sp.id);
        }
      }
      if (applyStarter) {
        for (const [position, f] of starter.fields.entries()) {
          // Deals' fields come with sales, cases' with service; a field whose key exists already is kept as it is.
          if ((f.object === 'deals' && !modules.sales) || (f.object === 'cases' && !modules.service)) continue;
          if (fieldsHave.has(`${f.object}.${f.key}`)) continue;
          const cf = await this.#d.customFields.create(ctx, { ...f, position: 100 + position }, trx);
          created.customFields.push(cf.id);
        }
      }
      for (const p of prepared) created.objectives.push((await this.#d.objectives.insertPrepared(ctx, p, trx)).id);
      await repo.saveState(trx, {
        business_kind: input.businessKind,
        watched_metrics: JSON.stringify([...new Set(input.watchedMetrics ?? starter.watchedMetrics)]),
        completed_at: new Date(nowMs).toISOString(),
        completed_by: ctx.actor.id,
      });
    });
    return { status: await this.status(), created };
  }
}
