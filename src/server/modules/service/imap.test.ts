/**
 * Inbound mail by IMAP against a real IMAP server: Dovecot on loopback (see `test/imap-server.ts`), polled by the
 * `email.imap` job exactly as RAPPORT_IMAP_URL sets it up. Mail is appended to the folder as an MTA would deliver it;
 * the job stores each unseen message on a case, marks it seen on the server, skips one that is too big, and leaves
 * every message unseen while the service module is off.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, json, login, type Session, type TestContext, testApp } from '../../test/harness.ts';
import { type ImapServer, startImapServer } from '../../test/imap-server.ts';

const FOLDER = 'Support';
let imap: ImapServer | null = null;
let mailbox: ImapFlow;
let t: TestContext;
let agent: Session;
let dataDir: string;

imap = await startImapServer();
if (!imap && process.env.CI) throw new Error('The IMAP tests need Dovecot (apt-get install dovecot-imapd).');

const mail = (n: string, extra = '') =>
  Buffer.from(
    `From: Imogen Post <imogen.${n}@customer.example>\r\nTo: support@help.example\r\nSubject: Parcel ${n} never arrived\r\nMessage-ID: <parcel-${n}@customer.example>\r\nDate: Thu, 03 Dec 2026 09:00:00 +0000\r\n\r\nOrder ${n} was due last week.${extra}\r\n`,
  );

/** Polls once as the recurring job does: enqueued, run, its summary returned. */
async function poll(): Promise<string> {
  const runner = t.services.jobRunner;
  const job = await runner.enqueue(t.services.database.db, { type: 'email.imap', ownerId: null, params: {} });
  await runner.runOnce(undefined, job.id);
  const done = await runner.find(job.id);
  expect(done?.status).toBe('succeeded');
  return done?.message ?? '';
}

/** Subject → whether the server has it flagged \Seen. */
async function flags(): Promise<Record<string, boolean>> {
  const lock = await mailbox.getMailboxLock(FOLDER);
  try {
    const out: Record<string, boolean> = {};
    for await (const m of mailbox.fetch('1:*', { envelope: true, flags: true })) {
      // Flag changes made by the job's own session arrive here too, as updates without an envelope.
      if (!m.envelope) continue;
      out[m.envelope?.subject ?? ''] = m.flags?.has('\\Seen') ?? false;
    }
    return out;
  } finally {
    lock.release();
  }
}

async function casesFrom(email: string): Promise<{ subject: string; channel: string }[]> {
  const person = json<{ data: { id: string }[] }>(
    await t.app.inject({ url: `/api/v1/people?q=${encodeURIComponent(email)}`, headers: agent.headers }),
  ).data[0];
  if (!person) return [];
  return json<{ data: { subject: string; channel: string }[] }>(
    await t.app.inject({
      url: `/api/v1/cases?queue=all&filter=${encodeURIComponent(`personId:eq:${person.id}`)}`,
      headers: agent.headers,
    }),
  ).data;
}

describe.skipIf(!imap)('inbound mail by IMAP (Dovecot on loopback)', () => {
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'rapport-imap-data-'));
    t = await testApp({ imapUrl: imap!.url(FOLDER), inboundMaxBytes: 4096, dataDir });
    agent = await login(t.app, (await createUser(t.services, 'admin', 'North')).email);
    mailbox = await imap!.client();
    await mailbox.mailboxCreate(FOLDER);
  });
  afterAll(async () => {
    await mailbox?.logout();
    await t?.close();
    await imap?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('stores each unseen message on a case, marks it seen on the server, and skips one too big', async () => {
    await mailbox.append(FOLDER, mail('A-100'));
    await mailbox.append(FOLDER, mail('B-200', `\r\n${'x'.repeat(6000)}`));
    expect(await flags()).toEqual({ 'Parcel A-100 never arrived': false, 'Parcel B-200 never arrived': false });
    expect(await poll()).toBe(
      '1 stored, 0 duplicates, 0 ignored, 1 too big, 0 failed, 0 left for when the service module is on',
    );
    expect(await flags()).toEqual({ 'Parcel A-100 never arrived': true, 'Parcel B-200 never arrived': true });
    expect(await casesFrom('imogen.A-100@customer.example')).toEqual([
      expect.objectContaining({ subject: 'Parcel A-100 never arrived', channel: 'email' }),
    ]);
    expect(await casesFrom('imogen.B-200@customer.example')).toEqual([]);
    // Nothing unseen is left: the next poll reads nothing.
    expect(await poll()).toMatch(/^0 stored, 0 duplicates/);
  });

  it('a message delivered twice (the same Message-ID) makes one case', async () => {
    await mailbox.append(FOLDER, mail('C-300'));
    await mailbox.append(FOLDER, mail('C-300'));
    expect(await poll()).toMatch(/^1 stored, 1 duplicates/);
    expect(await casesFrom('imogen.C-300@customer.example')).toHaveLength(1);
  });

  it('leaves mail unseen on the server while the service module is off, and reads it once it is on', async () => {
    await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/workspace',
      headers: agent.headers,
      payload: { modules: { service: false } },
    });
    await mailbox.append(FOLDER, mail('D-400'));
    expect(await poll()).toMatch(/0 stored.*1 left for when the service module is on$/);
    expect((await flags())['Parcel D-400 never arrived']).toBe(false);
    await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/workspace',
      headers: agent.headers,
      payload: { modules: { service: true } },
    });
    expect(await poll()).toMatch(/^1 stored/);
    expect((await flags())['Parcel D-400 never arrived']).toBe(true);
    expect(await casesFrom('imogen.D-400@customer.example')).toHaveLength(1);
  });
});
