/** Labels and names, never stored values: the Changes tab and the audit log. */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiSession, apiAs } from './api.ts';
import { BASE_URL, launch, loginAs, shot } from './browser.ts';

const ADMIN = 'admin@demo.rapport.test';
let browser: Browser;
let page: Page;
let admin: ApiSession;
let personId: string;
const lastName = `Labelled ${Date.now() % 1_000_000}`;

beforeAll(async () => {
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  admin = await apiAs(ADMIN);
  personId = (
    await admin.call<{ id: string }>('POST', '/people', { firstName: 'Lena', lastName, lifecycleStage: 'lead' })
  ).id;
  const etag = await admin.etag(`/people/${personId}`);
  await admin.call('PATCH', `/people/${personId}`, { lifecycleStage: 'former_customer' }, etag ?? undefined);
  await loginAs(page, ADMIN);
});
afterAll(async () => {
  await browser?.close();
});

describe('labels, not stored values', () => {
  it('the Changes tab shows choice labels', async () => {
    await page.goto(`${BASE_URL}/people/${personId}?tab=changes`);
    const change = page.getByText('Former customer').first();
    await change.waitFor();
    const row = page
      .locator('div')
      .filter({ has: page.getByText('Lifecycle stage', { exact: true }) })
      .filter({ hasText: 'Former customer' })
      .last();
    await expect.poll(async () => (await row.textContent()) ?? '').toMatch(/Lead.*→.*Former customer/);
    expect(await page.getByText('former_customer').count()).toBe(0);
    await shot(page, 'changes-labels');
  });

  it('the audit log shows names and labels, not ids and JSON', async () => {
    await page.goto(`${BASE_URL}/settings/audit?object=people&recordId=${personId}`);
    const show = page.getByRole('button', { name: 'Show changes' });
    await expect.poll(() => show.count()).toBeGreaterThan(1);
    // the oldest entry is the creation
    await show.last().click();
    await page.getByText('— → Alex Morgan').first().waitFor();
    await page.getByText('Lifecycle stage', { exact: true }).first().waitFor();
    const text = (await page.locator('table').textContent()) ?? '';
    expect(text).not.toContain('{"');
    expect(text).not.toContain('"line1"');
    await shot(page, 'audit-labels');
  });
});
