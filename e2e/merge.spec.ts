/**
 * Merging duplicates from the review queue: the side-by-side dialog (one radio per value, operable by keyboard, with
 * the most recent non-empty value pre-selected), the survivor's page saying "Merged from …" with Undo, and undo
 * bringing the other record back. Axe-checked.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs } from './api.ts';
import { BASE_URL, checkA11y, launch, loginAs, shot } from './browser.ts';

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

describe('merge', () => {
  it('merges a likely pair field by field from the queue, shows "Merged from" on the survivor, and undoes', async () => {
    const api = await apiAs(ADMIN);
    const older = (await api.call('POST', '/people', {
      firstName: 'Quentin',
      lastName: 'Mergewell',
      jobTitle: 'Buyer',
      emails: [{ email: 'quentin.mergewell@example.com' }],
    })) as { id: string };
    const newer = (await api.call('POST', '/people', {
      firstName: 'Quentin',
      lastName: 'Mergewell',
      jobTitle: 'Head of purchasing',
      emails: [{ email: 'quentin.mergewell@example.com' }, { email: 'q@mergewell.example' }],
    })) as { id: string };

    await page.goto(`${BASE_URL}/duplicates?kind=people`);
    await page.getByRole('heading', { name: 'Duplicates' }).waitFor();
    await page.getByRole('button', { name: 'Scan for duplicates' }).click();
    const row = page
      .getByRole('table', { name: 'Likely duplicates' })
      .getByRole('row')
      .filter({ hasText: 'Quentin Mergewell' });
    await row.first().waitFor({ timeout: 60_000 });
    await row.first().getByRole('button', { name: 'Merge…' }).click();

    const dialog = page.getByRole('dialog', { name: 'Merge people' });
    await dialog.waitFor();
    // The most recently updated record stays by default, with its job title pre-selected.
    const stays = dialog.getByRole('radiogroup', { name: 'Which record stays' });
    await stays.waitFor();
    const newest = dialog.getByRole('radio', { name: 'Job title: Head of purchasing' });
    expect(await newest.isChecked()).toBe(true);
    await checkA11y(page, 'merge dialog');
    await shot(page, 'merge-dialog');

    // Keyboard: focus the job title choice and move to the other value with an arrow key.
    await newest.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => dialog.getByRole('radio', { name: 'Job title: Buyer' }).isChecked()).toBe(true);

    await dialog.getByRole('button', { name: /^Merge into/ }).click();
    await page.waitForURL(new RegExp(`/people/${newer.id}`));
    const banner = page.getByRole('status').filter({ hasText: 'Merged from Quentin Mergewell' });
    await banner.waitFor();
    await expect
      .poll(async () => (await api.call('GET', `/people/${newer.id}`)) as { jobTitle: string })
      .toMatchObject({
        jobTitle: 'Buyer',
      });
    await checkA11y(page, 'person page after a merge');
    await shot(page, 'merged-person');

    // The merged person's old address leads to the survivor.
    await page.goto(`${BASE_URL}/people/${older.id}`);
    await page.waitForURL(new RegExp(`/people/${newer.id}`));

    await page.getByRole('button', { name: 'Undo merge' }).click();
    await expect.poll(() => banner.count()).toBe(0);
    const back = (await api.call('GET', `/people/${older.id}`)) as { id: string; deletedAt: string | null };
    expect(back).toMatchObject({ id: older.id, deletedAt: null });
  }, 120_000);

  it('the data-quality page shows the overall score and links a problem to the list that shows it', async () => {
    await page.goto(`${BASE_URL}/data-quality`);
    await page.getByRole('heading', { name: 'Data quality' }).waitFor();
    const problems = page.getByRole('table', { name: 'People: problems to fix' });
    await problems.waitFor();
    expect(await page.getByText('Overall score', { exact: true }).isVisible()).toBe(true);
    await checkA11y(page, '/data-quality');
    await shot(page, 'data-quality');
    await problems.getByRole('link', { name: 'People without a job title' }).click();
    await page.waitForURL(/\/people\?.*filter/);
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`${BASE_URL}/data-quality`);
    await problems.waitFor();
    await checkA11y(page, '/data-quality at 375 px');
    await shot(page, 'data-quality-phone');
    await page.setViewportSize({ width: 1280, height: 900 });
  }, 60_000);

  it('"Merge many…" says how many listed pairs are above the threshold before merging them', async () => {
    await page.goto(`${BASE_URL}/duplicates?kind=people`);
    await page.getByRole('table', { name: 'Likely duplicates' }).waitFor();
    await page.getByRole('button', { name: 'Merge many…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Merge every likely pair above a score' });
    await dialog.waitFor();
    await dialog.getByRole('textbox', { name: 'At least (% likely)' }).fill('99');
    await expect
      .poll(() => dialog.getByRole('button', { name: /^Merge (\d+ pairs|1 pair|them all)$/ }).isVisible())
      .toBe(true);
    await checkA11y(page, 'bulk merge dialog');
    await shot(page, 'bulk-merge-dialog');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  }, 60_000);
});
