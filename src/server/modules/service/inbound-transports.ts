/**
 * How inbound mail reaches `receiveEmail`: a built-in SMTP listener (`smtp-server`), started when
 * RAPPORT_INBOUND_SMTP_PORT is set, and IMAP polling (`imapflow`), a recurring job when RAPPORT_IMAP_URL is set.
 */
import type { AddressInfo } from 'node:net';
import { ImapFlow } from 'imapflow';
import { SMTPServer } from 'smtp-server';
import type { Envelope, InboundResult } from './inbound-email.service.ts';

type Receive = (raw: Buffer, envelope: Envelope) => Promise<InboundResult>;

export interface InboundSmtpOptions {
  port: number;
  host: string;
  /** Only mail for this domain is accepted (RCPT TO); unset: any recipient. */
  domain?: string;
  maxBytes: number;
  receive: Receive;
  log?: (level: 'info' | 'warn' | 'error', msg: string, data?: Record<string, unknown>) => void;
}

const smtpError = (message: string, responseCode: number) => Object.assign(new Error(message), { responseCode });

/**
 * The SMTP listener: no AUTH (it is an MX-style endpoint for one domain), SIZE announced and enforced, the mail
 * answered `250` only once it is stored (or recognised as a duplicate), `451` when storing failed so the sender retries.
 */
export async function startInboundSmtp(o: InboundSmtpOptions): Promise<{ port: number; close(): Promise<void> }> {
  const server = new SMTPServer({
    name: o.domain,
    banner: 'Rapport inbound mail',
    disabledCommands: ['AUTH', 'STARTTLS'],
    authOptional: true,
    size: o.maxBytes,
    logger: false,
    onMailFrom(address, _session, callback) {
      const args: Record<string, string | true> = address.args || {};
      const declared = Number(args.SIZE ?? 0);
      if (declared > o.maxBytes) return callback(smtpError(`message larger than ${o.maxBytes} bytes`, 552));
      callback();
    },
    onRcptTo(address, _session, callback) {
      const domain = address.address.split('@').pop()?.toLowerCase();
      if (o.domain && domain !== o.domain) return callback(smtpError(`no mailbox here for ${address.address}`, 550));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', (err) => callback(err));
      stream.on('end', () => {
        if (stream.sizeExceeded) return callback(smtpError(`message larger than ${o.maxBytes} bytes`, 552));
        const mailFrom = session.envelope.mailFrom;
        o.receive(Buffer.concat(chunks), {
          mailFrom: mailFrom === false ? '' : mailFrom.address,
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
        }).then(
          (r) => {
            o.log?.('info', 'inbound mail', { outcome: r.outcome, caseId: r.caseId, messageId: r.messageId });
            if (r.outcome === 'refused') return callback(smtpError(`not accepted: ${r.reason}`, 550));
            callback(null, r.outcome === 'ignored' ? `Accepted, not stored: ${r.reason}` : 'Stored');
          },
          (err: unknown) => {
            o.log?.('error', 'inbound mail failed', { err: err instanceof Error ? err.message : String(err) });
            callback(smtpError('could not store the message now, try again later', 451));
          },
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err) => o.log?.('warn', 'inbound SMTP', { err: err.message }));
  return {
    port: (server.server.address() as AddressInfo).port,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** A mailbox to poll: its unseen messages, and a way to mark one seen. ImapFlow is one; tests may use another. */
export interface MailSource {
  unseen(): AsyncIterable<{ uid: number; size: number; source: Buffer }>;
  markSeen(uid: number): Promise<void>;
}

/**
 * One poll: every unseen message is handed to `receive`, then marked seen; a message that could not be stored stays
 * unseen (tried again at the next poll), as does every mail while the service module is off; one larger than `maxBytes` is marked seen without being read into a case.
 */
export async function pollMailbox(
  source: MailSource,
  receive: Receive,
  maxBytes: number,
): Promise<{ stored: number; duplicates: number; ignored: number; skipped: number; failed: number; refused: number }> {
  const n = { stored: 0, duplicates: 0, ignored: 0, skipped: 0, failed: 0, refused: 0 };
  for await (const m of source.unseen()) {
    if (m.size > maxBytes) {
      await source.markSeen(m.uid);
      n.skipped++;
      continue;
    }
    try {
      const r = await receive(m.source, {});
      if (r.outcome === 'refused') {
        // Left unseen: read once the service module is on again.
        n.refused++;
        continue;
      }
      if (r.outcome === 'duplicate') n.duplicates++;
      else if (r.outcome === 'ignored') n.ignored++;
      else n.stored++;
      await source.markSeen(m.uid);
    } catch {
      n.failed++;
    }
  }
  return n;
}

/** Polls the IMAP mailbox of RAPPORT_IMAP_URL once (`imaps://user:pass@host:993/Folder`, INBOX by default). */
export async function pollImap(url: string, receive: Receive, maxBytes: number) {
  const u = new URL(url);
  const client = new ImapFlow({
    host: u.hostname,
    port: Number(u.port) || (u.protocol === 'imaps:' ? 993 : 143),
    secure: u.protocol === 'imaps:',
    auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) },
    logger: false,
  });
  await client.connect();
  try {
    const lock = await client.getMailboxLock(decodeURIComponent(u.pathname.replace(/^\//, '')) || 'INBOX');
    try {
      // The unseen uids first, then each message by uid: marking seen while a FETCH streams is not allowed.
      const uids = (await client.search({ seen: false }, { uid: true })) || [];
      const source: MailSource = {
        async *unseen() {
          for (const uid of uids) {
            const m = await client.fetchOne(String(uid), { uid: true, size: true }, { uid: true });
            if (!m) continue;
            if ((m.size ?? 0) > maxBytes) {
              yield { uid, size: m.size ?? 0, source: Buffer.alloc(0) };
              continue;
            }
            const full = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
            const source = full === false ? undefined : full.source;
            if (source) yield { uid, size: source.length, source };
          }
        },
        async markSeen(uid) {
          await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
        },
      };
      return await pollMailbox(source, receive, maxBytes);
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => undefined);
  }
}
