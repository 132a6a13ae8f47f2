/** Settings → Products: an admin keeps the price list (add, edit, a taken SKU named on its field, switch off). */
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
  admin = await apiAs(ADMIN);
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await loginAs(page, ADMIN);
});
afterAll(async () => {
  await browser?.close();
});

const products = async () =>
  (
    await admin.call<{ data: { sku: string; name: string; active: boolean; unitPrice: { amountMinor: number } }[] }>(
      'GET',
      '/products?includeInactive=true',
    )
  ).data;

describe('Settings → Products', () => {
  it('adds a product, refuses a taken SKU on its field, and switches a product off', async () => {
    await page.goto(`${BASE_URL}/settings/products`);
    await expect.poll(() => page.title()).toBe('Products · Settings · Rapport');
    const add = async (name: string, sku: string, price: string) => {
      await page.getByRole('button', { name: 'New product' }).click();
      const dialog = page.getByRole('dialog', { name: 'New product' });
      await dialog.getByLabel('Name').fill(name);
      await dialog.getByLabel('SKU').fill(sku);
      await dialog.getByLabel(/Unit price/).fill(price);
      await dialog.getByRole('button', { name: 'Add product' }).click();
      return dialog;
    };
    await add('Support plan', 'E2E-SUP', '1200');
    await page.getByText('Product added to the price list.').waitFor();
    expect((await products()).find((p) => p.sku === 'E2E-SUP')).toMatchObject({
      name: 'Support plan',
      unitPrice: { amountMinor: 120_000 },
    });

    const dialog = await add('Another', 'E2E-SUP', '10');
    await dialog.getByText(/taken|already/i).waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('button', { name: 'Switch off Support plan' }).click();
    await page.getByText('Support plan is no longer offered.').waitFor();
    expect((await products()).find((p) => p.sku === 'E2E-SUP')?.active).toBe(false);
    await shot(page, 'settings-products');
  });
});
