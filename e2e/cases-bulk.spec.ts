/** Queue work in bulk: an agent ticks cases by keyboard and mouse, assigns them to themself, then closes them. */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiSession, apiAs } from './api.ts';
import { BASE_URL, launch, loginAs, shot } from './browser.ts';

let browser: Browser;
let agent: ApiSession;

beforeAll(async () => {
  browser = await launch();
  agent = await apiAs('service@demo.rapport.test');
});
afterAll(async () => {
  await browser?.close();
});

describe('cases in bulk', () => {
  it('ticks two cases, assigns them to me and closes them', async () => {
    const tag = `Bulk ${Date.now()}`;
    const me = await agent.call<{ user: { id: string } }>('GET', '/auth/me');
    for (const n of [1, 2])
      await agent.call('POST', '/cases', { subject: `${tag} printer ${n}`, channel: 'email', ownerId: null });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await loginAs(page, 'service@demo.rapport.test');
    await page.goto(`${BASE_URL}/cases?queue=all`);
    await page.getByRole('textbox', { name: 'Search cases by reference or subject' }).fill(tag);
    await expect.poll(() => page.getByRole('checkbox', { name: /^Tick C-\d+$/ }).count()).toBe(2);
    // One by keyboard (j highlights the first row, x ticks it), one by mouse.
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('j');
    await page.keyboard.press('x');
    await page
      .getByRole('checkbox', { name: /^Tick C-\d+$/ })
      .nth(1)
      .check();
    await page.getByText('2 ticked').waitFor();
    await shot(page, 'cases-bulk');
    await page
      .getByRole('region', { name: 'Change the cases ticked' })
      .getByRole('button', { name: 'Assign to me' })
      .click();
    await page.getByText('2 cases assigned to you').waitFor();
    const mine = await agent.call<{ data: { subject: string; ownerId: string | null }[] }>(
      'GET',
      `/cases?queue=mine&q=${encodeURIComponent(tag)}`,
    );
    expect(mine.data.map((c) => c.ownerId)).toEqual([me.user.id, me.user.id]);

    await page.getByRole('checkbox', { name: 'Tick every case shown' }).check();
    await page.getByRole('region', { name: 'Change the cases ticked' }).getByRole('button', { name: 'Close' }).click();
    await page.getByText('2 cases closed').waitFor();
    const after = await agent.call<{ data: { status: string }[] }>(
      'GET',
      `/cases?queue=all&q=${encodeURIComponent(tag)}`,
    );
    expect(after.data.map((c) => c.status)).toEqual(['closed', 'closed']);
    await page.close();
  });
});
