/**
 * Outgoing mail. `mailer.send(trx, { to, template, data })` writes the mail to the `mail_outbox` table inside the
 * caller's transaction, so a mail exists exactly when the change that causes it commits. A small background sender
 * (`start()`, or `drain()` directly) claims due mails with a lease, renders them (MJML + plain text) and hands them to
 * the transport: SMTP through nodemailer when `RAPPORT_MAIL_URL` is set, otherwise the dev mailbox table. A failed
 * delivery is retried with exponential backoff (30 s, 1 min, 2 min, … capped at 1 h) up to MAX_ATTEMPTS, then marked
 * failed. Self-contained on purpose, so it can move onto the general job runner later without changing `send()`.
 */
import { createTransport } from 'nodemailer';
import type { Config } from '../../config.ts';
import type { Database, Executor } from '../../db/database.ts';
import { newId, now } from '../ids.ts';
import { renderMail } from './render.ts';
import type { TemplateData, TemplateName } from './templates.ts';

export const MAX_ATTEMPTS = 8;
const LEASE_MS = 60_000;
const BASE_BACKOFF_MS = 30_000;
const MAX_BACKOFF_MS = 3_600_000;

/** Threading headers a mail carries (a case reply): kept with the queued mail in the outbox until it is delivered. */
export interface MailHeaders {
  /** `<id@domain>`, with its angle brackets. */
  messageId?: string;
  inReplyTo?: string;
  /** The thread's earlier Message-IDs, oldest first. */
  references?: string[];
  replyTo?: string;
}

export interface OutgoingMessage {
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  headers?: MailHeaders;
}

/** Where rendered mail goes. */
export interface MailTransport {
  readonly kind: 'smtp' | 'dev-mailbox';
  deliver(message: OutgoingMessage, outboxId: string): Promise<void>;
  close?(): void;
}

export function smtpTransport(url: string): MailTransport {
  const transporter = createTransport(url);
  return {
    kind: 'smtp',
    async deliver(m) {
      const h = m.headers ?? {};
      await transporter.sendMail({
        from: m.from,
        to: m.to,
        subject: m.subject,
        html: m.html,
        text: m.text,
        ...(h.messageId ? { messageId: h.messageId } : {}),
        ...(h.inReplyTo ? { inReplyTo: h.inReplyTo } : {}),
        ...(h.references?.length ? { references: h.references } : {}),
        ...(h.replyTo ? { replyTo: h.replyTo } : {}),
      });
    },
    close: () => transporter.close(),
  };
}

export function devMailboxTransport(database: Database): MailTransport {
  return {
    kind: 'dev-mailbox',
    async deliver(m, outboxId) {
      await database.db
        .insertInto('dev_mailbox')
        .values({
          id: newId(),
          outbox_id: outboxId,
          from_address: m.from,
          to_address: m.to,
          subject: m.subject,
          html: m.html,
          text: m.text,
          created_at: now(),
          headers: m.headers ? JSON.stringify(m.headers) : null,
        })
        .execute();
    },
  };
}

/** Without a base URL (tools that never mail), links point at http://localhost:3000. */
export type MailConfig = Partial<Pick<Config, 'mailUrl' | 'mailFrom' | 'baseUrl'>>;

export interface SendMail<N extends TemplateName> {
  to: string;
  template: N;
  data: TemplateData[N];
  headers?: MailHeaders;
}

/** Backoff before attempt `attempts + 1`. */
export const backoffMs = (attempts: number): number =>
  Math.min(BASE_BACKOFF_MS * 2 ** Math.max(0, attempts - 1), MAX_BACKOFF_MS);

export class Mailer {
  readonly #database: Database;
  readonly #transport: MailTransport;
  readonly from: string;
  readonly #baseUrl: string;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> | undefined;

  constructor(database: Database, config: MailConfig, transport?: MailTransport) {
    this.#database = database;
    this.#transport = transport ?? (config.mailUrl ? smtpTransport(config.mailUrl) : devMailboxTransport(database));
    this.#baseUrl = config.baseUrl ?? 'http://localhost:3000';
    this.from = config.mailFrom ?? `Rapport <rapport@${new URL(this.#baseUrl).hostname}>`;
  }

  /** The domain of the sender address: the right-hand side of the Message-IDs Rapport mints. */
  get domain(): string {
    const m = /@([^>\s]+)>?\s*$/.exec(this.from);
    return m?.[1] ?? 'localhost';
  }

  /** `smtp` when RAPPORT_MAIL_URL is set, else `dev-mailbox`. */
  get mode(): MailTransport['kind'] {
    return this.#transport.kind;
  }

  /** An absolute link into the web app, built from RAPPORT_BASE_URL (e.g. `link('/reset-password', {token})`). */
  link(path: string, params: Record<string, string> = {}): string {
    const u = new URL(path, `${this.#baseUrl}/`);
    for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
    return u.toString();
  }

  /** Queues a mail in the caller's transaction; it is sent after the transaction commits. Returns the outbox id. */
  async send<N extends TemplateName>(db: Executor, mail: SendMail<N>): Promise<string> {
    const id = newId();
    const t = now();
    await db
      .insertInto('mail_outbox')
      .values({
        id,
        to_address: mail.to,
        template: mail.template,
        data: JSON.stringify(mail.data),
        subject: null,
        status: 'pending',
        next_attempt_at: t,
        lease_until: null,
        last_error: null,
        created_at: t,
        sent_at: null,
        headers: mail.headers ? JSON.stringify(mail.headers) : null,
      })
      .execute();
    return id;
  }

  /** Sends every due mail once (up to `limit`); returns how many were delivered. Safe to run on several instances. */
  async drain(limit = 20): Promise<number> {
    const db = this.#database.db;
    const t = now();
    const due = await db
      .selectFrom('mail_outbox')
      .select(['id'])
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', t)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', t)]))
      .orderBy('next_attempt_at')
      .limit(limit)
      .execute();
    let delivered = 0;
    for (const { id } of due) {
      const claimedAt = now();
      // Claim with a lease: only one instance wins the row; a crashed sender's lease runs out and the mail is retried.
      const claim = await db
        .updateTable('mail_outbox')
        .set((eb) => ({
          lease_until: new Date(Date.now() + LEASE_MS).toISOString(),
          attempts: eb('attempts', '+', 1),
        }))
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', claimedAt)]))
        .executeTakeFirst();
      if (Number(claim.numUpdatedRows) !== 1) continue;
      const row = await db.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      try {
        const rendered = await renderMail(row.template as TemplateName, JSON.parse(row.data));
        const headers = row.headers ? (JSON.parse(row.headers) as MailHeaders) : undefined;
        await this.#transport.deliver({ from: this.from, to: row.to_address, ...rendered, headers }, row.id);
        await db
          .updateTable('mail_outbox')
          .set({ status: 'sent', sent_at: now(), subject: rendered.subject, data: '{}', lease_until: null })
          .where('id', '=', id)
          .execute();
        delivered++;
      } catch (err) {
        const failed = row.attempts >= MAX_ATTEMPTS;
        await db
          .updateTable('mail_outbox')
          .set({
            status: failed ? 'failed' : 'pending',
            last_error: (err instanceof Error ? err.message : String(err)).slice(0, 1000),
            next_attempt_at: new Date(Date.now() + backoffMs(row.attempts)).toISOString(),
            lease_until: null,
            ...(failed ? { data: '{}' } : {}),
          })
          .where('id', '=', id)
          .execute();
      }
    }
    return delivered;
  }

  /** Runs the sender every `intervalMs` until `stop()`. */
  start(intervalMs = 2_000): void {
    if (this.#timer) return;
    const tick = () => {
      this.#running = this.drain()
        .catch(() => undefined)
        .finally(() => {
          if (this.#timer) this.#timer = setTimeout(tick, intervalMs);
        });
    };
    this.#timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running;
    this.#transport.close?.();
  }
}
