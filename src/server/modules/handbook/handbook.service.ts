/**
 * The process handbook: every process the business has configured, with its documentation beside it, gathered from
 * the modules that own them through their services (pipelines and their stage playbooks and the web forms' lead
 * assignment from sales, case types and their resolution steps and SLA policies from service, the contact cadence
 * from the workspace); each with an owner, a last-reviewed date (this module's `process_reviews`) and its change
 * history from the audit trail. Every staff login may read it; the owner, managers and administrators mark an entry
 * reviewed; administrators choose owners.
 */
import type { Database } from '../../db/database.ts';
import { type Ctx, can } from '../../platform/access/policy.ts';
import { diff, recordAudit } from '../../platform/audit.ts';
import { codedError, forbidden, validation } from '../../platform/errors.ts';
import { now } from '../../platform/ids.ts';
import type { AuditService, ConfigChange, ConfigObject } from '../audit/index.ts';
import { userBriefs } from '../identity/index.ts';
import { dealsKind, type LeadFormsService, type PipelinesService } from '../sales/index.ts';
import type { CaseTypesService, SlaService } from '../service/index.ts';
import type { WorkspaceService } from '../workspace/index.ts';
import { HANDBOOK_ERRORS } from './handbook.errors.ts';
import * as repo from './handbook.repository.ts';
import type { HandbookEntry, HandbookList, ProcessKind, SetOwner } from './handbook.schemas.ts';

/** A deal field a stage requires, in words (`expectedCloseDate` → "Expected close"; custom fields by their key). */
const dealFieldLabel = (key: string): string =>
  key === 'people' ? 'People' : (dealsKind.fields.find((f) => f.key === key)?.label ?? key.replace(/^cf\./, ''));

type Draft = Omit<HandbookEntry, 'owner' | 'lastReviewedAt' | 'lastReviewedBy' | 'updatedAt' | 'history' | 'canReview'>;

const AUDIT_OBJECT: Record<ProcessKind, ConfigObject> = {
  pipeline: 'pipelines',
  case_type: 'case_types',
  sla_policy: 'sla_policies',
  lead_form: 'lead_forms',
  cadence: 'workspace',
};

/** The workspace's own audit id: its history holds every workspace setting; the cadence entry keeps its own. */
const WORKSPACE_RECORD = 'default';
const STAGE_LABELS: Record<string, string> = {
  lead: 'Lead',
  prospect: 'Prospect',
  customer: 'Customer',
  former_customer: 'Former customer',
};
const PRIORITY_LABELS: Record<string, string> = { low: 'Low', normal: 'Normal', high: 'High', urgent: 'Urgent' };

/** Business minutes in words: "4 business hours", "2 business days" (of 8 hours)... kept simple: minutes or hours. */
export function businessTime(minutes: number): string {
  if (minutes % 60 !== 0) return `${minutes} business minutes`;
  const h = minutes / 60;
  return `${h} business hour${h === 1 ? '' : 's'}`;
}

const plain = (html: string | null) => (html ?? '').replace(/<[^>]*>/g, ' ');

/** Whether an entry holds every word of a query (name, kind, description, sections), ignoring case. */
export function matches(entry: Draft, q: string | undefined): boolean {
  const words = (q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const text = [
    entry.name,
    entry.kindLabel,
    entry.description ?? '',
    ...entry.sections.flatMap((s) => [s.title, ...s.facts, plain(s.html)]),
  ]
    .join(' ')
    .toLowerCase();
  return words.every((w) => text.includes(w));
}

export class HandbookService {
  readonly #d: HandbookDeps;

  constructor(d: HandbookDeps) {
    this.#d = d;
  }

  /** Every configured process, as the modules switched on define them, filtered by `q`. */
  async list(ctx: Ctx, q?: string): Promise<HandbookList> {
    const drafts = (await this.#drafts()).filter((e) => matches(e, q));
    const db = this.#d.database.db;
    const reviews = new Map((await repo.listReviews(db)).map((r) => [`${r.kind}|${r.process_id}`, r]));
    const histories = new Map<ProcessKind, Map<string, ConfigChange[]>>();
    for (const kind of new Set(drafts.map((d) => d.kind))) {
      const ids = drafts.filter((d) => d.kind === kind).map((d) => (kind === 'cadence' ? WORKSPACE_RECORD : d.id));
      histories.set(kind, await this.#d.audit.configHistory(AUDIT_OBJECT[kind], ids));
    }
    const users = await userBriefs(
      db,
      [...reviews.values()].flatMap((r) => [r.owner_id, r.reviewed_by]),
    );
    const ref = (id: string | null) => {
      const u = id ? users.get(id) : undefined;
      return u ? { id: u.id, name: u.name } : null;
    };
    const data = drafts.map((d): HandbookEntry => {
      const review = reviews.get(`${d.kind}|${d.id}`);
      let history = histories.get(d.kind)?.get(d.kind === 'cadence' ? WORKSPACE_RECORD : d.id) ?? [];
      if (d.kind === 'cadence') history = history.filter((h) => h.fields.includes('cadenceDefaults'));
      const owner = ref(review?.owner_id ?? null);
      return {
        ...d,
        owner,
        lastReviewedAt: review?.reviewed_at ?? null,
        lastReviewedBy: ref(review?.reviewed_by ?? null),
        updatedAt: history.find((h) => h.action !== 'review' && h.action !== 'owner_change')?.at ?? null,
        history,
        canReview: this.#mayReview(ctx, owner?.id ?? null),
      };
    });
    return { data, canAssignOwners: can(ctx.actor, 'settings', 'update') };
  }

  /** Marks a process reviewed by the caller, now. */
  async review(ctx: Ctx, kind: ProcessKind, id: string): Promise<HandbookEntry> {
    const entry = await this.#entry(ctx, kind, id);
    if (!entry.canReview) throw forbidden('Only its owner, a manager or an administrator may mark a process reviewed.');
    const t = now();
    await this.#d.database.db.transaction().execute(async (trx) => {
      await repo.upsertReview(trx, kind, id, { reviewed_at: t, reviewed_by: ctx.actor.id, updated_at: t });
      await recordAudit(trx, ctx, {
        action: 'review',
        object: AUDIT_OBJECT[kind],
        recordId: kind === 'cadence' ? WORKSPACE_RECORD : id,
        changes: kind === 'cadence' ? { cadenceDefaults: { from: null, to: null } } : {},
        meta: { handbook: true },
      });
    });
    return this.#entry(ctx, kind, id);
  }

  /** Chooses a process's owner (administrators: those who may change settings). */
  async setOwner(ctx: Ctx, kind: ProcessKind, id: string, input: SetOwner): Promise<HandbookEntry> {
    if (!can(ctx.actor, 'settings', 'update')) throw forbidden('Only administrators choose the owners of processes.');
    const before = await this.#entry(ctx, kind, id);
    if (input.ownerId !== null) {
      const u = (await userBriefs(this.#d.database.db, [input.ownerId])).get(input.ownerId);
      if (!u?.active) throw validation([{ pointer: '/ownerId', detail: 'must be an active user' }]);
    }
    const t = now();
    await this.#d.database.db.transaction().execute(async (trx) => {
      await repo.upsertReview(trx, kind, id, { owner_id: input.ownerId, updated_at: t });
      await recordAudit(trx, ctx, {
        action: 'owner_change',
        object: AUDIT_OBJECT[kind],
        recordId: kind === 'cadence' ? WORKSPACE_RECORD : id,
        changes: {
          ...(kind === 'cadence' ? { cadenceDefaults: { from: null, to: null } } : {}),
          ...diff({ owner: before.owner?.id ?? null }, { owner: input.ownerId }),
        },
        meta: { handbook: true },
      });
    });
    return this.#entry(ctx, kind, id);
  }

  async #entry(ctx: Ctx, kind: ProcessKind, id: string): Promise<HandbookEntry> {
    const found = (await this.list(ctx)).data.find((e) => e.kind === kind && e.id === id);
    if (!found) throw codedError(HANDBOOK_ERRORS, 'handbook.not_found', 'Not found', `There is no ${kind} ${id}.`);
    return found;
  }

  #mayReview(ctx: Ctx, ownerId: string | null): boolean {
    return ownerId === ctx.actor.id || can(ctx.actor, 'settings', 'read');
  }

  /** The processes of the modules switched on, with their documentation, in a stable order. */
  async #drafts(): Promise<Draft[]> {
    const ws = await this.#d.workspace.get();
    const out: Draft[] = [];
    if (ws.modules.sales) {
      const pipelines = await this.#d.pipelines.list();
      const stageName = new Map(
        pipelines.flatMap((p) => p.stages.map((s) => [s.id, `${p.name} → ${s.name}`] as const)),
      );
      for (const p of pipelines) {
        out.push({
          kind: 'pipeline',
          id: p.id,
          kindLabel: 'Pipeline',
          name: p.name,
          description: p.description,
          sections: p.stages.map((s) => ({
            title: s.name,
            facts: [
              s.outcome === 'open' ? `Win probability ${s.probability}%` : s.outcome === 'won' ? 'Won' : 'Lost',
              ...(s.stalledAfterDays ? [`Stalled after ${s.stalledAfterDays} days`] : []),
              ...(s.requiredFields.length > 0
                ? [`Required to enter: ${s.requiredFields.map(dealFieldLabel).join(', ')}`]
                : []),
            ],
            html: s.playbookHtml,
          })),
          editPath: '/settings/pipelines',
        });
      }
      const forms = await this.#d.leadForms.listForHandbook();
      const names = await userBriefs(
        this.#d.database.db,
        forms.flatMap((f) => [f.ownerId, ...Object.values(f.assignByCountry)]),
      );
      for (const f of forms) {
        const countries = Object.entries(f.assignByCountry);
        out.push({
          kind: 'lead_form',
          id: f.id,
          kindLabel: 'Lead assignment (web form)',
          name: f.name,
          description: f.active ? 'Active: submissions create leads.' : 'Inactive: the form takes no submissions.',
          sections: [
            {
              title: 'Where leads go',
              facts: [
                `New deals in ${stageName.get(f.stageId) ?? 'a stage no longer there'}`,
                f.ownerId ? `Owner: ${names.get(f.ownerId)?.name ?? 'a former user'}` : 'No fixed owner',
                ...(f.assignTeamId ? ['Assigned in turn within a team'] : []),
                ...countries.map(([c, u]) => `Leads from ${c}: ${names.get(u)?.name ?? u}`),
              ],
              html: null,
            },
          ],
          editPath: '/settings/web-forms',
        });
      }
    }
    if (ws.modules.service) {
      const types = await this.#d.caseTypes.list({ includeArchived: false });
      const typeName = new Map(types.map((t) => [t.id, t.name]));
      for (const t of types) {
        out.push({
          kind: 'case_type',
          id: t.id,
          kindLabel: 'Case type',
          name: t.name,
          description: null,
          sections: [
            {
              title: 'Resolution steps',
              facts: [
                `Default priority: ${PRIORITY_LABELS[t.defaultPriority] ?? t.defaultPriority}`,
                ...(t.requiredFields.length > 0 ? [`Required: ${t.requiredFields.join(', ')}`] : []),
              ],
              html: t.processHtml,
            },
          ],
          editPath: '/settings/case-types',
        });
      }
      for (const p of await this.#d.sla.list()) {
        out.push({
          kind: 'sla_policy',
          id: p.id,
          kindLabel: 'SLA policy',
          name: p.name,
          description: null,
          sections: [
            {
              title: 'Targets',
              facts: [
                `Applies to ${p.priority ? `${PRIORITY_LABELS[p.priority] ?? p.priority} priority` : 'any priority'}, ${p.caseTypeId ? `case type ${typeName.get(p.caseTypeId) ?? 'no longer there'}` : 'any case type'}`,
                `First response within ${businessTime(p.firstResponseMinutes)}`,
                `Resolution within ${businessTime(p.resolutionMinutes)}`,
              ],
              html: null,
            },
          ],
          editPath: '/settings/case-types',
        });
      }
    }
    const cadence = Object.entries(ws.cadenceDefaults);
    out.push({
      kind: 'cadence',
      id: 'workspace',
      kindLabel: 'Contact cadence',
      name: 'Contact cadence',
      description:
        'How often each customer should hear from us, by lifecycle stage; who is overdue shows as going cold on My day.',
      sections: [
        {
          title: 'Rhythm by lifecycle stage',
          facts:
            cadence.length > 0
              ? cadence.map(([stage, days]) => `${STAGE_LABELS[stage] ?? stage}: every ${days} days`)
              : ['No rhythm set'],
          html: null,
        },
      ],
      editPath: '/settings/workspace',
    });
    return out;
  }
}

export interface HandbookDeps {
  database: Database;
  workspace: WorkspaceService;
  pipelines: PipelinesService;
  leadForms: LeadFormsService;
  caseTypes: CaseTypesService;
  sla: SlaService;
  audit: AuditService;
}
