/**
 * What a signed-in customer does in the portal: their requests (cases: their own, or their company's for company
 * administrators; anyone else's do not exist: 404), replies on them, their own contact details, preferences and
 * consent, and the public knowledge base. The customer acts through a narrow actor made here (read and update
 * people, read companies, read/create/update cases), and every read and write is bounded by the customer's own person
 * and company before it reaches the cases and people services, so the staff modules' rules (validation, audit,
 * events, timelines) apply unchanged.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Database } from '../../db/database.ts';
import type { Ctx } from '../../platform/access/policy.ts';
import type { FieldError } from '../../platform/errors.ts';
import type { EventBus } from '../../platform/events.ts';
import type { ArticlesService } from '../knowledge/index.ts';
import type { PeopleService, Person } from '../people/index.ts';
import type { Case, CaseMessagesService, CasesService, InboundEmailService, StoredFile } from '../service/index.ts';
import type { WorkspaceService } from '../workspace/index.ts';
import { portalError } from './portal.errors.ts';
import {
  CONSENT_CHANNELS,
  type CreateRequest,
  type PortalProfile,
  type PortalRequest,
  type PortalRequestDetail,
  type PortalUpload,
  type UpdateProfile,
} from './portal.schemas.ts';
import type { PortalCustomer } from './portal-auth.service.ts';
import type { PortalSettingsService } from './portal-settings.service.ts';

export interface PortalDeps {
  database: Database;
  events: EventBus;
  people: PeopleService;
  cases: CasesService;
  messages: CaseMessagesService;
  articles: ArticlesService;
  workspace: WorkspaceService;
  settings: PortalSettingsService;
  /** Where files sent with requests and replies are checked and stored: the store inbound mail uses. */
  files: InboundEmailService;
}

/** The brand colour of the portal until workspaces carry their own. */
export const PORTAL_COLOR = '#1c64d6';

/** The portal's narrow actor for one customer: what the services see as "who acts" (audit, events, timelines). */
export function portalCtx(c: PortalCustomer, name: string, request: { requestId: string; ip: string | null }): Ctx {
  return {
    actor: {
      kind: 'user',
      id: `portal:${c.portalUserId}`,
      name: `${name} (customer portal)`,
      email: c.email,
      roleId: 'portal',
      roleKey: 'portal',
      policy: {
        objects: { people: ['read', 'update'], companies: ['read'], cases: ['read', 'create', 'update'] },
        visibility: { people: 'all', companies: 'all', cases: 'all' },
        fields: {},
      },
      teamIds: [],
    },
    requestId: request.requestId,
    ip: request.ip,
  };
}

const fullName = (p: Pick<Person, 'firstName' | 'lastName'>) => [p.firstName, p.lastName].filter(Boolean).join(' ');

export class PortalService {
  readonly #d: PortalDeps;

  constructor(deps: PortalDeps) {
    this.#d = deps;
  }

  /** The customer's ctx and person (the person is read through the portal's actor: every person is visible to it). */
  async session(c: PortalCustomer, request: { requestId: string; ip: string | null }) {
    const probe = portalCtx(c, 'Customer', request);
    const [person] = await this.#d.people.getMany(probe, [c.personId]);
    if (!person) throw portalError('portal.request_not_found', 'Not found', 'Your contact record is no longer there.');
    return { ctx: portalCtx(c, fullName(person), request), person };
  }

  async brand(): Promise<{ name: string; color: string; logoUrl: string | null; portal: boolean }> {
    const w = await this.#d.workspace.get();
    const s = await this.#d.settings.get();
    return { name: w.name, color: s.accentColor ?? PORTAL_COLOR, logoUrl: s.logoUrl, portal: w.modules.portal };
  }

  /** The case types the customer may choose from when raising a request. */
  async caseTypes(): Promise<{ id: string; name: string }[]> {
    return (await this.#d.settings.get()).allowedCaseTypes;
  }

  // ---------- requests ----------

  async listRequests(c: PortalCustomer, request: { requestId: string; ip: string | null }): Promise<PortalRequest[]> {
    const { ctx, person } = await this.session(c, request);
    const companyWide = c.companyAdmin && person.companyId;
    const page = await this.#d.cases.list(ctx, {
      filter: companyWide ? `companyId:eq:${person.companyId}` : `personId:eq:${c.personId}`,
      sort: '-openedAt',
      limit: 200,
    });
    return page.data.map((k) => this.#request(k, c));
  }

  async getRequest(
    c: PortalCustomer,
    request: { requestId: string; ip: string | null },
    id: string,
  ): Promise<PortalRequestDetail> {
    const { ctx, person } = await this.session(c, request);
    const k = await this.#own(ctx, c, person, id);
    const thread = await this.#d.messages.thread(id, { publicOnly: true });
    return {
      ...this.#request(k, c),
      description: k.description ?? null,
      messages: thread.map((m) => ({
        id: m.id,
        body: m.body,
        fromCustomer: m.direction === 'in',
        author: m.author?.name ?? null,
        createdAt: m.createdAt,
        attachments: m.attachments
          .filter((f) => f.stored)
          .map((f) => ({ id: f.id, filename: f.filename, contentType: f.contentType, size: f.size })),
      })),
    };
  }

  async createRequest(
    c: PortalCustomer,
    request: { requestId: string; ip: string | null },
    input: CreateRequest,
  ): Promise<PortalRequestDetail> {
    const { ctx, person } = await this.session(c, request);
    await this.#d.settings.checkRequestType(input.caseTypeId);
    const files = await this.#files(input.attachments);
    const k = await this.#d.cases.create(ctx, {
      ...(input.caseTypeId ? { caseTypeId: input.caseTypeId } : {}),
      subject: input.subject,
      description: input.description?.trim() || null,
      channel: 'portal',
      personId: c.personId,
      companyId: person.companyId ?? null,
    });
    const read = new Set<string>();
    for (const id of input.articleIds ?? []) if (await this.#d.articles.isPublic(id)) read.add(id);
    // Which articles the customer read before raising it (self-service is measured from these).
    await this.#d.database.db.transaction().execute((trx) =>
      this.#d.events.publish(trx, ctx, {
        type: 'portal.request_raised',
        object: 'cases',
        recordId: k.id,
        payload: { caseId: k.id, personId: c.personId, companyId: person.companyId ?? null, articleIds: [...read] },
      }),
    );
    // Files raised with the request arrive as the customer's first message, as a mailed request's do.
    if (files.length > 0) {
      const body = input.description?.trim() || `Attached ${files.length === 1 ? 'a file' : `${files.length} files`}`;
      await this.#d.messages.postFromCustomer(
        ctx,
        k.id,
        { portalUserId: c.portalUserId, name: fullName(person) },
        body,
        files,
      );
    }
    return this.getRequest(c, request, k.id);
  }

  async reply(
    c: PortalCustomer,
    request: { requestId: string; ip: string | null },
    id: string,
    body: string,
    attachments?: PortalUpload[],
  ): Promise<PortalRequestDetail> {
    const { ctx, person } = await this.session(c, request);
    await this.#own(ctx, c, person, id);
    const files = await this.#files(attachments);
    await this.#d.messages.postFromCustomer(
      ctx,
      id,
      { portalUserId: c.portalUserId, name: fullName(person) },
      body,
      files,
    );
    return this.getRequest(c, request, id);
  }

  /**
   * Files a customer sends, checked before anything is written (size, accepted type, content matching its type): one
   * refused answers 422 naming it (`/attachments/0`), and nothing is kept. Then stored as inbound mail's files are.
   */
  async #files(uploads: PortalUpload[] | undefined): Promise<StoredFile[]> {
    if (!uploads?.length) return [];
    const decoded = uploads.map((u) => ({
      filename: u.filename,
      contentType: u.contentType,
      content: Buffer.from(u.content, 'base64'),
    }));
    const errors: FieldError[] = [];
    decoded.forEach((f, i) => {
      const why = this.#d.files.refusal(f);
      if (why) errors.push({ pointer: `/attachments/${i}`, detail: `${f.filename}: ${why}`, in: 'body' });
    });
    if (errors.length > 0)
      throw portalError(
        'portal.attachment_refused',
        'File not accepted',
        `${errors.length === 1 ? 'A file was' : `${errors.length} files were`} not accepted: ${errors.map((e) => e.detail).join('; ')}. Images, PDF, text and office documents up to ${Math.floor(this.#d.files.maxBytes / 1024 / 1024)} MB are.`,
        errors,
      );
    return this.#d.files.storeFiles(decoded);
  }

  /**
   * A file on a customer-facing message of one of the customer's requests, as a stream. Anything else (another
   * customer's request, another request's file, an internal note's, one refused) is 404.
   */
  async attachment(c: PortalCustomer, request: { requestId: string; ip: string | null }, id: string, fileId: string) {
    const { ctx, person } = await this.session(c, request);
    await this.#own(ctx, c, person, id);
    const missing = () => portalError('portal.attachment_not_found', 'Not found', 'No such file.');
    const row = await this.#d.messages.publicAttachment(id, fileId);
    if (!row?.sha256) throw missing();
    const path = this.#d.files.filePath(row.sha256);
    const size = await stat(path).then(
      (s) => s.size,
      () => undefined,
    );
    if (size === undefined) throw missing();
    return { filename: row.filename, contentType: row.content_type, size, stream: createReadStream(path) };
  }

  /** The customer's ctx and one of their requests (theirs, or their company's for an administrator); else 404. */
  async own(c: PortalCustomer, request: { requestId: string; ip: string | null }, id: string) {
    const { ctx, person } = await this.session(c, request);
    return { ctx, person, request: await this.#own(ctx, c, person, id) };
  }

  /** A case the customer may see: theirs, or their company's for a company administrator; else 404. */
  async #own(ctx: Ctx, c: PortalCustomer, person: Person, id: string): Promise<Case> {
    const missing = () => portalError('portal.request_not_found', 'Not found', 'No such request.');
    let k: Case;
    try {
      k = await this.#d.cases.get(ctx, id);
    } catch {
      throw missing();
    }
    const mine = k.personId === c.personId;
    const company = c.companyAdmin && person.companyId !== null && k.companyId === person.companyId;
    if (!mine && !company) throw missing();
    return k;
  }

  #request(k: Case, c: PortalCustomer): PortalRequest {
    return {
      id: k.id,
      reference: k.reference ?? '',
      subject: k.subject ?? '',
      status: k.status ?? 'new',
      openedAt: k.openedAt ?? '',
      updatedAt: k.updatedAt ?? '',
      resolvedAt: k.resolvedAt ?? null,
      raisedBy: k.person?.name ?? null,
      mine: k.personId === c.personId,
    };
  }

  // ---------- profile ----------

  async profile(c: PortalCustomer, request: { requestId: string; ip: string | null }): Promise<PortalProfile> {
    const { person } = await this.session(c, request);
    return toProfile(person, c.email, (await this.#d.workspace.get()).communicationTopics);
  }

  /**
   * Changes the customer's own details through the people kernel (its validation and normalisation, audit entry and
   * `person.updated` event, acted by the customer), and puts a line on the staff timeline saying what they changed.
   */
  async updateProfile(
    c: PortalCustomer,
    request: { requestId: string; ip: string | null },
    input: UpdateProfile,
  ): Promise<PortalProfile> {
    const { ctx, person } = await this.session(c, request);
    const offered = (await this.#d.workspace.get()).communicationTopics;
    const before = toProfile(person, c.email, offered);
    const consent: Record<string, { granted: boolean; source: string }> = {};
    for (const ch of CONSENT_CHANNELS) {
      const v = input.consent?.[ch];
      if (v !== undefined && v !== before.consent[ch]) consent[ch] = { granted: v, source: 'Customer portal' };
    }
    const update = {
      ...(input.firstName !== undefined ? { firstName: input.firstName } : {}),
      ...(input.lastName !== undefined ? { lastName: input.lastName } : {}),
      ...(input.jobTitle !== undefined ? { jobTitle: input.jobTitle } : {}),
      ...(input.phones !== undefined
        ? { phones: input.phones.map((p) => ({ number: p.number, label: p.label ?? 'mobile' })) }
        : {}),
      ...(input.address !== undefined ? { address: input.address ?? {} } : {}),
      ...(input.preferredChannel !== undefined ? { preferredChannel: input.preferredChannel } : {}),
      ...(input.preferredLanguage !== undefined ? { preferredLanguage: input.preferredLanguage } : {}),
      ...(Object.keys(consent).length > 0 ? { consent } : {}),
      ...(input.topics !== undefined ? { topics: input.topics } : {}),
    };
    if (Object.keys(update).length === 0) return before;
    const after = await this.#d.database.db.transaction().execute(async (trx) => {
      const updated = await this.#d.people.records.update(ctx, c.personId, update, undefined, trx);
      const next = toProfile(updated, c.email, offered);
      const said = describe(before, next);
      if (said.length > 0) {
        await this.#d.events.publish(trx, ctx, {
          type: 'portal.profile_updated',
          object: 'people',
          recordId: c.personId,
          payload: { personId: c.personId, changed: [...new Set(said.map((s) => s.key))] },
          timeline: {
            summary: `Updated in the customer portal: ${said.map((s) => s.text).join('; ')}`,
            personId: c.personId,
            subjectKind: 'people',
            subjectId: c.personId,
            department: 'service',
          },
        });
      }
      return next;
    });
    return after;
  }
}

function toProfile(p: Person, email: string, offered: readonly string[]): PortalProfile {
  const address = p.address && Object.values(p.address).some((v) => v) ? p.address : null;
  return {
    firstName: p.firstName,
    lastName: p.lastName || null,
    jobTitle: p.jobTitle ?? null,
    email,
    phones: p.phones ?? [],
    address: address as PortalProfile['address'],
    companyName: p.company?.name ?? null,
    preferredChannel: (p.preferredChannel ?? null) as PortalProfile['preferredChannel'],
    preferredLanguage: p.preferredLanguage ?? null,
    consent: {
      email: p.consent?.email?.granted ?? false,
      phone: p.consent?.phone?.granted ?? false,
      sms: p.consent?.sms?.granted ?? false,
      post: p.consent?.post?.granted ?? false,
    },
    topics: p.topics ?? [],
    // A topic the person still has after an admin took it off the list stays shown, so it can be unticked.
    availableTopics: [...offered, ...(p.topics ?? []).filter((t) => !offered.includes(t))],
  };
}

/** What changed, in words for the timeline. */
function describe(before: PortalProfile, after: PortalProfile): { key: string; text: string }[] {
  const out: { key: string; text: string }[] = [];
  for (const ch of CONSENT_CHANNELS) {
    if (before.consent[ch] !== after.consent[ch]) {
      out.push({ key: `consent.${ch}`, text: `${ch} consent ${after.consent[ch] ? 'given' : 'withdrawn'}` });
    }
  }
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const fields: [keyof PortalProfile, string][] = [
    ['firstName', 'first name'],
    ['lastName', 'last name'],
    ['jobTitle', 'job title'],
    ['phones', 'phone numbers'],
    ['address', 'address'],
    ['preferredChannel', 'preferred channel'],
    ['preferredLanguage', 'preferred language'],
  ];
  for (const [key, label] of fields) if (!same(before[key], after[key])) out.push({ key, text: `${label} changed` });
  const added = after.topics.filter((t) => !before.topics.includes(t));
  const removed = before.topics.filter((t) => !after.topics.includes(t));
  if (added.length > 0) out.push({ key: 'topics', text: `now hears about ${added.join(', ')}` });
  if (removed.length > 0) out.push({ key: 'topics', text: `no longer hears about ${removed.join(', ')}` });
  return out;
}
