/**
 * Accounts in a real browser: an admin invites a user by email, the invitation lands in the dev mailbox (no mail
 * server in the browser tests) and its link lets them set a password; they change it from the user menu; "Forgot
 * password?" mails a single-use link that sets a new one.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiSession, apiAs, mailLink } from './api.ts';
import { BASE_URL, launch, loginAs, shot } from './browser.ts';

const ADMIN = 'admin@demo.rapport.test';
const stamp = Date.now();
const invitee = { name: `Ivy Invited ${stamp}`, email: `ivy.${stamp}@example.com` };
const FIRST = 'quiet lantern orchard 41';
const SECOND = 'copper kettle meadow 77';
const THIRD = 'silver heron crossing 13';

let browser: Browser;
let adminCtx: BrowserContext;
let admin: Page;
let api: ApiSession;

beforeAll(async () => {
  browser = await launch();
  adminCtx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  admin = await adminCtx.newPage();
  api = await apiAs(ADMIN);
  await loginAs(admin, ADMIN);
});
afterAll(async () => {
  await browser?.close();
});

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto(`${BASE_URL}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('textbox', { name: 'Password' }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

describe('accounts', () => {
  it('an admin invites a user by email; the mailed link lets them set a password and sign in', async () => {
    await admin.goto(`${BASE_URL}/settings/users`);
    await admin.getByRole('button', { name: 'Invite by email' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Invite a user' });
    await dialog.getByLabel('Name').fill(invitee.name);
    await dialog.getByLabel('Email').fill(invitee.email);
    await dialog.getByRole('combobox', { name: 'Role', exact: true }).click();
    await admin.getByRole('option', { name: 'Sales' }).click();
    await dialog.getByRole('button', { name: 'Send invitation' }).click();
    await dialog.waitFor({ state: 'detached' });
    await admin.getByText(invitee.email).first().waitFor();

    // The dev mailbox (Settings → Mailbox) shows the invitation.
    const link = await mailLink(api, invitee.email, /invited/);
    await admin.goto(`${BASE_URL}/settings/mailbox`);
    await admin
      .getByText(/You are invited to/)
      .first()
      .waitFor();
    await shot(admin, 'dev-mailbox');

    const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await ctx.newPage();
    await page.goto(link);
    await page.getByText(invitee.email).waitFor();
    await page.getByLabel('New password').first().fill(FIRST);
    await page.getByLabel('New password again').fill(FIRST);
    await shot(page, 'invitation-set-password');
    await page.getByRole('button', { name: 'Set password and join' }).click();
    await page.getByText('Your password is set').waitFor();
    await signIn(page, invitee.email, FIRST);
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await ctx.close();
  });

  it('the user changes their own password with the current one', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await ctx.newPage();
    await signIn(page, invitee.email, FIRST);
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await page.getByRole('button', { name: /account menu for/ }).click();
    await page.getByRole('menuitem', { name: 'Change password' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change password' });
    // A wrong current password is refused.
    await dialog.getByLabel('Current password').fill('not the password at all');
    await dialog.getByLabel('New password').first().fill(SECOND);
    await dialog.getByLabel('New password again').fill(SECOND);
    await dialog.getByRole('button', { name: 'Change password' }).click();
    // The server's answer lands on the field it names.
    await dialog.getByText('is not your current password').waitFor();
    await shot(page, 'change-password-refused');
    await dialog.getByLabel('Current password').fill(FIRST);
    await dialog.getByRole('button', { name: 'Change password' }).click();
    await dialog.waitFor({ state: 'detached' });
    await ctx.close();

    const again = await browser.newContext();
    const p2 = await again.newPage();
    await signIn(p2, invitee.email, FIRST);
    await p2.getByRole('alert').first().waitFor();
    expect(new URL(p2.url()).pathname).toBe('/login');
    await signIn(p2, invitee.email, SECOND);
    await p2.waitForURL((u) => !u.pathname.startsWith('/login'));
    await again.close();
  });

  it('forgot password: the emailed single-use link sets a new password', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await ctx.newPage();
    await page.goto(`${BASE_URL}/login`);
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.waitForURL(/\/forgot-password/);
    await page.getByLabel('Email').fill(invitee.email);
    await page.getByRole('button', { name: 'Send the link' }).click();
    const answer = page.getByRole('status').or(page.getByRole('alert')).first();
    await answer.waitFor();
    expect(await page.getByRole('status').count(), (await answer.textContent()) ?? '').toBe(1);
    await shot(page, 'forgot-password-sent');

    const link = await mailLink(api, invitee.email, /Reset your Rapport password/);
    await page.goto(link);
    await page.getByLabel('New password').first().fill(THIRD);
    await page.getByLabel('New password again').fill(THIRD);
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByText('Your password is set').waitFor();
    // Single use: the same link cannot set a password again.
    await page.goto(link);
    await page.getByRole('link', { name: 'Ask for a new link' }).waitFor();
    await signIn(page, invitee.email, THIRD);
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await ctx.close();
  });
});
