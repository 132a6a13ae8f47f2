/**
 * The process handbook: a sales rep finds a stage playbook and a case type's resolution steps by searching; the
 * manager marks a process reviewed; the page passes the automated accessibility audit on a desk and at 375 px.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_URL, checkA11y, launch, loginAs, shot } from './browser.ts';

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('process handbook', () => {
  it('gathers the processes with their documentation, searchable, and a manager marks one reviewed', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await loginAs(page, 'manager@demo.rapport.test');
    await page.goto(BASE_URL);
    await page.getByRole('link', { name: 'Handbook' }).first().click();
    await expect.poll(() => page.title()).toBe('Process handbook · Rapport');
    await page.getByRole('heading', { name: 'Contact cadence', level: 2 }).waitFor();
    await page.getByText('Pipeline', { exact: true }).first().waitFor();
    await checkA11y(page);
    await shot(page, 'handbook');

    // Search: the words of a stage playbook find its pipeline only; the URL keeps the search.
    await page.getByLabel('Search the handbook').fill('decision maker');
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('decision maker');
    await page.getByText('Move on when you know the decision maker and the pain.').waitFor();
    await expect.poll(() => page.getByRole('article').count()).toBe(1);

    await page.getByLabel('Search the handbook').fill('remove access the same day');
    const caseType = page.getByRole('article');
    await caseType.getByText('Case type').waitFor();
    await expect.poll(() => caseType.count()).toBe(1);
    await caseType.getByRole('button', { name: 'Mark reviewed' }).click();
    await caseType.first().waitFor();
    await expect.poll(() => caseType.textContent()).toMatch(/Last reviewed:\s*a few seconds ago by /);
    await caseType.getByRole('button', { name: /Change history \(\d+\)/ }).click();
    await caseType.getByText(/Reviewed by /).waitFor();
    await checkA11y(page);

    await page.getByLabel('Search the handbook').fill('zzqx nothing like this');
    await page.getByText('No process mentions “zzqx nothing like this”. Try fewer or other words.').waitFor();
    await page.close();
  });

  it('reads on a phone at 375 px for a sales rep', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
    await loginAs(page, 'sales.north@demo.rapport.test');
    await page.goto(`${BASE_URL}/handbook`);
    await page.getByRole('heading', { name: 'Contact cadence', level: 2 }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    // A rep who owns nothing reads, but does not mark reviewed.
    await expect.poll(() => page.getByRole('button', { name: 'Mark reviewed' }).count()).toBe(0);
    // Nor is sent to the settings pages a rep may not open.
    expect(await page.getByRole('link', { name: 'Where it is set up' }).count()).toBe(0);
    await checkA11y(page);
    await shot(page, 'handbook-phone');
    await page.close();
  });
});
