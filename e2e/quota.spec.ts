/** A sales rep's home page shows their quota this quarter: won so far against it, and what their pipeline weighs. */
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

describe('home: your quota', () => {
  it('a rep sees their progress against the quota the demo set for this quarter', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await loginAs(page, 'sales.north@demo.rapport.test');
    await page.goto(`${BASE_URL}/`);
    const section = page.getByRole('region', { name: 'Your quota' });
    // The bar is there even at 0% (when its filled part has no width).
    await section.getByRole('progressbar').waitFor({ state: 'attached' });
    expect(await section.textContent()).toMatch(/£[\d,.]+ of £[\d,.]+\d+%/);
    expect(await section.textContent()).toMatch(/weighted in your open pipeline/);
    await shot(page, 'home-quota');
    await page.close();
  });

  it('is not shown to a role that does not sell (service reads deals but opens none)', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await loginAs(page, 'service@demo.rapport.test');
    await page.goto(`${BASE_URL}/`);
    await page.getByRole('region', { name: 'Tasks due' }).waitFor();
    expect(await page.getByRole('region', { name: 'Your quota' }).count()).toBe(0);
    await page.close();
  });
});
