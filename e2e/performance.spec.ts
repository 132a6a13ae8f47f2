/** Sales performance: per rep over a period, each metric explained, and the funnel of a pipeline. */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_URL, launch, loginAs, shot } from './browser.ts';

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('sales performance', () => {
  it("shows the demo year's figures per rep, the total and the funnel, reached from the forecast", async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await loginAs(page, 'admin@demo.rapport.test');
    await page.goto(`${BASE_URL}/deals/forecast`);
    await page.getByRole('link', { name: 'Performance' }).click();
    await expect.poll(() => page.title()).toBe('Sales performance · Deals · Rapport');
    await page.getByRole('combobox', { name: 'Period' }).click();
    await page.getByRole('option', { name: 'Last 12 months' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('range')).toBe('12m');
    const table = page.getByRole('table', { name: 'Sales performance by rep or team' });
    await table.waitFor();
    expect(await table.getByRole('row').count()).toBeGreaterThan(3);
    expect(await table.textContent()).toMatch(/Win rate/);
    await page.getByText(/^Funnel: New business/).waitFor();
    await shot(page, 'sales-performance');
    await page.close();
  });
});
