/**
 * The jobs menu: an export started from a list runs in the background, its progress shows in the top bar's
 * "Background work" menu (kept up to date over the job's event stream), and its file downloads from there when done.
 */
import { readFileSync, statSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_URL, launch, loginAs, shot } from './browser.ts';

const ADMIN = 'admin@demo.rapport.test';
let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  await loginAs(page, ADMIN);
});
afterAll(async () => {
  await browser?.close();
});

describe('jobs menu', () => {
  it('starts an Excel export from the people list, shows it running, then offers the file to download', async () => {
    const streams: string[] = [];
    page.on('request', (r) => {
      if (/\/api\/v1\/jobs\/[^/]+\/events$/.test(r.url())) streams.push(r.url());
    });
    await page.goto(`${BASE_URL}/people`);
    await page.getByRole('heading', { name: 'People', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Export Excel' }).click();
    await page.getByText('Export started').waitFor();

    // The top bar's menu counts it while it runs and shows it with a progress bar (queued or running) …
    const menu = page.getByRole('button', { name: /^Background work/ });
    await menu.click();
    await expect.poll(async () => page.getByText(/^Export/).count()).toBeGreaterThan(0);
    const download = page.getByRole('link', { name: 'Download' }).first();
    const progress = page.getByRole('progressbar', { name: 'Export progress' }).first();
    // (a small export may finish before the menu opens: then the download is already there)
    await expect.poll(async () => (await progress.isVisible()) || (await download.isVisible())).toBe(true);
    if (await progress.isVisible()) {
      // … followed over its event stream, not by polling the list
      await expect.poll(() => streams.length).toBeGreaterThan(0);
    }

    // … and when it is done, the file is one click away.
    await download.waitFor({ timeout: 60_000 });
    await expect.poll(async () => page.getByText('Done').first().isVisible()).toBe(true);
    await shot(page, 'jobs-menu-done');
    const [file] = await Promise.all([page.waitForEvent('download'), download.click()]);
    expect(file.suggestedFilename()).toMatch(/^people-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const path = await file.path();
    expect(statSync(path).size).toBeGreaterThan(10_000);
    expect(readFileSync(path).subarray(0, 2).toString()).toBe('PK'); // an XLSX is a zip
  });
});
