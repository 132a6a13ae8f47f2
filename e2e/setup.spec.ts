/**
 * The five-question set-up on an empty workspace (its own server, without the demo): the administrator is offered the
 * set-up on My day, answers it as a retailer, and lands on the dashboard of the metrics chosen, where the objective
 * just created shows with its baseline and target.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, shot } from './browser.ts';
import { type RunningServer, startServer } from './server.ts';

const EMAIL = 'owner@shop.example';
const PASSWORD = 'a long passphrase for the shop';
let browser: Browser;
let server: RunningServer | undefined;
let base: string;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rapport-setup-'));
  server = await startServer(
    {
      DATABASE_URL: `sqlite:${join(dir, 'empty.db')}`,
      RAPPORT_DEMO: 'false',
      RAPPORT_ADMIN_EMAIL: EMAIL,
      RAPPORT_ADMIN_PASSWORD: PASSWORD,
    },
    55_000,
  );
  base = server.baseUrl;
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('set-up', () => {
  it('walks an empty workspace through the five questions and ends on its dashboard with the objective', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${base}/login`);
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByRole('textbox', { name: 'Password' }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByText('Set Rapport up in five questions').waitFor();
    await page.getByRole('link', { name: 'Start the set-up' }).click();
    await expect.poll(() => page.title()).toBe('Set-up · Rapport');

    await page.getByRole('radio', { name: /Retail and e-commerce/ }).click();
    await shot(page, 'setup-business');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('No customers yet').waitFor();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('checkbox', { name: 'Set “Meet the SLA on 95% of cases”' }).waitFor();
    // Only the SLA objective: first-contact resolution is left for later.
    await page.getByRole('checkbox', { name: 'Set “Raise first-contact resolution by 25%”' }).uncheck();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('How do our offerings relate').waitFor();
    await page.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => page.getByRole('switch', { name: /^Service/ }).isChecked()).toBe(true);
    await expect.poll(() => page.getByRole('switch', { name: /^Sales/ }).isChecked()).toBe(false);
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('Which metrics tell us it works?').waitFor();
    await shot(page, 'setup-metrics');
    await page.getByRole('button', { name: 'Apply and open the dashboard' }).click();

    await expect.poll(() => new URL(page.url()).pathname).toBe('/dashboards');
    await page.getByRole('tab', { name: 'Our metrics', selected: true }).waitFor();
    await page.getByRole('link', { name: 'Meet the SLA on 95% of cases' }).waitFor();
    // No history yet, so no baseline; the target is the value chosen.
    await page.getByText('— → 95%').waitFor();
    await shot(page, 'setup-dashboard');
    // The set-up is done: My day no longer offers it, and the service desk's case types are there.
    await page.goto(base);
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.getByText('Set Rapport up in five questions').count()).toBe(0);
    await page.goto(`${base}/settings/case-types`);
    await page.getByText('Return or refund').first().waitFor();
    await page.close();
  });
});
