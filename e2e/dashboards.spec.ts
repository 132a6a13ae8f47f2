/** Department dashboards: the service desk's metrics from the demo year, the objectives set on them, a chart per metric. */
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

describe('dashboards', () => {
  it("shows the service desk's first-contact resolution with its objective, then charts another metric", async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await loginAs(page, 'admin@demo.rapport.test');
    await page.goto(BASE_URL);
    await page.getByRole('link', { name: 'Dashboards' }).first().click();
    // The demo answered the set-up: the metrics it chose to watch come first.
    await expect.poll(() => page.title()).toBe('Our metrics dashboard · Rapport');
    await page.getByRole('tab', { name: 'Our metrics', selected: true }).waitFor();
    // The tile reads a percentage from the seeded year and names the demo's objective on it.
    const fcr = page.getByRole('button', { name: /^First-contact resolution\s*\d+(\.\d)?%/ });
    await fcr.waitFor();
    await page.getByRole('link', { name: 'Raise first-contact resolution by 10%' }).waitFor();
    await page.getByText('First-contact resolution, day by day').waitFor();
    await page.locator('label', { hasText: 'Last 12 months' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('period')).toBe('12m');
    await page.getByRole('button', { name: /^SLA met\s*\d/ }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('metric')).toBe('service.sla_met_rate');
    await page.getByText('SLA met, month by month').waitFor();
    await page.getByText('SLA met by person').waitFor();
    await shot(page, 'dashboard-service');

    await page.getByRole('tab', { name: 'Service', exact: true }).click();
    await expect.poll(() => page.title()).toBe('Service dashboard · Rapport');
    await page.getByRole('button', { name: /^Reopen rate\s*\d/ }).waitFor();
    await page.getByRole('tab', { name: 'Sales' }).click();
    await expect.poll(() => page.title()).toBe('Sales dashboard · Rapport');
    await page.getByRole('button', { name: /^Win rate\s*\d/ }).waitFor();
    await page.close();
  });

  it('reads on a phone', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await loginAs(page, 'service@demo.rapport.test');
    await page.goto(`${BASE_URL}/dashboards?department=service`);
    await page.getByRole('button', { name: /^Cases opened\s*\d+/ }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(page, 'dashboard-service-phone');
    await page.close();
  });
});
