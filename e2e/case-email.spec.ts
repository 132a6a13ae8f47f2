/**
 * Case email: an admin adds a canned response in Settings; a customer's mail (with a screenshot and a program) arrives
 * by SMTP at the inbound listener and joins its case by the reference in the subject; the agent sees the message, the
 * kept attachment and the refused one, inserts the canned response with its placeholders filled, and sends the reply.
 */
import { createTransport } from 'nodemailer';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiSession, apiAs } from './api.ts';
import { BASE_URL, checkA11y, launch, loginAs, shot } from './browser.ts';

const ADMIN = 'admin@demo.rapport.test';
const run = Date.now().toString(36);
const CANNED = `Greeting ${run}`;
const EMAIL = `mila.${run}@customer.example`;
let browser: Browser;
let page: Page;
let admin: ApiSession;
let c: { id: string; reference: string };

beforeAll(async () => {
  browser = await launch();
  admin = await apiAs(ADMIN);
  const person = await admin.call<{ id: string }>('POST', '/people', {
    firstName: 'Mila',
    lastName: `Mailer ${run}`,
    emails: [{ email: EMAIL }],
  });
  c = await admin.call('POST', '/cases', { subject: `Login fails ${run}`, channel: 'email', personId: person.id });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await loginAs(page, ADMIN);
});

afterAll(async () => {
  await browser?.close();
});

describe('case email', () => {
  it('an admin adds a canned response; an unknown placeholder is refused', async () => {
    await page.goto(`${BASE_URL}/settings/case-types`);
    await page.getByRole('heading', { name: 'Canned responses' }).waitFor();
    await page.getByLabel('Name', { exact: false }).last().fill(CANNED);
    const text = page.getByRole('textbox', { name: 'Text' });
    await text.fill('Hello {{person.firstName}}, about {{case.refrence}}');
    await page.getByRole('button', { name: 'Add canned response' }).click();
    await page.getByText('{{case.refrence}} is not a placeholder').waitFor();
    await text.fill('Hello {{person.firstName}},\n\nWe are looking at {{case.reference}}.\n\n{{agent.name}}');
    await page.getByRole('button', { name: 'Add canned response' }).click();
    await page.getByTestId('canned-responses').getByText(CANNED).waitFor();
    await checkA11y(page);
    await shot(page, 'case-email-canned-settings');
  });

  it('a customer’s mail joins the case; the agent sees its files and replies with the canned response', async () => {
    const smtp = createTransport({
      host: '127.0.0.1',
      port: Number(process.env.E2E_INBOUND_SMTP_PORT),
      secure: false,
      ignoreTLS: true,
    });
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
    await smtp.sendMail({
      from: `Mila <${EMAIL}>`,
      to: 'support@help.demo.rapport.test',
      subject: `Re: [${c.reference}] Login fails`,
      text: 'Here is what I see.',
      attachments: [
        { filename: 'error.png', content: png, contentType: 'image/png' },
        { filename: 'tool.exe', content: Buffer.from('MZ'), contentType: 'application/octet-stream' },
      ],
    });
    smtp.close();

    await page.goto(`${BASE_URL}/cases/${c.id}`);
    const thread = page.getByTestId('case-thread');
    await thread.getByText('Here is what I see.').waitFor();
    await thread.getByRole('link', { name: /error\.png/ }).waitFor();
    await thread.getByText(/tool\.exe: not kept/).waitFor();

    await page.getByRole('combobox', { name: 'Insert a canned response' }).click();
    await page.getByRole('option', { name: CANNED }).click();
    const reply = page.getByRole('textbox', { name: 'Reply to the customer' });
    expect(await reply.inputValue()).toBe(`Hello Mila,

We are looking at ${c.reference}.

${await adminName()}`);
    await checkA11y(page);
    await shot(page, 'case-email-thread');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await thread.getByText(`We are looking at ${c.reference}.`).waitFor();

    const messages = await admin.call<{ data: { direction: string; messageId: string | null }[] }>(
      'GET',
      `/cases/${c.id}/messages`,
    );
    expect(messages.data.at(-1)).toMatchObject({ direction: 'out', messageId: expect.stringMatching(/^<.+@.+>$/) });

    await page.setViewportSize({ width: 375, height: 800 });
    await thread.getByText('Here is what I see.').scrollIntoViewIfNeeded();
    await shot(page, 'case-email-thread-phone');
  });
});

async function adminName(): Promise<string> {
  const me = await admin.call<{ user: { name: string } }>('GET', '/auth/me');
  return me.user.name;
}
