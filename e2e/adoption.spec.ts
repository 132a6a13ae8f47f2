/** The adoption dashboard: its tiles, the team view a manager reads per person, the features used; desk and 375 px. */
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

describe('adoption dashboard', () => {
  it('shows the adoption metrics, the team view and the features used to a manager', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await loginAs(page, 'manager@demo.rapport.test');
    await page.goto(`${BASE_URL}/dashboards?department=adoption`);
    await expect.poll(() => page.title()).toBe('Adoption dashboard · Rapport');
    await page.getByRole('tab', { name: 'Adoption', selected: true }).waitFor();
    await page.getByRole('button', { name: /^Weekly active users/ }).waitFor();
    await page.getByRole('button', { name: /^Touchpoints logged within a day/ }).waitFor();
    await page.getByRole('heading', { name: 'Team view' }).waitFor();
    await page.getByText('Features used').first().waitFor();
    await checkA11y(page);
    await shot(page, 'dashboard-adoption');
    await page.close();
  });

  it('reads on a phone at 375 px', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
    await loginAs(page, 'manager@demo.rapport.test');
    await page.goto(`${BASE_URL}/dashboards?department=adoption`);
    await page.getByRole('heading', { name: 'Team view' }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await checkA11y(page);
    await shot(page, 'dashboard-adoption-phone');
    await page.close();
  });
});
