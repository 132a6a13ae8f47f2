/**
 * Settings → Web forms: an admin creates a lead form and copies its snippet; a submission to the form's public
 * address then arrives as a person and a deal in the chosen stage.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiSession, apiAs } from './api.ts';
import { BASE_URL, launch, loginAs, shot } from './browser.ts';

const ADMIN = 'admin@demo.rapport.test';
let browser: Browser;
let page: Page;
let admin: ApiSession;

beforeAll(async () => {
  browser = await launch();
  admin = await apiAs(ADMIN);
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await loginAs(page, ADMIN);
});
afterAll(async () => {
  await browser?.close();
});

describe('Settings → Web forms', () => {
  it('creates a form, shows its snippet, and a submission becomes a person and a deal', async () => {
    await page.goto(`${BASE_URL}/settings/web-forms`);
    await expect.poll(() => page.title()).toBe('Web forms · Settings · Rapport');
    await page.getByRole('button', { name: 'New web form' }).click();
    const dialog = page.getByRole('dialog', { name: 'New web form' });
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('E2E contact form');
    await dialog.getByRole('checkbox', { name: 'Phone' }).check();
    await dialog.getByRole('button', { name: 'Create form' }).click();
    const snippet = page.getByRole('dialog', { name: 'Paste this form into your website' });
    await snippet.waitFor();
    expect(await snippet.getByLabel('HTML snippet').first().textContent()).toContain('<form');
    await shot(page, 'settings-web-forms-snippet');
    await snippet.getByRole('button', { name: 'Done' }).click();

    const forms = await admin.call<{ data: { id: string; name: string; submitUrl: string; stageId: string }[] }>(
      'GET',
      '/lead-forms',
    );
    const form = forms.data.find((f) => f.name === 'E2E contact form');
    if (!form) throw new Error('form not created');
    const res = await fetch(new URL(form.submitUrl, BASE_URL), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        firstName: 'Wendy',
        lastName: 'Webform',
        email: 'wendy.webform@example.com',
        message: 'Call me',
      }),
    });
    expect(res.status).toBe(201);
    const accepted = (await res.json()) as { dealId: string; personId: string };
    const deal = await admin.call<{ stageId: string; source: string; people: { personId: string }[] }>(
      'GET',
      `/deals/${accepted.dealId}`,
    );
    expect(deal).toMatchObject({
      stageId: form.stageId,
      source: 'web_form',
      people: [{ personId: accepted.personId }],
    });

    await page.reload();
    await page.getByRole('cell', { name: 'E2E contact form', exact: true }).waitFor();
    await shot(page, 'settings-web-forms');
  });
});
