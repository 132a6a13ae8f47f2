/**
 * Touchpoints in a real browser: logging a call onto the timelines, global search within visibility, the screen pop,
 * keeping and breaking promises (and telling the customer), and completing a task from My day.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiSession, apiAs } from './api.ts';
import { BASE_URL, launch, loginAs, shot } from './browser.ts';

const ADMIN = 'admin@demo.rapport.test';
let browser: Browser;
let page: Page;
let admin: ApiSession;

interface PersonRow {
  id: string;
  fullName: string;
  companyId: string | null;
  company: { id: string; name: string } | null;
}

beforeAll(async () => {
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  admin = await apiAs(ADMIN);
  await loginAs(page, ADMIN);
});
afterAll(async () => {
  await browser?.close();
});

async function personWithCompany(): Promise<PersonRow> {
  const list = await admin.call<{ data: PersonRow[] }>('GET', '/people?limit=50&sort=-updatedAt');
  const found = list.data.find((p) => p.companyId);
  if (!found) throw new Error('no person with a company in the demo data');
  return found;
}

async function openSearch(p: Page, text: string, via: 'shortcut' | 'box'): Promise<void> {
  const topBox = p.getByRole('button', { name: /Search people, companies/ });
  await topBox.waitFor();
  if (via === 'box') await topBox.click();
  else await p.keyboard.press('Control+k');
  const box = p.getByRole('textbox', { name: 'Search people and companies' });
  await box.waitFor();
  const answered = p.waitForResponse((r) => r.url().includes('/api/v1/search') && r.status() === 200);
  await box.fill(text);
  await answered;
  await p.waitForTimeout(300);
}

describe('touchpoints', () => {
  it('logs a call from a person page: top of the person timeline and on the company timeline', async () => {
    const person = await personWithCompany();
    const subject = `E2E call ${Date.now()}`;
    await page.goto(`${BASE_URL}/people/${person.id}`);
    await page.getByRole('button', { name: 'Log call' }).first().click();
    const composer = page.getByRole('region', { name: 'Log a touchpoint' });
    await expect.poll(() => composer.getByLabel('Subject').evaluate((el) => el === document.activeElement)).toBe(true);
    await composer.getByLabel('Subject').fill(subject);
    await composer.getByLabel('Notes').fill('Talked about renewal terms.\nThey will confirm by Friday.');
    await composer.getByLabel('Outcome').fill('connected');
    await composer.getByLabel('Duration (minutes)').fill('4');
    await composer.getByRole('button', { name: 'Log call' }).click();
    const first = page.getByTestId('timeline-entry').first();
    await expect.poll(() => first.textContent(), { timeout: 10_000 }).toContain(subject);
    expect(await first.textContent()).toContain('Phone, outbound');
    await shot(page, 'person-timeline');

    await page.goto(`${BASE_URL}/companies/${person.companyId}`);
    await page.getByTestId('timeline-entry').first().waitFor();
    await expect.poll(() => page.getByTestId('timeline-entry').filter({ hasText: subject }).count()).toBe(1);
    await shot(page, 'company-timeline');
  });

  it('global search: a sales user of North does not find a South customer; the admin does', async () => {
    const users = await admin.call<{ data: { id: string; email: string }[] }>('GET', '/users');
    const south = users.data.find((u) => u.email === 'sales.south@demo.rapport.test');
    const theirs = await admin.call<{ data: PersonRow[] }>(
      'GET',
      `/people?filter=ownerId:eq:${south?.id}&filter=teamId:eq:${(await admin.call<{ data: { id: string; name: string }[] }>('GET', '/teams')).data.find((t) => t.name === 'South')?.id}&limit=1`,
    );
    const target = theirs.data[0];
    if (!target) throw new Error('no South customer');
    const record = `[data-record="people:${target.id}"]`;

    const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const sales = await ctx.newPage();
    await loginAs(sales, 'sales.north@demo.rapport.test');
    await openSearch(sales, target.fullName, 'box');
    expect(await sales.locator(record).count()).toBe(0);
    await shot(sales, 'search-sales-north');
    await ctx.close();

    await page.goto(`${BASE_URL}/`);
    await openSearch(page, target.fullName, 'shortcut');
    await page.locator(record).waitFor();
    await shot(page, 'search-admin');
    await page.keyboard.press('Escape');
  });

  it('screen pop: the same person for any format of the number', async () => {
    const etag = await admin.etag('/workspace');
    await admin.call('PATCH', '/workspace', { defaultCountry: 'US' }, etag ?? undefined);
    try {
      const created = await admin.call<{ id: string }>('POST', '/people', {
        firstName: 'Pop',
        lastName: `Caller ${Date.now() % 100000}`,
        phones: [{ number: '+1 (415) 555-0100', label: 'mobile' }],
      });
      for (const typed of ['+1 (415) 555-0100', '415.555.0100', '14155550100']) {
        await page.goto(`${BASE_URL}/pop?phone=${encodeURIComponent(typed)}`);
        await page.waitForURL((u) => u.pathname === `/people/${created.id}`, { timeout: 10_000 });
      }
      // The call form is open and focused on the record.
      const subject = page.getByRole('region', { name: 'Log a touchpoint' }).getByLabel('Subject');
      await expect.poll(() => subject.evaluate((el) => el === document.activeElement)).toBe(true);
      await shot(page, 'screen-pop');

      await page.goto(`${BASE_URL}/pop?phone=${encodeURIComponent('+1 415 555 0199')}`);
      await page.getByText('No one has this number yet').waitFor();
      await shot(page, 'screen-pop-unknown');
    } finally {
      const now = await admin.etag('/workspace');
      await admin.call('PATCH', '/workspace', { defaultCountry: 'GB' }, now ?? undefined);
    }
  });

  it('keeps and breaks promises; telling the customer lands on the timeline', async () => {
    const person = await personWithCompany();
    const due = new Date(Date.now() + 2 * 86_400_000).toISOString();
    const keep = `E2E keep ${Date.now()}`;
    const brk = `E2E break ${Date.now()}`;
    await admin.call('POST', '/promises', { description: keep, personId: person.id, dueAt: due });
    await admin.call('POST', '/promises', { description: brk, personId: person.id, dueAt: due });
    await page.goto(`${BASE_URL}/people/${person.id}`);
    const panel = page.getByRole('region', { name: 'Promises' });
    const kept = panel.getByTestId('promise').filter({ hasText: keep });
    await kept.getByRole('button', { name: 'Kept' }).click();
    await expect.poll(() => kept.count(), { timeout: 10_000 }).toBe(0);

    const broken = panel.getByTestId('promise').filter({ hasText: brk });
    await broken.getByRole('button', { name: 'Broken' }).click();
    const dialog = page.getByRole('dialog', { name: 'Tell the customer' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Later' }).click();
    // Not told yet: the prompt stays on the promise.
    await broken.getByText('Broken: the customer has not been told').waitFor();
    await shot(page, 'promise-broken-prompt');
    await broken.getByRole('button', { name: 'Tell the customer' }).click();
    await dialog.getByRole('button', { name: 'Log that they were told' }).click();
    await expect
      .poll(() => page.getByTestId('timeline-entry').filter({ hasText: brk }).count(), { timeout: 10_000 })
      .toBeGreaterThan(0);
    await expect.poll(() => broken.count()).toBe(0);
    await shot(page, 'promise-told');
  });

  it('My day shows a task due for the user, and completing it removes it', async () => {
    const title = `E2E task ${Date.now()}`;
    const person = await personWithCompany();
    await admin.call('POST', '/tasks', {
      title,
      dueAt: new Date(Date.now() - 3_600_000).toISOString(),
      personId: person.id,
    });
    await page.goto(`${BASE_URL}/`);
    const row = page.getByTestId('task').filter({ hasText: title });
    await row.waitFor();
    await shot(page, 'my-day');
    await row.getByRole('checkbox', { name: `Complete: ${title}` }).click();
    await page.getByText(`Done: ${title}`).waitFor();
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(0);
  });

  it('phone layouts: record page with the action bar, and My day', async () => {
    const person = await personWithCompany();
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    const phone = await ctx.newPage();
    await loginAs(phone, ADMIN);
    await phone.goto(`${BASE_URL}/people/${person.id}`);
    const bar = phone.getByRole('navigation', { name: 'Quick actions' });
    await bar.waitFor();
    await phone.getByTestId('timeline-entry').first().waitFor();
    await shot(phone, 'phone-person');
    await bar.getByRole('button', { name: 'Log call' }).click();
    await phone.getByRole('region', { name: 'Log a touchpoint' }).getByLabel('Subject').waitFor();
    await phone.getByRole('tab', { name: 'Related' }).click();
    await phone.getByRole('region', { name: 'Promises' }).waitFor();
    await shot(phone, 'phone-person-related');
    await phone.goto(`${BASE_URL}/`);
    await phone.getByRole('region', { name: 'Tasks due' }).waitFor();
    await shot(phone, 'phone-my-day');
    await ctx.close();
  });
});
