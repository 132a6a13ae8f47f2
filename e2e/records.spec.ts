/**
 * The foundation's main journey in a real browser: log in, create a company and a person, edit, see the field
 * history; and a sales user cannot open another team's record.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_URL, DEMO_PASSWORD, launch, loginAs, shot } from './browser.ts';

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
});
afterAll(async () => {
  await browser?.close();
});

/** An API call as a demo user, from the test process (to find records to check against). */
async function api(email: string, path: string): Promise<unknown> {
  const login = await fetch(`${BASE_URL}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return (await fetch(`${BASE_URL}${path}`, { headers: { cookie } })).json();
}

describe('people and companies', () => {
  it('logs in and lands on the app', async () => {
    await loginAs(page, 'admin@demo.rapport.test');
    await page.goto(`${BASE_URL}/people`);
    await expect.poll(() => page.getByRole('heading', { name: 'People' }).count()).toBeGreaterThan(0);
    await page
      .getByText(/[\d,]+ people/)
      .first()
      .waitFor();
    await shot(page, 'people-list');
  });

  it('creates a company, then a person at it', async () => {
    await page.goto(`${BASE_URL}/companies/new`);
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Analytical Engines Ltd');
    await page.getByLabel('Website domain').fill('analytical-engines.example');
    await page.getByRole('button', { name: 'Create company' }).click();
    await page.waitForURL(/\/companies\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: 'Analytical Engines Ltd' }).first().waitFor();
    await shot(page, 'company-created');

    await page.goto(`${BASE_URL}/people/new`);
    await page.getByLabel('First name').fill('Ada');
    await page.getByLabel('Last name').fill('Lovelace');
    await page.getByPlaceholder('name@example.com').first().fill('ada@analytical-engines.example');
    await page.getByPlaceholder('+44 20 7946 0958').first().fill('020 7946 0000');
    const company = page.getByRole('combobox', { name: 'Company' });
    await company.click();
    await company.fill('Analytical');
    await page.getByRole('option', { name: /Analytical Engines Ltd/ }).click();
    await page.getByRole('button', { name: 'Create person' }).click();
    await page.waitForURL(/\/people\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: 'Ada Lovelace' }).first().waitFor();
    // The phone typed nationally is shown normalised.
    await page.getByText('+44 20 7946 0000').first().waitFor();
    await shot(page, 'person-created');
  });

  it('edits the person and shows the change in the field history', async () => {
    await page.getByRole('button', { name: 'Edit' }).first().click();
    await page.getByLabel('Job title').fill('Analyst');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Analyst').first().waitFor();
    await page.getByRole('tab', { name: 'Changes' }).click();
    // The Changes tab names who changed which field, from what to what, newest first.
    await page.getByText('Alex Morgan changed').first().waitFor();
    await page.getByText('created this record').first().waitFor();
    const entry = page
      .locator('li, [role="listitem"], div')
      .filter({ hasText: /^Alex Morgan changed/ })
      .first();
    await expect.poll(async () => (await entry.textContent()) ?? '').toMatch(/Job title.*Analyst/);
    await shot(page, 'person-history');
    // Keys: e opens the editor, Escape closes it, and Escape again goes back to the list (the page's activity form
    // holds closed Select lists, which must not count as an open overlay).
    const here = page.url();
    await page.getByRole('tab', { name: 'Timeline' }).click();
    await page.getByRole('button', { name: 'Log call' }).last().waitFor();
    await page.locator('body').click({ position: { x: 2, y: 2 } });
    await page.keyboard.press('e');
    await page.getByRole('button', { name: 'Save changes' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Save changes' }).waitFor({ state: 'detached' });
    // the drawer's own closing transition is over
    await page.waitForFunction(
      () => ![...document.querySelectorAll('[role="dialog"]')].some((el) => el.getClientRects().length > 0),
    );
    await page.keyboard.press('Escape');
    await page.waitForURL((url) => url.pathname === '/people');
    await page.goto(here);
  });

  it('a sales user cannot open a record of another team', async () => {
    const users = (await api('admin@demo.rapport.test', '/api/v1/users')) as { data: { id: string; email: string }[] };
    const south = users.data.find((u) => u.email === 'sales.south@demo.rapport.test')!;
    const theirs = (await api('admin@demo.rapport.test', `/api/v1/people?filter=ownerId:eq:${south.id}&limit=1`)) as {
      data: { id: string; fullName: string }[];
    };
    const target = theirs.data[0]!;
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const sales = await ctx.newPage();
    await loginAs(sales, 'sales.north@demo.rapport.test');
    await sales.goto(`${BASE_URL}/people/${target.id}`);
    await sales.getByText('This page does not exist').waitFor();
    expect(await sales.getByText(target.fullName).count()).toBe(0);
    await shot(sales, 'sales-other-team-record');
    await ctx.close();
  });

  it('works at phone width', async () => {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    const phone = await ctx.newPage();
    await loginAs(phone, 'admin@demo.rapport.test');
    await phone.goto(`${BASE_URL}/people`);
    await phone.getByRole('navigation').last().waitFor();
    await shot(phone, 'phone-people');
    await ctx.close();
  });
});
