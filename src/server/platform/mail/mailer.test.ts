import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, json, login, type TestContext, testApp, testDatabase } from '../../test/harness.ts';
import { backoffMs, MAX_ATTEMPTS, Mailer } from './mailer.ts';
import { renderMail } from './render.ts';
import { TEMPLATES, type TemplateData } from './templates.ts';

/** A real SMTP server on loopback that parses what it receives; `reject` makes the next deliveries fail. */
async function smtpServer() {
  const received: ParsedMail[] = [];
  const state = { reject: 0 };
  const server = new SMTPServer({
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      if (state.reject > 0) {
        state.reject--;
        stream.resume();
        stream.on('end', () => callback(Object.assign(new Error('mailbox busy, try later'), { responseCode: 451 })));
        return;
      }
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
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    state,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const SAMPLE: TemplateData = {
  'password-reset': { name: 'Ada <Lovelace>', link: 'https://crm.example.com/reset-password?token=abc', minutes: 15 },
  'password-reset-required': {
    name: 'Ada',
    link: 'https://crm.example.com/reset-password?token=abc',
    hours: 24,
    by: 'Grace',
  },
  invitation: {
    name: 'Ada',
    link: 'https://crm.example.com/reset-password?token=abc&invite=1',
    days: 7,
    by: 'Grace',
    workspace: 'Acme & Co',
  },
  'portal-link': { name: 'Ada', link: 'https://crm.example.com/portal/auth?token=abc', minutes: 15, workspace: 'Acme' },
  'portal-invitation': { name: 'Ada', link: 'https://crm.example.com/portal/sign-in', by: 'Grace', workspace: 'Acme' },
  'case-reply': {
    name: 'Ada',
    reference: 'C-1001',
    subject: 'Printer jams',
    body: 'We sent a new drum.\n\nIt arrives tomorrow.',
    link: 'https://crm.example.com/portal/requests/1',
    workspace: 'Acme',
  },
  'objectives-digest': {
    name: 'Ada',
    workspace: 'Acme & Co',
    week: '2027-03-01',
    link: 'https://crm.example.com/objectives',
    objectives: [
      {
        name: 'Raise <FCR>',
        status: 'At risk',
        statusBefore: 'was on track',
        current: '62%',
        previous: '66%',
        target: '75%',
        change: '−4 pts',
        link: 'https://crm.example.com/objectives/1',
      },
    ],
    moved: [],
    atRisk: [],
  },
  'case-rating': {
    name: 'Ada',
    reference: 'C-1001',
    subject: 'Printer jams',
    workspace: 'Acme',
    days: 30,
    links: [1, 2, 3, 4, 5].map((n) => `https://crm.example.com/portal/rate?token=C1.2.sig&score=${n}`),
  },
};

describe('templates', () => {
  it('every template renders valid MJML to HTML with the link, and a plain-text part with the link', async () => {
    for (const name of Object.keys(TEMPLATES) as (keyof TemplateData)[]) {
      const mail = await renderMail(name, SAMPLE[name] as never);
      expect(mail.subject.length).toBeGreaterThan(0);
      expect(mail.html).toContain('<!doctype html>');
      const sample = SAMPLE[name];
      for (const link of 'link' in sample ? [sample.link] : sample.links) {
        expect(mail.html).toContain(link.replace('&', '&amp;'));
        expect(mail.text).toContain(link);
      }
      expect(mail.text).not.toMatch(/<\/?(mj-|a\b|p>|div|table)/);
    }
  });

  it('escapes values in the HTML part', async () => {
    const mail = await renderMail('password-reset', SAMPLE['password-reset']);
    expect(mail.html).toContain('Ada &lt;Lovelace&gt;');
    expect(mail.html).not.toContain('Ada <Lovelace>');
    expect(mail.text).toContain('Hello Ada <Lovelace>,');
  });
});

describe('sending through SMTP', () => {
  let smtp: Awaited<ReturnType<typeof smtpServer>>;
  let db: Awaited<ReturnType<typeof testDatabase>>;
  let mailer: Mailer;

  beforeAll(async () => {
    smtp = await smtpServer();
    db = await testDatabase();
    mailer = new Mailer(db.database, {
      mailUrl: smtp.url,
      mailFrom: 'Rapport <crm@example.com>',
      baseUrl: 'https://crm.example.com',
    });
  });
  afterAll(async () => {
    await mailer.stop();
    await smtp.close();
    await db.drop();
  });

  const outbox = (id: string) =>
    db.database.db.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('queues in the caller transaction: a rolled-back change sends nothing', async () => {
    await expect(
      db.database.db.transaction().execute(async (trx) => {
        await mailer.send(trx, {
          to: 'nobody@example.com',
          template: 'password-reset',
          data: SAMPLE['password-reset'],
        });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await db.database.db.selectFrom('mail_outbox').selectAll().execute()).toEqual([]);
    expect(await mailer.drain()).toBe(0);
  });

  it('delivers a queued mail with its HTML and plain-text parts, then forgets the link it carried', async () => {
    const id = await db.database.db.transaction().execute((trx) =>
      mailer.send(trx, {
        to: 'ada@example.com',
        template: 'invitation',
        data: { ...SAMPLE.invitation, link: mailer.link('/reset-password', { token: 'tok123', invite: '1' }) },
      }),
    );
    expect(await mailer.drain()).toBe(1);
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.subject).toBe('You are invited to Acme & Co on Rapport');
    expect(mail.from?.text).toBe('"Rapport" <crm@example.com>');
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : '').toBe('ada@example.com');
    expect(mail.text).toContain('https://crm.example.com/reset-password?token=tok123&invite=1');
    expect(mail.html).toContain('https://crm.example.com/reset-password?token=tok123&amp;invite=1');
    const row = await outbox(id);
    expect(row).toMatchObject({ status: 'sent', attempts: 1, data: '{}', subject: mail.subject, lease_until: null });
    expect(await mailer.drain()).toBe(0);
    expect(smtp.received).toHaveLength(1);
  });

  it('retries a refused delivery with backoff, then delivers', async () => {
    smtp.state.reject = 1;
    const before = Date.now();
    const id = await mailer.send(db.database.db, {
      to: 'grace@example.com',
      template: 'password-reset',
      data: SAMPLE['password-reset'],
    });
    expect(await mailer.drain()).toBe(0);
    const failed = await outbox(id);
    expect(failed).toMatchObject({ status: 'pending', attempts: 1 });
    expect(failed.last_error).toContain('mailbox busy');
    expect(Date.parse(failed.next_attempt_at)).toBeGreaterThanOrEqual(before + backoffMs(1) - 1000);
    // Not due yet: nothing happens.
    expect(await mailer.drain()).toBe(0);
    await db.database.db
      .updateTable('mail_outbox')
      .set({ next_attempt_at: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', id)
      .execute();
    expect(await mailer.drain()).toBe(1);
    expect(await outbox(id)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(smtp.received.at(-1)?.text).toContain('Hello Ada <Lovelace>,');
  });

  it('backs off exponentially, capped at an hour, and gives up after MAX_ATTEMPTS', async () => {
    expect([1, 2, 3].map(backoffMs)).toEqual([30_000, 60_000, 120_000]);
    expect(backoffMs(20)).toBe(3_600_000);
    smtp.state.reject = 1;
    const id = await mailer.send(db.database.db, {
      to: 'x@example.com',
      template: 'password-reset',
      data: SAMPLE['password-reset'],
    });
    await db.database.db
      .updateTable('mail_outbox')
      .set({ attempts: MAX_ATTEMPTS - 1 })
      .where('id', '=', id)
      .execute();
    await mailer.drain();
    expect(await outbox(id)).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, data: '{}' });
  });

  it('the background sender picks up queued mail on its own', async () => {
    const count = smtp.received.length;
    await mailer.send(db.database.db, {
      to: 'bg@example.com',
      template: 'password-reset',
      data: SAMPLE['password-reset'],
    });
    mailer.start(50);
    for (let i = 0; i < 100 && smtp.received.length === count; i++) await new Promise((r) => setTimeout(r, 50));
    await mailer.stop();
    expect(smtp.received.at(-1)?.subject).toBe('Reset your Rapport password');
  });
});

describe('the dev mailbox (no RAPPORT_MAIL_URL)', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await testApp();
  });
  afterAll(() => t.close());

  it('keeps what would have been sent; admins read it, other roles are refused', async () => {
    expect(t.services.mailer.mode).toBe('dev-mailbox');
    await t.services.mailer.send(t.db.database.db, {
      to: 'someone@example.com',
      template: 'password-reset',
      data: SAMPLE['password-reset'],
    });
    await t.services.mailer.drain();
    const admin = await createUser(t.services, 'admin', null);
    const manager = await createUser(t.services, 'manager', null);
    const s = await login(t.app, admin.email);
    const list = await t.app.inject({ url: '/api/v1/settings/mailbox', headers: s.headers });
    expect(list.statusCode).toBe(200);
    const body = json<{
      mode: string;
      outbox: unknown;
      data: { id: string; to: string; subject: string; from: string }[];
    }>(list);
    expect(body.mode).toBe('dev-mailbox');
    expect(body.outbox).toEqual({ pending: 0, failed: 0 });
    expect(body.data).toHaveLength(1);
    expect(body.data[0]).toMatchObject({
      to: 'someone@example.com',
      subject: 'Reset your Rapport password',
      from: 'Rapport <rapport@localhost>',
    });
    const one = await t.app.inject({ url: `/api/v1/settings/mailbox/${body.data[0]!.id}`, headers: s.headers });
    expect(one.statusCode).toBe(200);
    expect(json<{ text: string; html: string }>(one).text).toContain(SAMPLE['password-reset'].link);
    expect(json<{ html: string }>(one).html).toContain('Reset your password');

    const missing = await t.app.inject({ url: '/api/v1/settings/mailbox/nope', headers: s.headers });
    expect(missing.statusCode).toBe(404);
    expect(json(missing).code).toBe('mail.not_found');

    const m = await login(t.app, manager.email);
    const denied = await t.app.inject({ url: '/api/v1/settings/mailbox', headers: m.headers });
    expect(denied.statusCode).toBe(403);
    expect(denied.headers['content-type']).toContain('application/problem+json');
    expect((await t.app.inject({ url: '/api/v1/settings/mailbox' })).statusCode).toBe(401);
  });
});
