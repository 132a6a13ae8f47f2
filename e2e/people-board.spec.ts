/** People by lifecycle stage on the Board: the list's search applies to every column, and a card moves by keyboard. */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiSession, apiAs } from './api.ts';
import { BASE_URL, launch, loginAs, shot } from './browser.ts';

const ADMIN = 'admin@demo.rapport.test';
let browser: Browser;
let page: Page;
let admin: ApiSession;
const run = Date.now().toString(36);
let person: { id: string; lifecycleStage: string };

beforeAll(async () => {
  browser = await launch();
  admin = await apiAs(ADMIN);
  person = await admin.call('POST', '/people', {
    firstName: 'Boardy',
    lastName: `Mover ${run}`,
    lifecycleStage: 'lead',
  });
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await loginAs(page, ADMIN);
});
afterAll(async () => {
  await browser?.close();
});

const stageOf = async () =>
  (await admin.call<{ lifecycleStage: string }>('GET', `/people/${person.id}`)).lifecycleStage;

describe('People board', () => {
  it('switches the people list to a board by lifecycle stage', async () => {
    await page.goto(`${BASE_URL}/people`);
    await page.getByText('Board', { exact: true }).click();
    await page.waitForURL((u) => u.search.includes('layout=board'));
    await page.getByRole('region', { name: 'People by lifecycle stage' }).waitFor();
    await page.getByRole('heading', { name: 'Former customer' }).waitFor();
    await expect.poll(() => page.title()).toBe('People · Rapport');
    await shot(page, 'people-board');
  });

  it('moves a person to the next stage by keyboard, and Undo puts them back', async () => {
    await page.goto(`${BASE_URL}/people?layout=board&q=${encodeURIComponent(`Mover ${run}`)}`);
    const card = page.locator(`[data-card-id="${person.id}"]`);
    await card.waitFor();
    await card.focus();
    await page.keyboard.press('Shift+ArrowRight');
    await expect.poll(stageOf).toBe('prospect');
    await page
      .locator('.mantine-Notification-root', { hasText: `Moved Boardy Mover ${run} to Prospect.` })
      .getByRole('button', { name: 'Undo' })
      .click();
    await expect.poll(stageOf).toBe('lead');
  });
});
