/**
 * Lead capture: web forms defined in Settings and their public submissions. A submission creates or updates the
 * person (matched by email, else phone, through the people service's own lookup), opens a deal in the form's stage for
 * the owner its rules pick (by country, round-robin within a team, or the form's owner), and keeps the source
 * (`web_form`), the UTM parameters and the message, all in one transaction: a refused submission stores nothing.
 * The writes act as the form (a system actor named after it), so the audit trail says which form wrote them.
 */

import { normaliseEmail, normalisePhone } from '../../../shared/contact.ts';
import { countryOptions, isCountryCode } from '../../../shared/countries.ts';
import type { Database, Executor } from '../../db/database.ts';
import { assertCan, BUILTIN_ROLES, type Ctx } from '../../platform/access/policy.ts';
import { diff, recordAudit } from '../../platform/audit.ts';
import { AppError, type FieldError, notFound, staleVersion, validation } from '../../platform/errors.ts';
import type { EventBus } from '../../platform/events.ts';
import { newId, now } from '../../platform/ids.ts';
import { activeTeamMemberIds, teamBriefs, userBriefs } from '../identity/index.ts';
import type { PeopleService } from '../people/index.ts';
import type { WorkspaceService } from '../workspace/index.ts';
import type { DealsService } from './deals.service.ts';
import * as repo from './lead-forms.repository.ts';
import {
  type CreateLeadForm,
  HONEYPOT_FIELD,
  LEAD_FORM_FIELDS,
  type LeadForm,
  type LeadFormField,
  type Submission,
  type SubmissionAccepted,
  type UpdateLeadForm,
  UTM_KEYS,
} from './lead-forms.schemas.ts';
import type { PipelinesService } from './pipelines.service.ts';
import { salesError } from './sales.errors.ts';

export interface LeadFormsDeps {
  database: Database;
  events: EventBus;
  workspace: WorkspaceService;
  people: PeopleService;
  deals: DealsService;
  pipelines: PipelinesService;
  /** The server's public address, for the snippet's form action (a relative action without it). */
  baseUrl: string | undefined;
}

/** Where a submission came from: the request's id and address, and the page that posted it. */
export interface SubmissionMeta {
  requestId: string;
  ip: string | null;
  referer?: string;
}

export type SubmissionResult =
  | { stored: true; accepted: SubmissionAccepted; thankYouUrl: string | null }
  | { stored: false; thankYouUrl: string | null };

const LABELS: Record<LeadFormField, string> = {
  firstName: 'First name',
  lastName: 'Last name',
  email: 'Email',
  phone: 'Phone',
  companyName: 'Company',
  message: 'Message',
  country: 'Country',
};
const AUTOCOMPLETE: Record<LeadFormField, string> = {
  firstName: 'given-name',
  lastName: 'family-name',
  email: 'email',
  phone: 'tel',
  companyName: 'organization',
  message: 'off',
  country: 'country-name',
};

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The embeddable HTML form: plain HTML posting form-encoded to the public endpoint, the honeypot off-screen. */
export function snippetFor(form: { id: string; fields: LeadFormField[] }, submitUrl: string): string {
  const id = (f: string) => `rapport-${form.id}-${f}`;
  const onlyEmail = form.fields.includes('email') && !form.fields.includes('phone');
  const onlyPhone = form.fields.includes('phone') && !form.fields.includes('email');
  const rows = LEAD_FORM_FIELDS.filter((f) => form.fields.includes(f)).map((f) => {
    const required = (f === 'email' && onlyEmail) || (f === 'phone' && onlyPhone) ? ' required' : '';
    const input =
      f === 'message'
        ? `<textarea id="${id(f)}" name="${f}" rows="5" maxlength="5000"></textarea>`
        : `<input id="${id(f)}" name="${f}" type="${f === 'email' ? 'email' : f === 'phone' ? 'tel' : 'text'}" autocomplete="${AUTOCOMPLETE[f]}"${required}>`;
    return `  <p><label for="${id(f)}">${LABELS[f]}</label><br>${input}</p>`;
  });
  return [
    `<form action="${escapeHtml(submitUrl)}" method="post" accept-charset="utf-8">`,
    ...rows,
    // People never see or fill this field (off-screen, skipped by the keyboard and by screen readers); robots do.
    `  <div style="position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden" aria-hidden="true"><label for="${id(HONEYPOT_FIELD)}">Leave this empty</label><input id="${id(HONEYPOT_FIELD)}" name="${HONEYPOT_FIELD}" type="text" tabindex="-1" autocomplete="off"></div>`,
    '  <p><button type="submit">Send</button></p>',
    '</form>',
  ].join('\n');
}

/** A country typed into a form ("DE", "de", "Germany") as its ISO code, or undefined when it is none. */
function countryCode(input: string): string | undefined {
  const v = input.trim();
  if (/^[a-z]{2}$/i.test(v) && isCountryCode(v.toUpperCase())) return v.toUpperCase();
  const lower = v.toLowerCase();
  return countryOptions('en').find((o) => o.label.toLowerCase() === lower)?.value;
}

/** The UTM parameters of a submission: from its body, else from the query string of the page that posted it. */
function utmOf(body: Submission, referer: string | undefined): Record<(typeof UTM_KEYS)[number], string | null> {
  let fromPage: URLSearchParams | undefined;
  try {
    fromPage = referer ? new URL(referer).searchParams : undefined;
  } catch {
    fromPage = undefined;
  }
  return Object.fromEntries(
    UTM_KEYS.map((k) => [k, body[k]?.trim() || fromPage?.get(k)?.trim().slice(0, 200) || null]),
  ) as Record<(typeof UTM_KEYS)[number], string | null>;
}

export class LeadFormsService {
  readonly #d: LeadFormsDeps;

  constructor(deps: LeadFormsDeps) {
    this.#d = deps;
  }

  get #db() {
    return this.#d.database.db;
  }

  /** Row locks exist on PostgreSQL; SQLite serialises writers already. */
  get #lock() {
    return this.#d.database.dialect === 'postgres';
  }

  submitUrl(id: string): string {
    return `${(this.#d.baseUrl ?? '').replace(/\/$/, '')}/api/public/forms/${id}/submissions`;
  }

  #dto(r: repo.LeadFormRow): LeadForm {
    const fields = JSON.parse(r.fields) as LeadFormField[];
    const submitUrl = this.submitUrl(r.id);
    return {
      id: r.id,
      name: r.name,
      fields,
      pipelineId: r.pipeline_id,
      stageId: r.stage_id,
      ownerId: r.owner_id,
      assignTeamId: r.assign_team_id,
      assignByCountry: JSON.parse(r.assign_by_country) as Record<string, string>,
      thankYouUrl: r.thank_you_url,
      active: r.active === 1,
      submitUrl,
      snippet: snippetFor({ id: r.id, fields }, submitUrl),
      version: r.version,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
  }

  // ---------- the forms (Settings) ----------

  async list(ctx: Ctx): Promise<LeadForm[]> {
    assertCan(ctx.actor, 'settings', 'read');
    return (await repo.listForms(this.#db)).map((r) => this.#dto(r));
  }

  /**
   * Every form with its assignment rules, for the process handbook every staff member reads (the rules are how leads
   * reach people, not a secret; editing stays with Settings).
   */
  async listForHandbook(): Promise<LeadForm[]> {
    return (await repo.listForms(this.#db)).map((r) => this.#dto(r));
  }

  async get(ctx: Ctx, id: string): Promise<LeadForm> {
    assertCan(ctx.actor, 'settings', 'read');
    const row = await repo.findForm(this.#db, id);
    if (!row) throw notFound('lead_forms');
    return this.#dto(row);
  }

  /** Problems with a form's target and assignment: each names its field. */
  async #check(
    db: Executor,
    f: Omit<LeadForm, 'id' | 'version' | 'createdAt' | 'updatedAt' | 'snippet' | 'submitUrl'>,
  ) {
    const errors: FieldError[] = [];
    const err = (pointer: string, detail: string) => errors.push({ pointer, detail, in: 'body' });
    if (f.name.trim() === '') err('/name', 'is required');
    if (!f.fields.includes('email') && !f.fields.includes('phone')) {
      err('/fields', 'must include email or phone (a submission is matched to a person by them)');
    }
    const stage = await this.#d.pipelines.stage(f.stageId, db);
    if (!stage || stage.pipelineId !== f.pipelineId) err('/stageId', 'is not a stage of that pipeline');
    else if (stage.outcome !== 'open')
      err('/stageId', 'is a won or lost stage: deals from a form open in an open stage');
    else if (stage.requiredFields.length > 0) {
      err('/stageId', `requires ${stage.requiredFields.join(', ')}, which a web form cannot fill`);
    }
    const users = await userBriefs(db, [f.ownerId, ...Object.values(f.assignByCountry)]);
    if (f.ownerId && !users.get(f.ownerId)?.active) err('/ownerId', 'is not an active user');
    for (const [country, userId] of Object.entries(f.assignByCountry)) {
      if (!isCountryCode(country)) err(`/assignByCountry/${country}`, 'is not an ISO 3166-1 country code');
      else if (!users.get(userId)?.active) err(`/assignByCountry/${country}`, 'is not an active user');
    }
    if (f.assignTeamId && !(await teamBriefs(db, [f.assignTeamId])).has(f.assignTeamId)) {
      err('/assignTeamId', 'is not a team');
    }
    if (errors.length > 0) throw validation(errors);
  }

  async create(ctx: Ctx, input: CreateLeadForm): Promise<LeadForm> {
    assertCan(ctx.actor, 'settings', 'update');
    return this.#db.transaction().execute(async (trx) => {
      const f = {
        name: input.name.trim(),
        fields: LEAD_FORM_FIELDS.filter((x) => input.fields.includes(x)),
        pipelineId: input.pipelineId,
        stageId: input.stageId,
        ownerId: input.ownerId ?? null,
        assignTeamId: input.assignTeamId ?? null,
        assignByCountry: input.assignByCountry ?? {},
        thankYouUrl: input.thankYouUrl ?? null,
        active: input.active ?? true,
      };
      await this.#check(trx, f);
      const t = now();
      const row: repo.LeadFormRow = {
        id: newId(),
        name: f.name,
        fields: JSON.stringify(f.fields),
        pipeline_id: f.pipelineId,
        stage_id: f.stageId,
        owner_id: f.ownerId,
        assign_team_id: f.assignTeamId,
        assign_by_country: JSON.stringify(f.assignByCountry),
        last_assigned_id: null,
        thank_you_url: f.thankYouUrl,
        active: f.active ? 1 : 0,
        version: 1,
        created_by: ctx.actor.id,
        created_at: t,
        updated_at: t,
      };
      await repo.insertForm(trx, row);
      await recordAudit(trx, ctx, {
        action: 'create',
        object: 'lead_forms',
        recordId: row.id,
        changes: diff({}, { ...f }),
      });
      return this.#dto(row);
    });
  }

  async update(ctx: Ctx, id: string, input: UpdateLeadForm, ifMatch?: number): Promise<LeadForm> {
    assertCan(ctx.actor, 'settings', 'update');
    return this.#db.transaction().execute(async (trx) => {
      const row = await repo.findForm(trx, id, this.#lock);
      if (!row) throw notFound('lead_forms');
      if (ifMatch !== undefined && ifMatch !== row.version) throw staleVersion(row.version);
      const before = this.#dto(row);
      const f = {
        name: input.name?.trim() ?? before.name,
        fields: input.fields ? LEAD_FORM_FIELDS.filter((x) => input.fields?.includes(x)) : before.fields,
        pipelineId: input.pipelineId ?? before.pipelineId,
        stageId: input.stageId ?? before.stageId,
        ownerId: input.ownerId === undefined ? before.ownerId : input.ownerId,
        assignTeamId: input.assignTeamId === undefined ? before.assignTeamId : input.assignTeamId,
        assignByCountry: input.assignByCountry ?? before.assignByCountry,
        thankYouUrl: input.thankYouUrl === undefined ? before.thankYouUrl : input.thankYouUrl,
        active: input.active ?? before.active,
      };
      await this.#check(trx, f);
      const ok = await repo.updateForm(
        trx,
        id,
        {
          name: f.name,
          fields: JSON.stringify(f.fields),
          pipeline_id: f.pipelineId,
          stage_id: f.stageId,
          owner_id: f.ownerId,
          assign_team_id: f.assignTeamId,
          assign_by_country: JSON.stringify(f.assignByCountry),
          thank_you_url: f.thankYouUrl,
          active: f.active ? 1 : 0,
          updated_at: now(),
        },
        row.version,
      );
      if (!ok) throw staleVersion(row.version + 1);
      const after = this.#dto((await repo.findForm(trx, id))!);
      const pick = (x: LeadForm) => {
        const { version: _v, updatedAt: _u, snippet: _s, ...rest } = x;
        return rest as Record<string, unknown>;
      };
      await recordAudit(trx, ctx, {
        action: 'update',
        object: 'lead_forms',
        recordId: id,
        changes: diff(pick(before), pick(after)),
      });
      return after;
    });
  }

  /** Deletes a form: its public endpoint answers 404 from then on; the people and deals it made stay. */
  async remove(ctx: Ctx, id: string): Promise<void> {
    assertCan(ctx.actor, 'settings', 'update');
    await this.#db.transaction().execute(async (trx) => {
      const row = await repo.findForm(trx, id);
      if (!row) throw notFound('lead_forms');
      await repo.deleteForm(trx, id);
      await recordAudit(trx, ctx, { action: 'delete', object: 'lead_forms', recordId: id, changes: {} });
    });
  }

  // ---------- submissions (public) ----------

  /** The context a form's writes run as: the built-in admin policy, named after the form for the audit trail. */
  #formCtx(form: repo.LeadFormRow, meta: SubmissionMeta): Ctx {
    const admin = BUILTIN_ROLES.find((r) => r.key === 'admin')!;
    return {
      actor: {
        kind: 'user',
        id: `lead-form:${form.id}`,
        name: `Lead form "${form.name}"`,
        email: `lead-form:${form.id}`,
        roleId: 'system',
        roleKey: 'admin',
        policy: admin.policy,
        teamIds: [],
      },
      requestId: meta.requestId,
      ip: meta.ip,
    };
  }

  /** Who gets a submission's deal: by its country, else round-robin within the form's team, else the form's owner. */
  async #assignee(trx: Executor, form: repo.LeadFormRow, country: string | undefined): Promise<string | null> {
    const byCountry = JSON.parse(form.assign_by_country) as Record<string, string>;
    if (country && byCountry[country]) return byCountry[country]!;
    if (form.assign_team_id) {
      const members = await activeTeamMemberIds(trx, form.assign_team_id);
      if (members.length > 0) {
        const next = members.find((m) => form.last_assigned_id !== null && m > form.last_assigned_id) ?? members[0]!;
        await repo.setLastAssigned(trx, form.id, next);
        return next;
      }
    }
    return form.owner_id;
  }

  /**
   * A public submission. A filled honeypot is answered like an accepted submission but stores nothing. Bad input
   * answers 400 naming each field and stores nothing; otherwise the person, the deal, the submission and its timeline
   * entry are written in one transaction.
   */
  async submit(formId: string, body: Submission, meta: SubmissionMeta): Promise<SubmissionResult> {
    const form = await repo.findForm(this.#db, formId);
    if (form?.active !== 1) throw notFound('lead_forms', 'No active form with that id.');
    if (body[HONEYPOT_FIELD]?.trim()) return { stored: false, thankYouUrl: form.thank_you_url };
    const fields = new Set(JSON.parse(form.fields) as LeadFormField[]);
    const value = (f: LeadFormField) => (fields.has(f) ? body[f]?.trim() || undefined : undefined);
    const errors: FieldError[] = [];
    const err = (pointer: string, detail: string) => errors.push({ pointer, detail, in: 'body' });
    const ws = await this.#d.workspace.get();
    const countryText = value('country');
    const country = countryText ? countryCode(countryText) : undefined;
    if (countryText && !country) err('/country', 'is not a country');
    const emailText = value('email');
    const email = emailText ? normaliseEmail(emailText) : undefined;
    if (email && !email.ok) err('/email', email.reason);
    const phoneText = value('phone');
    const phone = phoneText ? normalisePhone(phoneText, country ?? ws.defaultCountry) : undefined;
    if (phone && !phone.ok) err('/phone', phone.reason);
    if (!emailText && !phoneText) {
      err(
        fields.has('email') ? '/email' : '/phone',
        `is required${fields.has('email') && fields.has('phone') ? ' (or a phone)' : ''}`,
      );
    }
    if (errors.length > 0) throw this.#refused(errors);
    const e164 = phone?.ok ? phone.e164 : undefined;
    const emailAddress = email?.ok ? email.email : undefined;
    const firstName = value('firstName');
    const lastName = value('lastName');
    const companyName = value('companyName');
    const message = value('message');
    const utm = utmOf(body, meta.referer);
    const ctx = this.#formCtx(form, meta);
    const { people, deals, events } = this.#d;
    try {
      return await this.#db.transaction().execute(async (trx) => {
        const locked = (await repo.findForm(trx, form.id, this.#lock)) ?? form;
        const ownerId = await this.#assignee(trx, locked, country);
        // Matched by email, else by phone, through the people service's own lookup.
        const matched =
          (emailAddress ? (await people.findByEmailOrPhone(ctx, { email: emailAddress }, trx, 1))[0] : undefined) ??
          (e164 ? (await people.findByEmailOrPhone(ctx, { e164 }, trx, 1))[0] : undefined);
        let personId: string;
        let personName: string;
        if (matched) {
          const [person] = await people.getMany(ctx, [matched], trx);
          personId = matched;
          personName = person?.fullName ?? firstName ?? emailAddress ?? e164 ?? '';
          // Fill what the person lacks; never overwrite what the CRM already holds.
          const patch: Record<string, unknown> = {};
          if (lastName && !person?.lastName) patch.lastName = lastName;
          if (emailAddress && !person?.emails.some((x) => x.email.toLowerCase() === emailAddress)) {
            patch.emails = [...(person?.emails ?? []), { email: emailAddress }];
          }
          if (e164 && !person?.phones.some((x) => x.number === e164)) {
            patch.phones = [...(person?.phones ?? []), { number: e164 }];
          }
          if (country && !person?.address?.country) patch.address = { ...(person?.address ?? {}), country };
          if (Object.keys(patch).length > 0) await people.records.update(ctx, matched, patch, undefined, trx);
        } else {
          const created = await people.records.create(
            ctx,
            {
              firstName: firstName ?? lastName ?? emailAddress?.split('@')[0] ?? e164 ?? 'Web lead',
              ...(firstName && lastName ? { lastName } : {}),
              ...(emailAddress ? { emails: [{ email: emailAddress }] } : {}),
              ...(e164 ? { phones: [{ number: e164 }] } : {}),
              ...(country ? { address: { country } } : {}),
              lifecycleStage: 'lead',
              ownerId,
            },
            trx,
          );
          personId = created.id;
          personName = created.fullName ?? firstName ?? '';
        }
        const who = personName || emailAddress || e164 || 'web lead';
        const deal = await deals.records.create(
          ctx,
          {
            name: `${companyName ? `${companyName}: ` : ''}${who} (${form.name})`.slice(0, 200),
            pipelineId: form.pipeline_id,
            stageId: form.stage_id,
            ownerId,
            source: 'web_form',
            people: [{ personId, role: 'decision_maker' }],
          },
          trx,
        );
        const submissionId = newId();
        await repo.insertSubmission(trx, {
          id: submissionId,
          form_id: form.id,
          person_id: personId,
          deal_id: deal.id,
          person_created: matched ? 0 : 1,
          ...utm,
          message: message ?? null,
          ip: meta.ip,
          created_at: now(),
        });
        const campaign = [utm.utm_source, utm.utm_medium, utm.utm_campaign].filter(Boolean).join(' / ');
        await events.publish(trx, ctx, {
          type: 'lead.captured',
          object: 'deals',
          recordId: deal.id,
          payload: {
            formId: form.id,
            formName: form.name,
            submissionId,
            personId,
            dealId: deal.id,
            personCreated: !matched,
            companyName: companyName ?? null,
            message: message ? message.slice(0, 280) : null,
            ...utm,
          },
          timeline: {
            summary: `Web form "${form.name}" submitted${campaign ? ` (${campaign})` : ''}${message ? `: ${message.slice(0, 120)}` : ''}`,
            personId,
            subjectKind: 'deals',
            subjectId: deal.id,
            department: 'sales',
          },
        });
        return {
          stored: true as const,
          accepted: { submissionId, personId, dealId: deal.id, personCreated: !matched },
          thankYouUrl: form.thank_you_url,
        };
      });
    } catch (e) {
      // A person the kernel refuses (e.g. a field rule) is still the submitter's input: name its field.
      if (e instanceof AppError && e.status === 422 && e.errors) {
        throw this.#refused(
          e.errors.map((x) => ({
            ...x,
            pointer: x.pointer.replace(/^\/emails(\/.*)?$/, '/email').replace(/^\/phones(\/.*)?$/, '/phone'),
          })),
        );
      }
      throw e;
    }
  }

  #refused(errors: FieldError[]): AppError {
    return salesError(
      'lead_forms.invalid_submission',
      'Invalid submission',
      errors.map((e) => `${e.pointer}: ${e.detail}`).join('; '),
      errors,
    );
  }
}
