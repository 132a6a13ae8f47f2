import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, json, login, type Session, type TestContext, testApp } from '../../test/harness.ts';

/** The customer's side: a real SMTP server on loopback that keeps what Rapport sends. */
async function customerMailServer() {
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
  return { url: `smtp://127.0.0.1:${port}`, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

interface Message {
  id: string;
  direction: string;
  body: string;
  messageId: string | null;
  emailFrom: string | null;
  automated: boolean;
  attachments: {
    id: string;
    filename: string;
    contentType: string;
    size: number;
    stored: boolean;
    refusedReason: string | null;
  }[];
}
interface CaseDto {
  id: string;
  reference: string;
  subject: string;
  status: string;
  channel: string;
  personId: string | null;
}

let t: TestContext;
let customer: Awaited<ReturnType<typeof customerMailServer>>;
let agent: Session;
let dataDir: string;

const post = (s: Session, url: string, payload: object) =>
  t.app.inject({ method: 'POST', url, headers: s.headers, payload });
const get = (s: Session, url: string) => t.app.inject({ url, headers: s.headers });
const thread = async (caseId: string) =>
  json<{ data: Message[] }>(await get(agent, `/api/v1/cases/${caseId}/messages`)).data;
const refs = (m: ParsedMail) => (m.references === undefined ? [] : [m.references].flat());

beforeAll(async () => {
  customer = await customerMailServer();
  dataDir = mkdtempSync(join(tmpdir(), 'rapport-email-'));
  t = await testApp({
    mailUrl: customer.url,
    mailFrom: 'Acme Support <support@acme.example>',
    inboundDomain: 'help.acme.example',
    dataDir,
    attachmentMaxBytes: 2048,
  });
  agent = await login(t.app, (await createUser(t.services, 'admin', 'North')).email);
});
afterAll(async () => {
  await t.services.mailer.stop();
  await t.close();
  await customer.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('outbound threading', () => {
  it('mails each reply with its Message-ID, In-Reply-To and References of the thread, the reference in the subject and a Reply-To', async () => {
    const person = json<{ id: string }>(
      await post(agent, '/api/v1/people', {
        firstName: 'Olive',
        lastName: 'Out',
        emails: [{ email: 'olive@customer.example' }],
      }),
    );
    const c = json<CaseDto>(
      await post(agent, '/api/v1/cases', { subject: 'Router keeps rebooting', channel: 'phone', personId: person.id }),
    );
    const first = await post(agent, `/api/v1/cases/${c.id}/messages`, { body: 'Please try the new firmware.' });
    expect(first.statusCode).toBe(201);
    await post(agent, `/api/v1/cases/${c.id}/messages`, { body: 'Checked the logs', internal: true });
    await post(agent, `/api/v1/cases/${c.id}/messages`, { body: 'Any news?' });
    const before = customer.received.length;
    expect(await t.services.mailer.drain()).toBe(2);
    const [m1, m2] = customer.received.slice(before);

    const messages = await thread(c.id);
    const [r1, note, r2] = messages;
    expect(note?.messageId).toBeNull();
    expect(r1?.messageId).toMatch(/^<[^<>@\s]+@acme\.example>$/);
    expect(r2?.messageId).toMatch(/^<[^<>@\s]+@acme\.example>$/);
    expect(r1?.messageId).not.toBe(r2?.messageId);

    expect(m1?.messageId).toBe(r1?.messageId);
    expect(m1?.subject).toBe(`[${c.reference}] Router keeps rebooting`);
    expect(m1?.inReplyTo).toBeUndefined();
    expect(refs(m1!)).toEqual([]);
    expect(m1?.replyTo?.text).toBe(`${c.reference.toLowerCase()}@help.acme.example`);

    expect(m2?.messageId).toBe(r2?.messageId);
    expect(m2?.inReplyTo).toBe(r1?.messageId);
    expect(refs(m2!)).toEqual([r1?.messageId]);
  });
});
