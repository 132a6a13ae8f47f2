/**
 * The messages of a case: what the customer wrote (from the portal) and what agents answered or noted. A reply to the
 * customer (`direction: out`, not internal) is mailed to the case's person and answers a new case (its first
 * response); a customer's message on a case waiting on them, or resolved, opens it again. Each message is on the
 * timeline of the case, its person and its company (`case.message_added`).
 */
import type { Selectable } from 'kysely';
import type { Database, Executor } from '../../db/database.ts';
import type { CaseMessagesTable } from '../../db/schema.ts';
import { assertCan, type Ctx } from '../../platform/access/policy.ts';
import { notFound } from '../../platform/errors.ts';
import type { EventBus } from '../../platform/events.ts';
import { newId, now } from '../../platform/ids.ts';
import type { Mailer } from '../../platform/mail/index.ts';
import { userNames } from '../identity/index.ts';
import type { PeopleService } from '../people/index.ts';
import type { WorkspaceService } from '../workspace/index.ts';
import type { CaseMessage, PostCaseMessage } from './cases.schemas.ts';
import type { CasesService } from './cases.service.ts';
import { insertAttachments } from './inbound-email.repository.ts';
import type { StoredFile } from './inbound-email.service.ts';

type Row = Selectable<CaseMessagesTable>;

export interface CaseMessagesDeps {
  database: Database;
  events: EventBus;
  cases: CasesService;
  people: PeopleService;
  workspace: WorkspaceService;
  mailer: Mailer;
  /** RAPPORT_INBOUND_DOMAIN: replies carry `Reply-To: <reference>@<domain>` when set. */
  inboundDomain?: string;
}

/** An inbound mail to store on a case (already checked: not a duplicate). */
export interface InboundMessage {
  id: string;
  body: string;
  messageId: string;
  from: string;
  authorName: string;
  automated: boolean;
  summary: string;
}

/** Who wrote a customer's message: the portal user and their name (the case's person, or a company colleague). */
export interface CustomerAuthor {
  portalUserId: string;
  name: string;
}

export class CaseMessagesService {
  readonly #d: CaseMessagesDeps;

  constructor(deps: CaseMessagesDeps) {
    this.#d = deps;
  }

  /** The thread of a case the reader may see, oldest first; `publicOnly` leaves internal notes and automatic mail out. */
  async list(ctx: Ctx, caseId: string, opts: { publicOnly?: boolean } = {}): Promise<CaseMessage[]> {
    await this.#d.cases.get(ctx, caseId); // 404 when the reader may not see the case
    return this.thread(caseId, opts);
  }

  /** The thread of a case, without an access check: callers have checked the case is theirs to read. */
  async thread(caseId: string, opts: { publicOnly?: boolean } = {}, db: Executor = this.#d.database.db) {
    let q = db.selectFrom('case_messages').selectAll().where('case_id', '=', caseId);
    // The customer's view: no internal notes, and no auto-replies or bounces about their own mail.
    if (opts.publicOnly) q = q.where('internal', '=', 0).where('automated', '=', 0);
    const rows = await q.orderBy('created_at').orderBy('id').execute();
    const users = await userNames(db, [...new Set(rows.flatMap((r) => (r.author_user_id ? [r.author_user_id] : [])))]);
    const files = rows.length
      ? await db
          .selectFrom('case_attachments')
          .select(['id', 'message_id', 'filename', 'content_type', 'size', 'status', 'refused_reason'])
          .where('case_id', '=', caseId)
          .orderBy('id')
          .execute()
      : [];
    return rows.map((r) =>
      toDto(
        r,
        r.author_user_id ? (users.get(r.author_user_id) ?? r.author_name) : r.author_name,
        files.filter((f) => f.message_id === r.id),
      ),
    );
  }

  /** An agent's reply (mailed to the customer) or internal note on a case they may update. */
  async post(ctx: Ctx, caseId: string, input: PostCaseMessage): Promise<CaseMessage> {
    assertCan(ctx.actor, 'cases', 'update');
    const c = await this.#d.cases.get(ctx, caseId);
    const direction = input.direction ?? 'out';
    const internal = input.internal ?? false;
    const body = input.body.trim();
    const row = await this.#d.database.db.transaction().execute(async (trx) => {
      const id = newId();
      // A reply that is mailed gets its Message-ID, so the customer's answer finds its way back to this thread.
      const to = direction === 'out' && !internal ? await this.#recipient(trx, ctx, c) : undefined;
      const row = await this.#insert(trx, {
        id,
        message_id: to ? `<${id}@${this.#d.mailer.domain}>` : null,
        email_from: null,
        automated: 0,
        case_id: caseId,
        direction,
        internal: internal ? 1 : 0,
        body,
        channel: direction === 'out' ? 'email' : (c.channel ?? 'phone'),
        author_user_id: ctx.actor.id,
        author_portal_user_id: null,
        author_name: ctx.actor.name,
      });
      const line = internal
        ? `Case ${c.reference}: internal note`
        : direction === 'out'
          ? `Case ${c.reference}: reply sent to the customer`
          : `Case ${c.reference}: customer message logged`;
      await this.#publish(trx, ctx, c, row, line);
      if (direction === 'out' && !internal) {
        // An answer to a new case is its first response.
        if (c.status === 'new') await this.#d.cases.records.update(ctx, caseId, { status: 'open' }, undefined, trx);
        if (to) await this.#mail(trx, c, to, row);
      }
      return row;
    });
    return toDto(row, ctx.actor.name, []);
  }

  /**
   * A customer's message from the portal, with the ctx the portal acts in (its narrow actor). A case waiting on the
   * customer, or resolved, is open again: the customer has answered, or the problem is not solved.
   */
  async postFromCustomer(
    ctx: Ctx,
    caseId: string,
    author: CustomerAuthor,
    text: string,
    files: StoredFile[] = [],
  ): Promise<CaseMessage> {
    const c = await this.#d.cases.get(ctx, caseId);
    const row = await this.#d.database.db.transaction().execute(async (trx) => {
      const row = await this.#insert(trx, {
        id: newId(),
        message_id: null,
        email_from: null,
        automated: 0,
        case_id: caseId,
        direction: 'in',
        internal: 0,
        body: text.trim(),
        channel: 'portal',
        author_user_id: null,
        author_portal_user_id: author.portalUserId,
        author_name: author.name,
      });
      // The files came with the message: checked and stored by the caller (the inbound mail's store), listed here.
      await insertAttachments(
        trx,
        files.map((f) => ({ ...f, id: newId(), case_id: caseId, message_id: row.id, created_at: row.created_at })),
      );
      const attached = files.length > 0 ? ` (${files.length} file${files.length === 1 ? '' : 's'} attached)` : '';
      await this.#publish(trx, ctx, c, row, `Case ${c.reference}: ${author.name} replied in the portal${attached}`);
      if (c.status === 'pending_customer' || c.status === 'resolved') {
        await this.#d.cases.records.update(ctx, caseId, { status: 'open' }, undefined, trx);
      }
      return row;
    });
    return (await this.thread(caseId)).find((m) => m.id === row.id) ?? toDto(row, author.name, []);
  }

  /**
   * A stored file on a customer-facing message of a case (not an internal note, not automatic mail), for the portal:
   * the caller has checked the case is the customer's. Undefined for anything else (another case's file, a refused
   * one), which the portal answers 404.
   */
  async publicAttachment(caseId: string, attachmentId: string, db: Executor = this.#d.database.db) {
    return db
      .selectFrom('case_attachments as f')
      .innerJoin('case_messages as m', 'm.id', 'f.message_id')
      .select(['f.id', 'f.filename', 'f.content_type', 'f.sha256'])
      .where('f.id', '=', attachmentId)
      .where('f.case_id', '=', caseId)
      .where('m.case_id', '=', caseId)
      .where('f.status', '=', 'stored')
      .where('m.internal', '=', 0)
      .where('m.automated', '=', 0)
      .executeTakeFirst();
  }

  /**
   * An inbound email on a case, in the caller's transaction (the inbound mail service has found the case, checked the
   * Message-ID is new and stores the attachments). A customer's answer to a case waiting on them, or resolved, opens it
   * again; an automatic reply or a bounce is only recorded.
   */
  async recordInbound(trx: Executor, ctx: Ctx, caseId: string, m: InboundMessage): Promise<void> {
    const [c] = await this.#d.cases.records.getMany(ctx, [caseId], trx);
    if (!c) throw notFound('cases');
    const row = await this.#insert(trx, {
      id: m.id,
      message_id: m.messageId,
      email_from: m.from,
      automated: m.automated ? 1 : 0,
      case_id: caseId,
      direction: 'in',
      internal: 0,
      body: m.body,
      channel: 'email',
      author_user_id: null,
      author_portal_user_id: null,
      author_name: m.authorName,
    });
    await this.#publish(trx, ctx, c, row, m.summary);
    if (!m.automated && (c.status === 'pending_customer' || c.status === 'resolved')) {
      await this.#d.cases.records.update(ctx, caseId, { status: 'open' }, undefined, trx);
    }
  }

  async #insert(trx: Executor, values: Omit<Row, 'created_at'>): Promise<Row> {
    const row: Row = { ...values, created_at: now() };
    // An exchange with the customer (what first-contact resolution counts): every reply sent to them, and every
    // message from them but their first. Internal notes and automatic mail are not exchanges.
    const customerFacing = row.internal === 0 && row.automated !== 1;
    let exchange = customerFacing && row.direction === 'out';
    if (customerFacing && row.direction === 'in') {
      const earlier = await trx
        .selectFrom('case_messages')
        .select('id')
        .where('case_id', '=', row.case_id)
        .where('direction', '=', 'in')
        .where('internal', '=', 0)
        .where('automated', '=', 0)
        .limit(1)
        .executeTakeFirst();
      exchange = earlier !== undefined;
    }
    await trx.insertInto('case_messages').values(row).execute();
    if (exchange)
      await trx
        .updateTable('cases')
        .set((eb) => ({ exchange_count: eb('exchange_count', '+', 1) }))
        .where('id', '=', row.case_id)
        .execute();
    return row;
  }

  async #publish(
    trx: Executor,
    ctx: Ctx,
    c: Awaited<ReturnType<CasesService['get']>>,
    row: Row,
    summary: string,
  ): Promise<void> {
    await this.#d.events.publish(trx, ctx, {
      type: 'case.message_added',
      object: 'cases',
      recordId: c.id,
      payload: {
        caseId: c.id,
        reference: c.reference,
        messageId: row.id,
        direction: row.direction,
        internal: row.internal === 1,
        channel: row.channel,
        personId: c.personId ?? null,
        companyId: c.companyId ?? null,
      },
      timeline: {
        summary,
        personId: c.personId ?? null,
        companyId: c.companyId ?? null,
        subjectKind: 'cases',
        subjectId: c.id,
        department: 'service',
        at: row.created_at,
      },
    });
  }

  /** Where a reply goes: the case's person at their first email (nothing to send without one). */
  async #recipient(
    trx: Executor,
    ctx: Ctx,
    c: Awaited<ReturnType<CasesService['get']>>,
  ): Promise<{ email: string; name: string } | undefined> {
    if (!c.personId) return undefined;
    const [person] = await this.#d.people.getMany(ctx, [c.personId], trx);
    const email = person?.emails?.[0]?.email;
    if (!person || !email) return undefined;
    return { email, name: [person.firstName, person.lastName].filter(Boolean).join(' ') };
  }

  /**
   * The reply, mailed with its Message-ID, `In-Reply-To` the newest mail of the thread, `References` every earlier
   * mail of the thread, the reference in the subject (`[C-1042] …`) and a Reply-To on the inbound domain when set.
   */
  async #mail(
    trx: Executor,
    c: Awaited<ReturnType<CasesService['get']>>,
    to: { email: string; name: string },
    row: Row,
  ): Promise<void> {
    const earlier = await trx
      .selectFrom('case_messages')
      .select(['message_id'])
      .where('case_id', '=', c.id)
      .where('message_id', 'is not', null)
      .where('id', '!=', row.id)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    const references = earlier.map((r) => r.message_id as string);
    const workspace = await this.#d.workspace.get(trx);
    const reference = c.reference ?? '';
    await this.#d.mailer.send(trx, {
      to: to.email,
      template: 'case-reply',
      data: {
        name: to.name,
        reference,
        subject: c.subject ?? '',
        body: row.body,
        link: this.#d.mailer.link(`/portal/requests/${c.id}`),
        workspace: workspace.name,
      },
      headers: {
        messageId: row.message_id ?? undefined,
        ...(references.length ? { inReplyTo: references.at(-1), references } : {}),
        ...(this.#d.inboundDomain && reference
          ? { replyTo: `${reference.toLowerCase()}@${this.#d.inboundDomain}` }
          : {}),
      },
    });
  }
}

interface AttachmentRow {
  id: string;
  filename: string;
  content_type: string;
  size: number;
  status: string;
  refused_reason: string | null;
}

function toDto(r: Row, author: string | null, files: AttachmentRow[]): CaseMessage {
  return {
    id: r.id,
    caseId: r.case_id,
    direction: r.direction as CaseMessage['direction'],
    internal: r.internal === 1,
    body: r.body,
    channel: r.channel,
    author: author ? { name: author, customer: r.author_portal_user_id !== null } : null,
    createdAt: r.created_at,
    messageId: r.message_id,
    emailFrom: r.email_from,
    automated: r.automated === 1,
    attachments: files.map((f) => ({
      id: f.id,
      filename: f.filename,
      contentType: f.content_type,
      size: Number(f.size),
      stored: f.status === 'stored',
      refusedReason: f.refused_reason,
    })),
  };
}
