import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ParsedMail, simpleParser } from 'mailparser';
import { createTransport, type Transporter } from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, json, login, type Session, type TestContext, testApp } from '../../test/harness.ts';
import type { InboundResult } from './inbound-email.service.ts';
import { type MailSource, pollMailbox, startInboundSmtp } from './inbound-transports.ts';

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
let listener: Awaited<ReturnType<typeof startInboundSmtp>>;
let smtp: Transporter;
const results: InboundResult[] = [];

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
  // The real listener on a loopback port, and a real SMTP client (nodemailer) to talk to it.
  listener = await startInboundSmtp({
    port: 0,
    host: '127.0.0.1',
    domain: 'help.acme.example',
    maxBytes: 64 * 1024,
    receive: async (raw, envelope) => {
      const r = await t.services.inboundEmail.receiveEmail(raw, envelope);
      results.push(r);
      return r;
    },
  });
  smtp = createTransport({ host: '127.0.0.1', port: listener.port, secure: false, ignoreTLS: true });
});
afterAll(async () => {
  smtp.close();
  await listener.close();
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

const patchCase = (id: string, payload: object) =>
  t.app.inject({ method: 'PATCH', url: `/api/v1/cases/${id}`, headers: agent.headers, payload });
const getCase = async (id: string) => json<CaseDto>(await get(agent, `/api/v1/cases/${id}`));
const count = async (table: 'cases' | 'mail_outbox' | 'case_messages' | 'people') =>
  Number(
    (
      await t.db.database.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const TO = 'support@help.acme.example';

describe('inbound email through the SMTP listener', () => {
  let caseId: string;
  let reference: string;
  let lastOut: string;

  beforeAll(async () => {
    const person = json<{ id: string }>(
      await post(agent, '/api/v1/people', {
        firstName: 'Ina',
        lastName: 'Bound',
        emails: [{ email: 'ina@customer.example' }],
      }),
    );
    const c = json<CaseDto>(
      await post(agent, '/api/v1/cases', { subject: 'Invoice is wrong', channel: 'phone', personId: person.id }),
    );
    caseId = c.id;
    reference = c.reference;
    await post(agent, `/api/v1/cases/${c.id}/messages`, { body: 'Which invoice number?' });
    lastOut = (await thread(c.id)).at(-1)!.messageId!;
  });

  it('a reply joins its case by In-Reply-To/References, from the known person, and takes a case waiting on the customer back to open', async () => {
    expect((await patchCase(caseId, { status: 'pending_customer' })).statusCode).toBe(200);
    const people = await count('people');
    const info = await smtp.sendMail({
      from: 'Ina Bound <ina@customer.example>',
      to: TO,
      subject: 'Re: your question', // no reference: the headers alone find the case
      text: 'It is invoice 4711.',
      inReplyTo: lastOut,
      references: [lastOut],
    });
    expect(info.accepted).toEqual([TO]);
    expect(results.at(-1)).toMatchObject({ outcome: 'joined', caseId, automated: null });
    const m = (await thread(caseId)).at(-1)!;
    expect(m).toMatchObject({
      direction: 'in',
      body: 'It is invoice 4711.',
      emailFrom: 'ina@customer.example',
      automated: false,
      messageId: info.messageId,
    });
    expect((await getCase(caseId)).status).toBe('open');
    expect(await count('people')).toBe(people);
  });

  it('a mail with the reference in its subject joins the case, and reopens it when resolved', async () => {
    expect((await patchCase(caseId, { status: 'resolved' })).statusCode).toBe(200);
    await smtp.sendMail({
      from: 'ina@customer.example',
      to: TO,
      subject: `AW: [${reference}] Invoice is wrong`,
      text: 'Still wrong, sorry.',
    });
    expect(results.at(-1)).toMatchObject({ outcome: 'joined', caseId });
    expect((await thread(caseId)).at(-1)?.body).toBe('Still wrong, sorry.');
    expect((await getCase(caseId)).status).toBe('open');
  });

  it('an unknown reference opens a new email case and creates the sender as a person, on their timeline', async () => {
    const cases = await count('cases');
    await smtp.sendMail({
      from: '"Pat Newcomer" <Pat@New.example>',
      to: TO,
      subject: '[C-99999999] Where is my order?',
      text: 'Ordered last week.',
    });
    const r = results.at(-1)!;
    expect(r.outcome).toBe('opened');
    expect(await count('cases')).toBe(cases + 1);
    const c = await getCase(r.caseId!);
    expect(c).toMatchObject({ subject: '[C-99999999] Where is my order?', channel: 'email', status: 'new' });
    const person = json<{ firstName: string; lastName: string; emails: { email: string }[] }>(
      await get(agent, `/api/v1/people/${c.personId}`),
    );
    expect(person).toMatchObject({ firstName: 'Pat', lastName: 'Newcomer', emails: [{ email: 'pat@new.example' }] });
    const timeline = json<{ data: { summary: string }[] }>(
      await get(agent, `/api/v1/people/${c.personId}/timeline`),
    ).data.map((e) => e.summary);
    expect(timeline.some((s) => s.includes('Email from Pat Newcomer'))).toBe(true);
    // A second mail from the same address finds the same person.
    await smtp.sendMail({ from: 'pat@new.example', to: TO, subject: 'Another thing', text: 'Hi again' });
    expect((await getCase(results.at(-1)!.caseId!)).personId).toBe(c.personId);
  });

  it('auto-replies and bounces are recorded on their case but never reopen it, open a case or send a mail', async () => {
    expect((await patchCase(caseId, { status: 'pending_customer' })).statusCode).toBe(200);
    const [cases, outbox] = [await count('cases'), await count('mail_outbox')];
    await smtp.sendMail({
      from: 'ina@customer.example',
      to: TO,
      subject: `Out of office: [${reference}] Invoice is wrong`,
      text: 'I am away until Monday.',
      inReplyTo: lastOut,
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    expect(results.at(-1)).toMatchObject({ outcome: 'joined', caseId, automated: 'Auto-Submitted: auto-replied' });
    // A bounce: the null sender, a delivery report naming the original message.
    await smtp.sendMail({
      envelope: { from: '', to: [TO] },
      raw: [
        'From: Mail Delivery System <MAILER-DAEMON@mx.customer.example>',
        `To: ${TO}`,
        'Subject: Undelivered Mail Returned to Sender',
        'Message-ID: <bounce-1@mx.customer.example>',
        'MIME-Version: 1.0',
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
        '',
        '--b1',
        'Content-Type: text/plain',
        '',
        'The mail could not be delivered.',
        '--b1',
        'Content-Type: message/delivery-status',
        '',
        'Final-Recipient: rfc822; ina@customer.example',
        'Action: failed',
        'Status: 5.1.1',
        '--b1',
        'Content-Type: text/rfc822-headers',
        '',
        `Message-ID: ${lastOut}`,
        `Subject: [${reference}] Invoice is wrong`,
        '--b1--',
        '',
      ].join('\r\n'),
    });
    expect(results.at(-1)).toMatchObject({ outcome: 'joined', caseId, automated: 'empty return path' });
    // Precedence: bulk for no case, and an auto-reply naming an unknown reference: nothing opened.
    await smtp.sendMail({
      from: 'news@shop.example',
      to: TO,
      subject: 'Our newsletter',
      text: 'Deals!',
      headers: { Precedence: 'bulk' },
    });
    expect(results.at(-1)).toMatchObject({ outcome: 'ignored', caseId: null });
    await smtp.sendMail({
      from: 'robot@else.example',
      to: TO,
      subject: '[C-88888888] Auto: received',
      text: 'Thanks',
      headers: { 'X-Autoreply': 'yes' },
    });
    expect(results.at(-1)).toMatchObject({ outcome: 'ignored', caseId: null });

    const last = (await thread(caseId)).slice(-2);
    expect(last.map((m) => m.automated)).toEqual([true, true]);
    expect(last[1]?.emailFrom).toBe('mailer-daemon@mx.customer.example');
    expect((await getCase(caseId)).status).toBe('pending_customer');
    // The customer's portal view leaves them out.
    const portalView = await t.services.caseMessages.thread(caseId, { publicOnly: true });
    expect(portalView.length).toBeGreaterThan(0);
    expect(portalView.some((m) => m.automated)).toBe(false);
    expect(await count('cases')).toBe(cases);
    expect(await count('mail_outbox')).toBe(outbox);
  });

  it('the same mail delivered twice is stored once', async () => {
    const mail = {
      from: 'ina@customer.example',
      to: TO,
      subject: `Re: [${reference}] Invoice is wrong`,
      text: 'Sent twice by my phone.',
      messageId: '<twice-1@customer.example>',
    };
    const before = await count('case_messages');
    await smtp.sendMail(mail);
    expect(results.at(-1)?.outcome).toBe('joined');
    await smtp.sendMail(mail);
    expect(results.at(-1)?.outcome).toBe('duplicate');
    expect(await count('case_messages')).toBe(before + 1);
    // A new case opened by a mail is not opened twice either.
    const cases = await count('cases');
    const fresh = { from: 'zoe@z.example', to: TO, subject: 'Broken', text: 'x', messageId: '<twice-2@z.example>' };
    await smtp.sendMail(fresh);
    await smtp.sendMail(fresh);
    expect(await count('cases')).toBe(cases + 1);
    // Two deliveries of a new mail at the same moment: one case, one message, nothing left of the other.
    const raw = Buffer.from(
      `From: Quinn <quinn@q.example>\r\nTo: ${TO}\r\nSubject: Racing\r\nMessage-ID: <race-1@q.example>\r\n\r\nTwice at once\r\n`,
    );
    const [peopleBefore, casesBefore, messagesBefore] = [
      await count('people'),
      await count('cases'),
      await count('case_messages'),
    ];
    const both = await Promise.all([
      t.services.inboundEmail.receiveEmail(raw),
      t.services.inboundEmail.receiveEmail(raw),
    ]);
    expect(both.map((r) => r.outcome).sort()).toEqual(['duplicate', 'opened']);
    expect(await count('cases')).toBe(casesBefore + 1);
    expect(await count('people')).toBe(peopleBefore + 1);
    expect(await count('case_messages')).toBe(messagesBefore + 1);
  });

  it('a person’s mail about a closed case opens a new case related to it', async () => {
    const closed = json<CaseDto>(await post(agent, '/api/v1/cases', { subject: 'Old matter', channel: 'phone' }));
    expect((await patchCase(closed.id, { status: 'closed' })).statusCode).toBe(200);
    await smtp.sendMail({
      from: 'ina@customer.example',
      to: TO,
      subject: `Re: [${closed.reference}] Old matter`,
      text: 'Back again',
    });
    const r = results.at(-1)!;
    expect(r.outcome).toBe('opened');
    const fresh = json<CaseDto & { relatedCaseIds: string[] }>(await get(agent, `/api/v1/cases/${r.caseId}`));
    expect(fresh.relatedCaseIds).toEqual([closed.id]);
    expect((await getCase(closed.id)).status).toBe('closed');
  });

  it('keeps allowed attachments for download and refuses one too big or of a wrong type, keeping the message', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 7)]);
    await smtp.sendMail({
      from: 'ina@customer.example',
      to: TO,
      subject: `[${reference}] the screenshot`,
      text: 'See attached.',
      attachments: [
        { filename: 'screen shot.png', content: png, contentType: 'image/png' },
        { filename: 'log.txt', content: 'x'.repeat(3000), contentType: 'text/plain' },
        { filename: 'fix.exe', content: Buffer.from('MZ...'), contentType: 'application/octet-stream' },
      ],
    });
    const m = (await thread(caseId)).at(-1)!;
    expect(m.body).toBe('See attached.');
    expect(m.attachments.map((a) => [a.filename, a.stored])).toEqual([
      ['screen shot.png', true],
      ['log.txt', false],
      ['fix.exe', false],
    ]);
    expect(m.attachments[1]?.refusedReason).toMatch(/larger than 2048 bytes/);
    expect(m.attachments[2]?.refusedReason).toMatch(/not accepted/);
    const file = await get(agent, `/api/v1/cases/${caseId}/attachments/${m.attachments[0]!.id}`);
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(png)).toBe(true);
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.headers['content-disposition']).toMatch(/^attachment; filename="screen_shot.png"/);
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    // A refused one has no file; another case's path and a reader who may not see the case get 404 too.
    expect((await get(agent, `/api/v1/cases/${caseId}/attachments/${m.attachments[1]!.id}`)).statusCode).toBe(404);
    const other = json<CaseDto>(await post(agent, '/api/v1/cases', { subject: 'Other', channel: 'phone' }));
    expect((await get(agent, `/api/v1/cases/${other.id}/attachments/${m.attachments[0]!.id}`)).statusCode).toBe(404);
    const south = await login(t.app, (await createUser(t.services, 'service', 'South')).email);
    await patchCase(caseId, { teamId: null, ownerId: null });
    expect((await get(south, `/api/v1/cases/${caseId}/attachments/${m.attachments[0]!.id}`)).statusCode).toBe(404);
  });

  it('refuses mail while the service module is off', async () => {
    const off = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/workspace',
      headers: agent.headers,
      payload: { modules: { service: false } },
    });
    expect(off.statusCode).toBe(200);
    try {
      await expect(
        smtp.sendMail({ from: 'ina@customer.example', to: TO, subject: 'Hello?', text: 'x' }),
      ).rejects.toThrow(/550/);
    } finally {
      await t.app.inject({
        method: 'PATCH',
        url: '/api/v1/workspace',
        headers: agent.headers,
        payload: { modules: { service: true } },
      });
    }
  });

  it('refuses mail for another domain and mail over the size limit', async () => {
    await expect(smtp.sendMail({ from: 'a@b.example', to: 'someone@elsewhere.example', text: 'x' })).rejects.toThrow(
      /550/,
    );
    await expect(
      smtp.sendMail({ from: 'a@b.example', to: TO, subject: 'big', text: 'y'.repeat(70 * 1024) }),
    ).rejects.toThrow(/552/);
  });
});

describe('mailbox polling (the mapping IMAP uses, with an in-process mailbox)', () => {
  it('stores each unseen mail then marks it seen; a mail that fails stays unseen; one too big is skipped', async () => {
    const raw = (n: number) =>
      Buffer.from(
        `From: poll${n}@poll.example\r\nTo: ${TO}\r\nSubject: Polled ${n}\r\nMessage-ID: <poll-${n}@poll.example>\r\n\r\nBody ${n}\r\n`,
      );
    const seen: number[] = [];
    const box: MailSource = {
      async *unseen() {
        yield { uid: 1, size: raw(1).length, source: raw(1) };
        yield { uid: 2, size: 10, source: Buffer.from('broken') };
        yield { uid: 3, size: 999_999, source: Buffer.alloc(0) };
        yield { uid: 4, size: raw(1).length, source: raw(1) };
      },
      async markSeen(uid) {
        seen.push(uid);
      },
    };
    const n = await pollMailbox(
      box,
      async (source, envelope) => {
        if (source.toString() === 'broken') throw new Error('database away');
        return t.services.inboundEmail.receiveEmail(source, envelope);
      },
      1000,
    );
    expect(n).toEqual({ stored: 1, duplicates: 1, ignored: 0, skipped: 1, failed: 1, refused: 0 });
    expect(seen).toEqual([1, 3, 4]);
  });
});
