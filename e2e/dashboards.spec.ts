/**
 * Department dashboards: the service desk's metrics from the demo year, the objectives set on them, a chart per metric.
 * Custom dashboards: a manager builds one from two widgets (reordered with the keyboard), shares it by link, and a rep
 * opens the link on a phone and sees it in one column with the rep's own numbers.
 */
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

describe('custom dashboards', () => {
  let link = '';
  const name = `Team pulse ${Date.now()}`;

  it('builds a dashboard of two widgets, reorders them with the keyboard, opens it and shares it', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await loginAs(page, 'manager@demo.rapport.test');
    await page.goto(`${BASE_URL}/dashboards`);
    await page.getByRole('link', { name: 'Custom dashboards' }).click();
    await expect.poll(() => page.title()).toBe('Custom dashboards · Rapport');
    // The demo's own dashboard is listed for everyone.
    await page.getByRole('link', { name: 'Sales this quarter' }).waitFor();
    await page.getByRole('link', { name: 'New dashboard' }).click();
    await page.getByLabel('Name').fill(name);
    await page.getByText('No widgets yet.').waitFor();

    // A number: activities logged.
    await page.getByRole('button', { name: 'Add widget' }).click();
    let dialog = page.getByRole('dialog', { name: 'Add a widget' });
    await dialog.getByLabel('Title').fill('Activities this month');
    await dialog.getByRole('combobox', { name: 'Metric' }).click();
    await page.getByRole('option', { name: 'Activities logged', exact: true }).click();
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();

    // A trend of the win rate against the demo's objective on it.
    await page.getByRole('button', { name: 'Add widget' }).click();
    dialog = page.getByRole('dialog', { name: 'Add a widget' });
    await dialog.getByRole('combobox', { name: 'What it shows' }).click();
    await page.getByRole('option', { name: /^Trend:/ }).click();
    await dialog.getByLabel('Title').fill('Win rate against the goal');
    await dialog.getByRole('combobox', { name: 'Metric' }).click();
    await page.getByRole('option', { name: 'Win rate', exact: true }).click();
    await dialog.getByRole('combobox', { name: /^Objective/ }).click();
    await page.getByRole('option', { name: 'Win one deal in three' }).click();
    await dialog.getByRole('combobox', { name: 'Size' }).click();
    await page.getByRole('option', { name: /^Large/ }).click();
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();

    // Move the trend first, by keyboard: focus its Move up button and press Enter.
    const up = page.getByRole('button', { name: 'Move “Win rate against the goal” up' });
    await up.focus();
    await page.keyboard.press('Enter');
    const order = page.getByRole('list', { name: 'Widgets, in order' }).getByRole('listitem');
    await expect.poll(async () => (await order.first().textContent()) ?? '').toContain('Win rate against the goal');
    await shot(page, 'dashboard-custom-editor');
    await page.getByRole('button', { name: 'Create dashboard' }).click();

    await expect.poll(() => page.title()).toBe(`${name} · Dashboards · Rapport`);
    const trend = page.getByRole('region', { name: 'Win rate against the goal' });
    await trend.getByText(/Against the target of “Win one deal in three”/).waitFor();
    const number = page.getByRole('region', { name: 'Activities this month' });
    await number.getByText(/than the period before|no earlier value|no change/).waitFor();
    // The trend comes first on the page as in the editor.
    const titles = await page.locator('section[aria-label] h2').allTextContents();
    expect(titles).toEqual(['Win rate against the goal', 'Activities this month']);
    await shot(page, 'dashboard-custom');

    await page.getByRole('button', { name: 'Share' }).click();
    const share = page.getByRole('dialog', { name: `Share “${name}”` });
    await share.getByRole('button', { name: 'Create a link' }).click();
    const box = share.getByLabel('share link', { exact: true });
    await box.waitFor();
    link = (await box.textContent())?.trim() ?? '';
    expect(link).toMatch(/\/dashboards\/shared\/[\w-]{20,}$/);
    await share.getByRole('button', { name: /^Revoke the link/ }).waitFor();
    await page.close();
  });

  it('opens the share link on a phone as a rep: one column, the rep’s own numbers', async () => {
    expect(link).not.toBe('');
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await loginAs(page, 'sales.north@demo.rapport.test');
    await page.goto(link);
    await page.getByText('Shared with you by link').waitFor();
    await expect.poll(() => page.title()).toBe(`${name} · Shared dashboard · Rapport`);
    const trend = page.getByRole('region', { name: 'Win rate against the goal' });
    const number = page.getByRole('region', { name: 'Activities this month' });
    await number.getByText(/than the period before|no earlier value|no change/).waitFor();
    await trend.waitFor();
    // One column: the second widget sits below the first, both as wide as the page allows.
    const a = (await trend.boundingBox())!;
    const b = (await number.boundingBox())!;
    expect(b.y).toBeGreaterThanOrEqual(a.y + a.height);
    expect(Math.abs(a.width - b.width)).toBeLessThan(2);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(page, 'dashboard-custom-phone');
    await page.close();
  });
});
