/**
 * The Tasks and Promises list pages in a real browser: reached from the navigation, rows from the API, a quick filter
 * and a search, opening a row from the keyboard, an accessible page on a desk, cards on a phone.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiSession, apiAs } from './api.ts';
import { BASE_URL, checkA11y, launch, loginAs, shot } from './browser.ts';

const ADMIN = 'admin@demo.rapport.test';
let browser: Browser;
let page: Page;
let admin: ApiSession;
const stamp = Date.now();

beforeAll(async () => {
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  admin = await apiAs(ADMIN);
  await loginAs(page, ADMIN);
  // Due long ago, so it sorts first among the demo's tasks.
  await admin.call('POST', '/tasks', {
    title: `E2E list task ${stamp}`,
    priority: 'high',
    dueAt: '2020-01-06T09:00:00Z',
  });
});
afterAll(async () => {
  await browser?.close();
});

describe('task and promise lists', () => {
  it('lists tasks from the navigation, filters by a quick filter and a search, and opens a row from the keyboard', async () => {
    await page.goto(`${BASE_URL}/`);
    await page.getByRole('link', { name: 'Tasks', exact: true }).first().click();
    await page.waitForURL(/\/tasks/);
    await page.getByRole('heading', { name: 'Tasks' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: `E2E list task ${stamp}` });
    await row.waitFor();
    await page.getByRole('button', { name: 'Assigned to me' }).click();
    await expect.poll(() => page.url()).toContain('filter=');
    await row.waitFor();
    await shot(page, 'tasks-list');
    await checkA11y(page);

    await page.getByRole('textbox', { name: 'Search tasks' }).fill(`E2E list task ${stamp}`);
    await expect.poll(() => page.getByRole('row').count(), { timeout: 10_000 }).toBe(2); // header + the task
    // Down from the search box highlights the first row; Enter opens it.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.url()).toMatch(/\/tasks\/[^/?]+/);
    await page.getByText('A task about nobody in particular').waitFor();
  });

  it('lists promises with their own empty state pointing to where promises are made', async () => {
    await page.goto(`${BASE_URL}/promises`);
    await page.getByRole('heading', { name: 'Promises' }).waitFor();
    await page.getByRole('textbox', { name: 'Search promises' }).fill(`nothing like this ${stamp}`);
    await page.getByText('No promises match').waitFor();
    await page.goto(`${BASE_URL}/promises`);
    await expect.poll(() => page.getByRole('row').count(), { timeout: 10_000 }).toBeGreaterThan(1);
    await shot(page, 'promises-list');
    await checkA11y(page);
  });

  it('fits a phone: cards instead of a table', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await loginAs(phone, ADMIN);
    await phone.goto(`${BASE_URL}/tasks`);
    await phone.getByText(`E2E list task ${stamp}`).first().waitFor();
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await shot(phone, 'tasks-list-phone');
    await phone.close();
  });
});
