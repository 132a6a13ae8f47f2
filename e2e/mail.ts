/**
 * A real SMTP server on loopback for browser tests that follow a mailed link: the Rapport server under test is given
 * it as its `RAPPORT_MAIL_URL`, so the mail goes out exactly as in production (rendered, queued in the outbox, handed
 * to SMTP by the sender) and is parsed here as a mail client would read it.
 */
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { expect } from 'vitest';

export interface MailCatcher {
  /** `smtp://127.0.0.1:<port>`: the value for `RAPPORT_MAIL_URL`. */
  url: string;
  received: ParsedMail[];
  /** The first link in the newest mail to `to` whose subject matches, once it has been delivered. */
  link(to: string, subject: RegExp): Promise<string>;
  close(): Promise<void>;
}

export async function startMailCatcher(): Promise<MailCatcher> {
  const received: ParsedMail[] = [];
  const server = new SMTPServer({
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  const recipients = (m: ParsedMail) =>
    (Array.isArray(m.to) ? m.to : m.to ? [m.to] : []).flatMap((a) => a.value.map((v) => v.address ?? ''));
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    async link(to, subject) {
      let found: ParsedMail | undefined;
      await expect
        .poll(
          () => {
            found = received.findLast((m) => recipients(m).includes(to) && subject.test(m.subject ?? ''));
            return Boolean(found);
          },
          { timeout: 30_000, interval: 200 },
        )
        .toBe(true);
      const link = found!.text?.match(/https?:\/\/\S+/)?.[0];
      if (!link) throw new Error(`no link in "${found!.subject}"`);
      return link;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
