/**
 * The customer portal, on a phone: an invited customer asks for a sign-in link, takes it from the mail as it arrives
 * at a real SMTP server on loopback, signs in, finds an article in the help centre, raises a request anyway (the
 * article is suggested while the subject is typed); an agent sees the request in the staff app and answers it; the
 * customer sees the answer in the portal.
 *
 * The spec starts its own Rapport server (a fresh demo workspace on SQLite) with `RAPPORT_MAIL_URL` pointing at that
 * SMTP server, so the sign-in mail leaves as it does in production; the suite's shared server keeps the dev mailbox,
 * whose page the accounts spec reads.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiSession, apiAs } from './api.ts';
import { launch, loginAs, shot } from './browser.ts';
import { type MailCatcher, startMailCatcher } from './mail.ts';
import { type RunningServer, startServer } from './server.ts';

const ADMIN = 'admin@demo.rapport.test';
const run = Date.now().toString(36);
const EMAIL = `paula.${run}@customer.test`;
const SUBJECT = `Charged twice for my invoice ${run}`;
const ANSWER = `We refunded the second payment ${run}; it reaches your card in 5 working days.`;
let browser: Browser;
let phone: Page;
let desk: Page;
let admin: ApiSession;
let requestId = '';
let personId = '';
let smtp: MailCatcher;
let server: RunningServer | undefined;
let BASE_URL = '';
const dir = mkdtempSync(join(tmpdir(), 'rapport-e2e-portal-'));

beforeAll(async () => {
  smtp = await startMailCatcher();
  server = await startServer({
    DATABASE_URL: `sqlite:${join(dir, 'portal.db')}`,
    RAPPORT_DEMO: 'true',
    RAPPORT_DATA_DIR: join(dir, 'data'),
    RAPPORT_MAIL_URL: smtp.url,
    RAPPORT_MAIL_FROM: 'Rapport Demo <help@demo.rapport.test>',
  });
  BASE_URL = server.baseUrl;
  browser = await launch();
  admin = await apiAs(ADMIN, BASE_URL);
  const person = await admin.call<{ id: string }>('POST', '/people', {
    firstName: 'Paula',
    lastName: `Portal ${run}`,
    emails: [{ email: EMAIL }],
  });
  personId = person.id;
  const invited = await admin.call<{ invited: unknown[] }>('POST', '/portal/invitations', { personIds: [person.id] });
  expect(invited.invited).toHaveLength(1);
  phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  desk = await browser.newPage({ viewport: { width: 1280, height: 900 } });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  if (server && server.process.exitCode === null) {
    const exited = new Promise((r) => server!.process.once('exit', r));
    server.stop();
    await exited;
  }
  await smtp?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('customer portal', () => {
  it('a customer signs in with the emailed link', async () => {
    await phone.goto(`${BASE_URL}/portal/sign-in`);
    await phone.getByRole('heading', { name: 'Sign in' }).waitFor();
    await phone.getByLabel('Email address').fill(EMAIL);
    await phone.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await phone.getByText('Check your email').waitFor();
    const link = await smtp.link(EMAIL, /sign-in link/i);
    expect(new URL(link).pathname).toBe('/portal/auth');
    await phone.goto(link);
    await phone.getByRole('heading', { name: 'My requests' }).waitFor();
    await shot(phone, 'portal-signed-in');
    // The portal never loads the staff app: no staff navigation on the page.
    expect(await phone.getByRole('link', { name: 'Companies' }).count()).toBe(0);
  });

  it('chooses the topics to hear about in the profile; the staff see them on the person', async () => {
    await phone.goto(`${BASE_URL}/portal/profile`);
    await phone.getByRole('heading', { name: 'Your details' }).waitFor();
    await phone.getByRole('checkbox', { name: 'Product news' }).check();
    await phone.getByRole('checkbox', { name: 'Events and webinars' }).check();
    await phone.getByRole('button', { name: 'Save' }).click();
    await phone.getByText('Your details are saved.').waitFor();
    await shot(phone, 'portal-profile-topics');
    const people = await admin.call<{ data: { id: string; topics: string[] }[] }>(
      'GET',
      `/people?filter=${encodeURIComponent('topics:eq:Events and webinars')}&limit=200`,
    );
    expect(people.data.find((p) => p.id === personId)?.topics).toEqual(['Product news', 'Events and webinars']);
  });

  it('finds an article in the help centre', async () => {
    await phone.getByRole('link', { name: 'Help' }).click();
    await phone.getByLabel('Search the help centre').fill('charged twice');
    await phone.getByRole('link', { name: 'I was charged twice' }).click();
    await phone.getByRole('heading', { name: 'I was charged twice' }).waitFor();
    expect(await phone.getByText('We refund to the original payment method').count()).toBe(1);
    // It did not answer this customer's question: said so, which the self-service metrics count.
    await phone.getByRole('button', { name: 'No' }).click();
    await phone.getByText('Thank you for telling us.').waitFor();
    await shot(phone, 'portal-article');
  });

  it('raises a request anyway, with the article suggested as the subject is typed', async () => {
    await phone.goto(`${BASE_URL}/portal/requests/new`);
    await phone.getByLabel('Subject').fill(SUBJECT);
    const suggestions = phone.getByTestId('portal-suggestions');
    await suggestions.getByRole('link', { name: 'I was charged twice' }).waitFor();
    await shot(phone, 'portal-new-request');
    await phone.getByLabel('Description').fill('Two payments left my account on the same day.');
    // The bank statement, attached as a file.
    await phone.locator('input[type="file"]').setInputFiles({
      name: 'statement.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2000, 32)]),
    });
    await phone.getByRole('button', { name: 'Send request' }).click();
    await phone.getByRole('heading', { name: SUBJECT }).waitFor();
    await phone
      .getByTestId('portal-thread')
      .getByRole('link', { name: /statement\.pdf/ })
      .waitFor();
    await shot(phone, 'portal-request-with-file');
    requestId = new URL(phone.url()).pathname.split('/').pop() ?? '';
    expect(requestId).not.toBe('');
  });

  it('an agent sees it in the staff app and answers', async () => {
    const c = await admin.call<{ channel: string; reference: string }>('GET', `/cases/${requestId}`);
    expect(c.channel).toBe('portal');
    await loginAs(desk, ADMIN, undefined, BASE_URL);
    await desk.goto(`${BASE_URL}/cases?queue=all&q=${encodeURIComponent(run)}`);
    await desk.getByRole('link', { name: c.reference, exact: true }).click();
    await desk.getByRole('heading', { name: SUBJECT }).waitFor();
    // The customer's file is on the case's thread.
    await desk
      .getByTestId('case-thread')
      .getByText(/statement\.pdf/)
      .first()
      .waitFor();
    await desk.getByLabel('Reply to the customer').fill(ANSWER);
    await desk.getByRole('button', { name: 'Send reply' }).click();
    await desk.getByTestId('case-thread').getByText(ANSWER).waitFor();
    await shot(desk, 'portal-agent-answers');
  });

  it('the customer sees the answer in the portal', async () => {
    await phone.reload();
    await phone.getByTestId('portal-thread').getByText(ANSWER).waitFor();
    await phone.getByLabel('Reply').fill('Thank you!');
    await phone.getByRole('button', { name: 'Send reply' }).click();
    await phone.getByTestId('portal-thread').getByText('Thank you!').waitFor();
    await shot(phone, 'portal-answer');
  });
});
