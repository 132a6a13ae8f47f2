/**
 * Keys for the work done all day: `c` logs a call, Ctrl+Enter sends the form, focus lands somewhere sensible after a
 * log and after the column chooser; and the folded log form leaves room for the timeline above the fold.
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
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  admin = await apiAs(ADMIN);
  await loginAs(page, ADMIN);
});
afterAll(async () => {
  await browser?.close();
});

const focusedName = (p: Page) =>
  p.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return el ? `${el.tagName}:${el.getAttribute('aria-label') ?? el.textContent?.trim() ?? ''}` : '';
  });

describe('keyboard and space', () => {
  it('a person page opens with the log form folded and several timeline entries above the fold', async () => {
    // A person of its own, at a demo company, with a typical history: whichever person other specs touched last may
    // carry far more (open cases, deals, consents) than this test is about.
    const companies = await admin.call<{ data: { id: string }[] }>('GET', '/companies?limit=1');
    const person = await admin.call<{ id: string }>('POST', '/people', {
      firstName: 'Keyla',
      lastName: `Board ${Date.now()}`,
      jobTitle: 'Buyer',
      companyId: companies.data[0]?.id ?? null,
      emails: [{ email: `keyla.board.${Date.now()}@example.com` }],
    });
    for (const [type, subject] of [
      ['call', 'Called about the renewal'],
      ['email', 'Sent the price list'],
      ['meeting', 'Visited the warehouse'],
      ['note', 'Prefers mornings'],
    ] as const) {
      await admin.call('POST', '/activities', { type, subject, personId: person.id });
    }
    await page.goto(`${BASE_URL}/people/${person.id}`);
    const composer = page.getByRole('region', { name: 'Log a touchpoint' });
    await composer.getByRole('button', { name: /Log a call, note, email or meeting/ }).waitFor();
    expect(await composer.getByLabel('Subject').count()).toBe(0);
    await page.getByTestId('timeline-entry').first().waitFor();
    const above = await page
      .getByTestId('timeline-entry')
      .evaluateAll((els) => els.filter((el) => el.getBoundingClientRect().bottom <= window.innerHeight).length);
    expect(above).toBeGreaterThanOrEqual(3);
    await shot(page, 'person-folded-composer');
  });

  it('c opens a call log, Ctrl+Enter logs it, and focus returns to the folded form', async () => {
    const composer = page.getByRole('region', { name: 'Log a touchpoint' });
    await page.locator('body').click({ position: { x: 2, y: 2 } });
    await page.keyboard.press('c');
    const subject = composer.getByLabel('Subject');
    await expect.poll(() => subject.evaluate((el) => el === document.activeElement)).toBe(true);
    const text = `Keyboard call ${Date.now()}`;
    await subject.fill(text);
    await composer.getByLabel('Notes').fill('Logged without the mouse.');
    await composer.getByLabel('Notes').press('Control+Enter');
    await expect
      .poll(() => page.getByTestId('timeline-entry').first().textContent(), { timeout: 10_000 })
      .toContain(text);
    await expect.poll(() => composer.getByLabel('Subject').count()).toBe(0);
    await expect.poll(() => focusedName(page)).toMatch(/^BUTTON:Log a call, note, email or meeting/);
    // Escape folds an untouched form again.
    await page.keyboard.press('l');
    await expect.poll(() => composer.getByLabel('Subject').count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => composer.getByLabel('Subject').count()).toBe(0);
    expect(new URL(page.url()).pathname).toMatch(/^\/people\/.+/);
  });

  it('focus returns to the Columns button when the column chooser closes', async () => {
    await page.goto(`${BASE_URL}/people`);
    const columns = page.getByRole('button', { name: 'Columns' });
    await columns.click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    // Ticking a field keeps focus on it (in its new place), not on the page.
    const available = dialog.getByRole('checkbox', { checked: false }).first();
    const label = (await available.getAttribute('id')) ?? '';
    await available.focus();
    await page.keyboard.press('Space');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id ?? '')).toBe(label);
    await page.keyboard.press('Escape');
    await expect.poll(() => focusedName(page)).toBe('BUTTON:Columns');
  });
});
