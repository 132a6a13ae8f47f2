/** A deal's line items: products from the price list with quantity and discount; the deal's amount becomes their total. */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiSession, apiAs } from './api.ts';
import { BASE_URL, launch, loginAs, shot } from './browser.ts';

const ADMIN = 'admin@demo.rapport.test';
let browser: Browser;
let admin: ApiSession;

beforeAll(async () => {
  browser = await launch();
  admin = await apiAs(ADMIN);
});
afterAll(async () => {
  await browser?.close();
});

describe('deal line items', () => {
  it('adds a product with a quantity and a discount, and the amount follows', async () => {
    const pipelines = await admin.call<{ data: { id: string; stages: { id: string; outcome: string }[] }[] }>(
      'GET',
      '/pipelines',
    );
    const pipeline = pipelines.data[0]!;
    const deal = await admin.call<{ id: string; name: string }>('POST', '/deals', {
      name: 'Line items check',
      pipelineId: pipeline.id,
      stageId: pipeline.stages.find((s) => s.outcome === 'open')!.id,
    });
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await loginAs(page, ADMIN);
    await page.goto(`${BASE_URL}/deals/${deal.id}`);
    const section = page.getByRole('region', { name: 'Line items' });
    await section.getByRole('button', { name: 'Add lines' }).click();
    await section.getByRole('button', { name: 'Add line' }).click();
    await section.getByLabel('Line 1: product').click();
    await page.getByRole('option', { name: /Training day/ }).click();
    await section.getByRole('textbox', { name: 'Line 1: quantity' }).fill('2');
    await section.getByRole('textbox', { name: 'Line 1: discount in percent' }).fill('10');
    await section.getByRole('button', { name: 'Save lines' }).click();
    await page.getByText('Line items saved; the amount is their total.').waitFor();
    // 2 × £950.00 − 10% = £1,710.00
    await section.getByText('£1,710.00').first().waitFor();
    const saved = await admin.call<{ amount: { amountMinor: number } | null }>('GET', `/deals/${deal.id}`);
    expect(saved.amount?.amountMinor).toBe(171_000);
    await shot(page, 'deal-line-items');
    await page.close();
  });
});
