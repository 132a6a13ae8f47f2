/**
 * The ERP pull connector in the browser: a feed server on loopback serves a CSV of companies; Settings → ERP connection
 * saves its URL, mapping and auth header; the Accounts page pulls now and its sync log shows the run with a rejected
 * row and its reason; at 375 px the log scrolls instead of overflowing. The connection is removed at the end.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiSession, apiAs } from './api.ts';
import { BASE_URL, launch, loginAs, shot } from './browser.ts';

const ADMIN = 'admin@demo.rapport.test';
const run = Date.now().toString(36);
let browser: Browser;
let page: Page;
let admin: ApiSession;
let feed: Server;
let feedUrl = '';
const auth: (string | undefined)[] = [];

beforeAll(async () => {
  feed = createServer((req, res) => {
    auth.push(req.headers['x-api-key'] as string | undefined);
    res.writeHead(200, { 'content-type': 'text/csv' });
    res.end(
      [
        'Customer No,Customer name,Changed',
        `E2E-PULL-1-${run},Pulled Traders ${run},2026-01-01T00:00:00Z`,
        `E2E-PULL-2-${run},,2026-01-01T00:00:00Z`,
      ].join('\n'),
    );
  });
  await new Promise<void>((resolve) => feed.listen(0, '127.0.0.1', resolve));
  feedUrl = `http://127.0.0.1:${(feed.address() as AddressInfo).port}/customers.csv`;
  browser = await launch();
  admin = await apiAs(ADMIN);
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await loginAs(page, ADMIN);
});

afterAll(async () => {
  await admin?.call('PUT', '/erp/connection', { entities: {}, auth: null, schedule: null });
  await browser?.close();
  await new Promise((resolve) => feed?.close(resolve));
});

describe('ERP pull connector', () => {
  it('sets up a feed under Settings → ERP connection', async () => {
    await page.goto(`${BASE_URL}/settings/erp-connection`);
    await page.getByRole('button', { name: /Companies/ }).click();
    await page.getByRole('switch', { name: 'Pull companies from a feed' }).check({ force: true });
    await page.getByRole('textbox', { name: 'Feed URL' }).fill(feedUrl);
    await page.locator('label', { hasText: /^CSV$/ }).click();
    await page.getByRole('textbox', { name: 'externalId', exact: true }).fill('Customer No');
    await page.getByRole('textbox', { name: 'name', exact: true }).fill('Customer name');
    await page.getByRole('textbox', { name: 'updatedAt', exact: true }).fill('Changed');
    await page.getByRole('textbox', { name: 'Auth header', exact: true }).fill('X-Api-Key');
    await page.getByLabel('Auth header value').fill(`secret-${run}-abcd`);
    await page.getByRole('button', { name: 'Save connection' }).click();
    await page.getByText('ERP connection saved.').waitFor();
    await page.getByText('Stored (…abcd); leave empty to keep it').waitFor();
    await shot(page, 'erp-connection');
  });

  it('pulls now from the Accounts page; the sync log shows the run and the rejected row', async () => {
    await page.goto(`${BASE_URL}/accounts`);
    await page.getByRole('heading', { name: 'ERP sync log' }).waitFor();
    await page.getByRole('button', { name: 'Pull now' }).click();
    const table = page.getByRole('table', { name: 'ERP sync runs' });
    await table.getByText('Done').first().waitFor({ timeout: 30_000 });
    await table.getByRole('button', { name: 'Details' }).first().click();
    await page.getByText(/Row 2 \(E2E-PULL-2-.*\): Customer name must have required property/).waitFor();
    expect(auth).toContain(`secret-${run}-abcd`);
    await shot(page, 'erp-sync-log');
    await page.setViewportSize({ width: 375, height: 800 });
    await page.getByRole('heading', { name: 'ERP sync log' }).scrollIntoViewIfNeeded();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    expect(overflow).toBe(false);
    await shot(page, 'erp-sync-log-375');
  });
});
