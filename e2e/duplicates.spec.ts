/**
 * The new-person form warns about a likely duplicate before saving: typing the email of someone already in Rapport
 * (in other capitals) shows them, with the reason and a link, above the form's buttons.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs } from './api.ts';
import { BASE_URL, launch, loginAs, shot } from './browser.ts';

const ADMIN = 'admin@demo.rapport.test';
let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await loginAs(page, ADMIN);
});
afterAll(async () => {
  await browser?.close();
});

describe('duplicates on create', () => {
  it('the new-person form names the person who is likely the same, before saving', async () => {
    const api = await apiAs(ADMIN);
    await api.call('POST', '/people', {
      firstName: 'Dora',
      lastName: 'Duplicate',
      emails: [{ email: 'dora.duplicate@example.com' }],
    });
    await page.goto(`${BASE_URL}/people/new`);
    await page.getByRole('heading', { name: 'New person' }).waitFor();
    await page.getByRole('textbox', { name: 'First name' }).fill('Dora');
    await page.getByRole('textbox', { name: 'Email 1', exact: true }).fill('DORA.Duplicate@example.com');
    const warning = page.getByRole('alert').filter({ hasText: 'This may be someone already in Rapport' });
    await warning.waitFor();
    await expect.poll(() => warning.innerText()).toMatch(/Dora Duplicate\s+\(same email; 90% likely\)/);
    expect(await warning.getByRole('link', { name: 'Dora Duplicate' }).getAttribute('href')).toMatch(/^\/people\//);
    await shot(page, 'new-person-duplicate-warning');
  });

  it('the review queue scans, shows a likely pair with its reasons, and forgets it once dismissed', async () => {
    const api = await apiAs(ADMIN);
    for (const label of ['work', 'home']) {
      await api.call('POST', '/people', {
        firstName: 'Zed',
        lastName: 'Scanpair',
        emails: [{ email: 'zed.scanpair@example.com', label }],
      });
    }
    await page.goto(`${BASE_URL}/people`);
    await page.getByRole('link', { name: 'Duplicates' }).click();
    await page.getByRole('heading', { name: 'Duplicates' }).waitFor();
    await page.getByRole('button', { name: 'Scan for duplicates' }).click();
    const row = page
      .getByRole('table', { name: 'Likely duplicates' })
      .getByRole('row')
      .filter({ hasText: 'Zed Scanpair' });
    await row.first().waitFor({ timeout: 60_000 });
    await expect.poll(() => row.first().innerText()).toMatch(/same email, same name/);
    await shot(page, 'duplicates-queue');
    await row.first().getByRole('button', { name: 'Not a duplicate' }).click();
    await expect.poll(() => row.count()).toBe(0);
  }, 120_000);
});
