/**
 * Inbound email: one entry point, `receiveEmail`, for every transport (the SMTP listener, IMAP polling, tests). A mail
 * joins the case whose thread it answers (`In-Reply-To`/`References` first, then the `[C-1042]` reference in the
 * subject, then a `c-1042@` recipient on the inbound domain), or opens a new case on the email channel for its sender,
 * who is found by email address or created as a person. Attachments are checked (size, type, magic bytes) and kept as
 * files under the data folder, named by their sha-256; a refused one is listed on the message, which is kept.
 * Automatic mail (auto-replies, bulk, bounces) is recorded on a case it answers but never reopens a case, never opens
 * one and never causes a reply. The same Message-ID twice is stored once.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { Insertable } from 'kysely';
import { type ParsedMail, simpleParser } from 'mailparser';
import { normaliseEmail } from '../../../shared/contact.ts';
import type { Database, Executor } from '../../db/database.ts';
import type { CaseAttachmentsTable } from '../../db/schema.ts';
import type { Ctx } from '../../platform/access/policy.ts';
import { notFound } from '../../platform/errors.ts';
import { newId, now } from '../../platform/ids.ts';
import type { PeopleService } from '../people/index.ts';
import type { WorkspaceService } from '../workspace/index.ts';
import type { CaseMessagesService } from './case-messages.service.ts';
import type { CasesService } from './cases.service.ts';
import * as repo from './inbound-email.repository.ts';
import {
  attachmentRefusal,
  automatedReason,
  headerText,
  messageIds,
  recipientReference,
  subjectReference,
} from './inbound-email.rules.ts';

export interface InboundEmailDeps {
  database: Database;
  cases: CasesService;
  people: PeopleService;
  messages: CaseMessagesService;
  workspace: WorkspaceService;
  dataDir: string;
  attachmentMaxBytes: number;
  inboundDomain?: string;
}

/** What became of a mail. */
export interface InboundResult {
  /** `refused`: not taken at all (the service module is off); the transport should not accept the mail. */
  outcome: 'joined' | 'opened' | 'duplicate' | 'ignored' | 'refused';
  caseId: string | null;
  messageId: string;
  /** Why the mail counts as automatic, or null. */
  automated: string | null;
  /** For `ignored`: why nothing was stored. */
  reason?: string;
}

export interface Envelope {
  /** SMTP MAIL FROM (`''` for the null sender of bounces). */
  mailFrom?: string;
  /** SMTP RCPT TO addresses. */
  rcptTo?: string[];
}

/** Who acts for inbound mail: reads and writes people and cases, everyone's (audit, timelines and history name it). */
export function inboundCtx(requestId = 'inbound-email'): Ctx {
  return {
    actor: {
      kind: 'user',
      id: 'inbound-email',
      name: 'Inbound email',
      email: 'inbound-email@localhost',
      roleId: 'inbound-email',
      roleKey: 'inbound-email',
      policy: {
        objects: { people: ['read', 'create', 'update'], companies: ['read'], cases: ['read', 'create', 'update'] },
        visibility: { people: 'all', companies: 'all', cases: 'all' },
        fields: {},
      },
      teamIds: [],
    },
    requestId,
    ip: null,
  };
}

const addresses = (v: ParsedMail['to']): string[] =>
  (v === undefined ? [] : [v].flat()).flatMap((a) => a.value.flatMap((x) => (x.address ? [x.address] : [])));

export class InboundEmailService {
  readonly #d: InboundEmailDeps;

  constructor(deps: InboundEmailDeps) {
    this.#d = deps;
  }

  /** Where attachment files live: `<data dir>/attachments/<sha[0..2]>/<sha>`. */
  filePath(sha256: string): string {
    return join(this.#d.dataDir, 'attachments', sha256.slice(0, 2), sha256);
  }

  /** A stored attachment of a case the reader may see, as a stream (404 for a refused one, or another case's). */
  async attachment(ctx: Ctx, caseId: string, attachmentId: string) {
    await this.#d.cases.get(ctx, caseId);
    const row = await repo.attachment(this.#d.database.db, caseId, attachmentId);
    if (row?.status !== 'stored' || !row.sha256) throw notFound('case_attachments');
    const path = this.filePath(row.sha256);
    const size = await stat(path).then(
      (s) => s.size,
      () => undefined,
    );
    if (size === undefined) throw notFound('case_attachments', 'The file of this attachment is missing.');
    return { filename: row.filename, contentType: row.content_type, size, stream: createReadStream(path) };
  }

  /** Takes one mail, raw (RFC 5322 bytes or a stream) or already parsed. */
  async receiveEmail(input: Buffer | string | Readable | ParsedMail, envelope: Envelope = {}): Promise<InboundResult> {
    const raw = Buffer.isBuffer(input) || typeof input === 'string' ? Buffer.from(input) : undefined;
    const mail: ParsedMail =
      raw !== undefined
        ? await simpleParser(raw)
        : isParsed(input as Readable | ParsedMail)
          ? (input as ParsedMail)
          : await simpleParser(input as Readable);
    const db = this.#d.database.db;
    const fromAddress = mail.from?.value[0]?.address?.trim().toLowerCase();
    const fromName = mail.from?.value[0]?.name?.trim() ?? '';
    // A mail without a Message-ID gets a stable one from its content, so a second delivery is still recognised.
    const messageId =
      messageIds(mail.messageId)[0] ??
      `<${createHash('sha256')
        .update(raw ?? `${fromAddress}\n${headerText(mail.headers.get('date'))}\n${mail.subject}\n${mail.text}`)
        .digest('hex')
        .slice(0, 40)}@inbound.rapport.invalid>`;
    const automated = automatedReason(mail.headers, fromAddress, envelope.mailFrom);
    const result = (outcome: InboundResult['outcome'], caseId: string | null, reason?: string): InboundResult => ({
      outcome,
      caseId,
      messageId,
      automated,
      ...(reason ? { reason } : {}),
    });
    if (!(await this.#d.workspace.isEnabled('service'))) return result('refused', null, 'the service module is off');
    if (await repo.hasMessage(db, messageId)) return result('duplicate', null);

    // The case it answers: the thread's Message-IDs first (a bounce names the original in its report), then the
    // reference in the subject, then the reference in a recipient on the inbound domain.
    const threadIds = [...messageIds(mail.inReplyTo), ...messageIds(mail.references).reverse()];
    if (automated) threadIds.push(...reportedMessageIds(mail));
    let found = await repo.caseByMessageIds(db, threadIds);
    const byRef = (ref: string | undefined) => (ref ? repo.caseByReference(db, ref) : undefined);
    found ??= await byRef(subjectReference(mail.subject));
    found ??= await byRef(
      recipientReference(
        [...(envelope.rcptTo ?? []), ...addresses(mail.to), ...addresses(mail.cc)],
        this.#d.inboundDomain,
      ),
    );
    // A closed case stays closed: a person's new mail on it opens a new case, related to it.
    const related = found?.status === 'closed' && !automated ? found.id : undefined;
    if (related) found = undefined;

    if (!found && automated) return result('ignored', null, `automatic mail (${automated}) for no case`);
    if (!found && !fromAddress) return result('ignored', null, 'no sender address');

    const ctx = inboundCtx();
    const body = (mail.text ?? '').trim() || '(no text)';
    // Files first (content-addressed: a rolled-back or repeated mail leaves at most a file that is reused), then the
    // person, the case, the message and its attachment rows in one transaction: all of them or none.
    const id = newId();
    const files = await this.#files(mail);
    let caseId = found?.id ?? null;
    try {
      await db.transaction().execute(async (trx) => {
        if (await repo.hasMessage(trx, messageId)) throw new Duplicate();
        if (!caseId) {
          const personId = await this.#person(trx, ctx, fromAddress!, fromName);
          const [person] = personId ? await this.#d.people.getMany(ctx, [personId], trx) : [];
          const opened = await this.#d.cases.create(
            ctx,
            {
              subject: (mail.subject ?? '').trim().slice(0, 300) || '(no subject)',
              description: body.slice(0, 20_000),
              channel: 'email',
              personId: personId ?? null,
              companyId: person?.companyId ?? null,
              ...(related ? { relatedCaseIds: [related] } : {}),
            },
            trx,
          );
          caseId = opened.id;
        }
        await this.#d.messages.recordInbound(trx, ctx, caseId, {
          id,
          body,
          messageId,
          from: fromAddress ?? '',
          authorName: fromName || fromAddress || 'Unknown sender',
          automated: automated !== null,
          summary: automated
            ? `Automatic email from ${fromAddress || 'an unknown sender'} (${automated})`
            : `Email from ${fromName || fromAddress}`,
        });
        await repo.insertAttachments(
          trx,
          files.map((f) => ({ ...f, id: newId(), case_id: caseId!, message_id: id, created_at: now() })),
        );
      });
    } catch (err) {
      // Delivered twice at the same moment: the other delivery stored it (the unique Message-ID); nothing of this
      // one was kept, not even a case it would have opened.
      if (err instanceof Duplicate || (await repo.hasMessage(db, messageId))) return result('duplicate', null);
      throw err;
    }
    const outcome: InboundResult['outcome'] = found ? 'joined' : 'opened';
    return result(outcome, caseId);
  }

  /** The person with this email address, or a new one (through the people service: validated, audited, on the timeline). */
  async #person(trx: Executor, ctx: Ctx, address: string, name: string): Promise<string | undefined> {
    const email = normaliseEmail(address);
    if (!email.ok) return undefined;
    const [existing] = await this.#d.people.findByEmailOrPhone(ctx, { email: email.email }, trx, 1);
    if (existing) return existing;
    const parts = name.replace(/["']/g, '').split(/\s+/).filter(Boolean);
    const firstName = (parts.length ? parts.slice(0, -1).join(' ') || parts[0]! : email.email.split('@')[0]!).slice(
      0,
      100,
    );
    const lastName = parts.length > 1 ? parts.at(-1)!.slice(0, 100) : '';
    const created = await this.#d.people.records.create(
      ctx,
      { firstName, lastName, emails: [{ email: email.email, label: 'work' }], ownerId: null },
      trx,
    );
    return created.id;
  }

  /** Each attachment checked, and a kept one written to disk; the rows to insert, without their ids. */
  #files(mail: ParsedMail) {
    return this.storeFiles(
      mail.attachments.map((a) => ({
        filename: a.filename ?? 'attachment',
        contentType: a.contentType || 'application/octet-stream',
        content: a.content,
      })),
    );
  }

  /**
   * Files that came with a message (an inbound mail, a customer's portal request or reply), each checked (size, type,
   * magic bytes) and, when kept, written under the data folder named by its sha-256 (content-addressed: a repeated or
   * rolled-back upload leaves at most a file that is reused). The `case_attachments` rows to insert, without their ids;
   * a refused file's row says why.
   */
  async storeFiles(files: { filename: string; contentType: string; content: Buffer }[]) {
    const rows: StoredFile[] = [];
    for (const a of files) {
      const filename = a.filename.replace(/[\\/\0]/g, '_').slice(0, 255) || 'attachment';
      const contentType = a.contentType.toLowerCase();
      const size = a.content.length;
      const refused = this.refusal({ filename, contentType, content: a.content });
      let sha256: string | null = null;
      if (!refused) {
        sha256 = createHash('sha256').update(a.content).digest('hex');
        const path = this.filePath(sha256);
        const exists = await stat(path).then(
          (s) => s.size === size,
          () => false,
        );
        if (!exists) {
          await mkdir(join(path, '..'), { recursive: true });
          const tmp = `${path}.${newId()}.tmp`;
          await writeFile(tmp, a.content);
          await rename(tmp, path);
        }
      }
      rows.push({
        filename,
        content_type: contentType,
        size,
        status: refused ? 'refused' : 'stored',
        refused_reason: refused,
        sha256,
      });
    }
    return rows;
  }

  /** Why a file would be refused (too large, a type not accepted, content not of its type), or null. */
  refusal(a: { filename: string; contentType: string; content: Buffer }): string | null {
    return attachmentRefusal(
      { filename: a.filename, contentType: a.contentType, size: a.content.length, head: a.content.subarray(0, 16) },
      this.#d.attachmentMaxBytes,
    );
  }

  /** The largest file kept, in bytes (RAPPORT_ATTACHMENT_MAX_BYTES). */
  get maxBytes(): number {
    return this.#d.attachmentMaxBytes;
  }
}

/** A file checked and stored (or refused), as a `case_attachments` row without its ids. */
export type StoredFile = Omit<Insertable<CaseAttachmentsTable>, 'id' | 'case_id' | 'message_id' | 'created_at'>;

class Duplicate extends Error {}

const isParsed = (v: Readable | ParsedMail): v is ParsedMail => 'headers' in v && v.headers instanceof Map;

/** The original Message-IDs a delivery report names (its `text/rfc822-headers` or `message/rfc822` part). */
function reportedMessageIds(mail: ParsedMail): string[] {
  const out: string[] = [];
  for (const a of mail.attachments) {
    if (!/^(text\/rfc822-headers|message\/rfc822|message\/global-headers)/i.test(a.contentType)) continue;
    for (const m of a.content.toString('utf8').matchAll(/^Message-ID:\s*(<[^<>\s]+>)/gim)) out.push(m[1]!);
  }
  return out;
}
