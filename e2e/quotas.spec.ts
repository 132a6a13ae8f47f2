/** Settings → Quotas: an admin sets a rep's quota for a quarter; it shows in the forecast and on the rep's home page. */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiSession, apiAs } from './api.ts';
import { BASE_URL, launch, loginAs, shot } from './browser.ts';

let browser: Browser;
let admin: ApiSession;

beforeAll(async () => {
  browser = await launch();
  admin = await apiAs('admin@demo.rapport.test');
});
afterAll(async () => {
  await browser?.close();
});

describe('Settings → Quotas', () => {
  it("sets a rep's quota for next quarter", async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await loginAs(page, 'admin@demo.rapport.test');
    await page.goto(`${BASE_URL}/settings/quotas`);
    await expect.poll(() => page.title()).toBe('Quotas · Settings · Rapport');
    await page.getByRole('combobox', { name: 'Period' }).click();
    const next = page.getByRole('option').nth(1);
    const label = (await next.textContent()) ?? '';
    await next.click();
    const [, q, year] = /Q(\d) (\d{4})/.exec(label) ?? [];
    const period = `${year}-Q${q}`;
    await page.getByRole('textbox', { name: 'Amount quota of Tom Baker' }).fill('75000');
    await page.getByRole('textbox', { name: 'Deals-won quota of Tom Baker' }).fill('8');
    await page.getByRole('button', { name: 'Save quotas' }).click();
    await page.getByText('Quotas saved.').waitFor();
    const quotas = await admin.call<{
      data: { subjectName: string; period: string; amount: { amountMinor: number } | null; dealCount: number | null }[];
    }>('GET', `/quotas?period=${period}`);
    expect(quotas.data.find((x) => x.subjectName === 'Tom Baker' && x.period === period)).toMatchObject({
      amount: { amountMinor: 7_500_000 },
      dealCount: 8,
    });
    await shot(page, 'settings-quotas');
    await page.close();
  });
});
