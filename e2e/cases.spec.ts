/**
 * Cases: an admin defines a case type and an SLA policy in Settings, logs a case for a person, sees its due times,
 * moves it to pending customer (the clocks pause) and to resolved, and sees the status change on the case's timeline;
 * then the queue on a phone. The policy's targets are long (a thousand business hours to resolve), so a case opened
 * now is never breached, whatever day the test runs.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiSession, apiAs } from './api.ts';
import { BASE_URL, launch, loginAs, shot } from './browser.ts';

const ADMIN = 'admin@demo.rapport.test';
let browser: Browser;
let page: Page;
let admin: ApiSession;

const run = Date.now().toString(36);
const TYPE = `Billing ${run}`;
const POLICY = `Billing SLA ${run}`;
const LAST_NAME = `Caller ${run}`;
const SUBJECT = `Invoice charged twice ${run}`;
let caseId = '';

beforeAll(async () => {
  browser = await launch();
  admin = await apiAs(ADMIN);
  await admin.call('POST', '/people', { firstName: 'Casey', lastName: LAST_NAME });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await loginAs(page, ADMIN);
});

afterAll(async () => {
  await browser?.close();
});

describe('cases', () => {
  it('an admin defines a case type and an SLA policy in Settings', async () => {
    await page.goto(`${BASE_URL}/settings/case-types`);
    await page.getByRole('button', { name: 'New case type' }).click();
    const typeDialog = page.getByRole('dialog', { name: 'New case type' });
    await typeDialog.getByLabel('Name').fill(TYPE);
    await typeDialog.getByRole('combobox', { name: 'Default priority' }).click();
    await page.getByRole('option', { name: 'High' }).click();
    await typeDialog.getByLabel('Process').fill('1. Find the invoice\n2. Refund the second charge');
    await typeDialog.getByRole('button', { name: 'Add case type' }).click();
    await page.getByRole('row').filter({ hasText: TYPE }).first().waitFor();

    await page.getByRole('button', { name: 'New SLA policy' }).click();
    const policyDialog = page.getByRole('dialog', { name: 'New SLA policy' });
    await policyDialog.getByLabel('Name').fill(POLICY);
    await policyDialog.getByRole('combobox', { name: 'Case type' }).click();
    await page.getByRole('option', { name: TYPE }).click();
    await policyDialog.getByLabel('First response within (business hours)').fill('4');
    await policyDialog.getByLabel('Resolution within (business hours)').fill('1000');
    await policyDialog.getByRole('button', { name: 'Add SLA policy' }).click();
    const row = page.getByRole('row').filter({ hasText: POLICY });
    await row.waitFor();
    expect(await row.textContent()).toContain('4 h');
    expect(await row.textContent()).toContain('1000 h');
    // What a case costs: per agent-minute and per phone case (major units on screen, minor units in the API).
    await page.getByLabel('Per agent-minute').fill('0.5');
    await page.getByLabel('Per phone case').fill('4');
    await page.getByRole('button', { name: 'Save costs' }).click();
    await page.getByText('Service cost rates saved.', { exact: false }).waitFor();
    const rates = await admin.call<{ agentMinuteMinor: number; channels: { phone?: number } }>(
      'GET',
      '/service/cost-rates',
    );
    expect(rates.agentMinuteMinor).toBe(50);
    expect(rates.channels.phone).toBe(400);
    // The first-contact window: set, read back through the API, and put back as it was for the other specs.
    const before = await admin.call<{ fcrReopenDays: number }>('GET', '/service-settings');
    const window = page.getByLabel('Reopen window (days)');
    await window.fill(String(before.fcrReopenDays + 3));
    await page.getByRole('button', { name: 'Save window' }).click();
    await page.getByText('First-contact window saved.', { exact: false }).waitFor();
    expect((await admin.call<{ fcrReopenDays: number }>('GET', '/service-settings')).fcrReopenDays).toBe(
      before.fcrReopenDays + 3,
    );
    await admin.call('PATCH', '/service-settings', { fcrReopenDays: before.fcrReopenDays });
    await shot(page, 'cases-settings');
  });

  it('logs a case for a person; its type fills in the priority; the case shows its due times and process', async () => {
    await page.goto(`${BASE_URL}/cases/new`);
    await page.getByRole('heading', { name: 'New case' }).waitFor();
    expect(await page.title()).toBe('New case · Cases · Rapport');
    await page.getByLabel('Subject').fill(SUBJECT);
    await page.getByRole('combobox', { name: 'Case type' }).click();
    await page.getByRole('option', { name: TYPE }).click();
    expect(await page.getByRole('combobox', { name: 'Priority' }).inputValue()).toBe('High');
    await page.getByRole('combobox', { name: 'Person' }).fill(LAST_NAME);
    await page.getByRole('option', { name: `Casey ${LAST_NAME}` }).click();
    await shot(page, 'cases-new');
    await page.getByRole('button', { name: 'Create case' }).click();
    await page.waitForURL((u) => /^\/cases\/[^/]+$/.test(u.pathname) && !u.pathname.endsWith('/new'));
    caseId = new URL(page.url()).pathname.split('/').pop() ?? '';
    await page.getByRole('heading', { name: SUBJECT }).waitFor();
    const c = await admin.call<{ reference: string; priority: string; sla: { firstResponseDueAt: string | null } }>(
      'GET',
      `/cases/${caseId}`,
    );
    expect(c.reference).toMatch(/^C-\d+$/);
    expect(c.priority).toBe('high');
    expect(c.sla.firstResponseDueAt).not.toBeNull();
    expect(await page.title()).toBe(`${c.reference} ${SUBJECT} · Cases · Rapport`);
    await page.getByText(c.reference).first().waitFor();
    await page.getByText('High priority').first().waitFor();
    await page
      .getByText(/due in \d+ (min|h|d)/)
      .first()
      .waitFor();
    await page.getByText('Refund the second charge').waitFor();
    // Time spent on the case, costed at the agent-minute rate.
    const costs = page.getByRole('heading', { name: 'Time and cost' }).locator('xpath=..');
    await costs.getByLabel('Minutes').fill('25');
    await costs.getByLabel('Note').fill('Checked the two payments');
    await costs.getByRole('button', { name: 'Log time' }).click();
    await costs.getByText(/^25 min logged/).waitFor();
    const logged = await admin.call<{ minutes: number; data: { kind: string; costMinor: number }[] }>(
      'GET',
      `/cases/${caseId}/costs`,
    );
    expect(logged.minutes).toBe(25);
    expect(logged.data.find((e) => e.kind === 'time')?.costMinor).toBe(1250);
    await shot(page, 'cases-case');
  });

  it('waiting on the customer pauses the clocks; resolving shows on the timeline', async () => {
    // The agent workspace's keys: r goes to the reply box, s to the status moves.
    await page.keyboard.press('r');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('case-reply');
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('s');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-status-move') ?? null))
      .not.toBeNull();
    await page.getByRole('button', { name: 'Wait on customer' }).click();
    await page.getByText('SLA paused').waitFor();
    await page.getByText(/is pending customer\./).waitFor();
    const paused = await admin.call<{ status: string; sla: { paused: boolean } }>('GET', `/cases/${caseId}`);
    expect(paused.status).toBe('pending_customer');
    expect(paused.sla.paused).toBe(true);

    await page.getByRole('button', { name: 'Resolve' }).click();
    await page.getByText(/^Resolved .* ago/).waitFor();
    const resolved = await admin.call<{ status: string }>('GET', `/cases/${caseId}`);
    expect(resolved.status).toBe('resolved');
    await page.getByText(/Pending customer → Resolved/).waitFor();
    await page.getByRole('button', { name: 'Reopen' }).waitFor();
    await shot(page, 'cases-resolved');
  });

  it('the queue lists the case; on a phone too', async () => {
    await page.goto(`${BASE_URL}/cases?queue=all`);
    await page.getByRole('heading', { name: 'Cases', exact: true }).waitFor();
    expect(await page.title()).toBe('Cases · Rapport');
    await page.getByRole('textbox', { name: 'Search cases by reference or subject' }).fill(run);
    await page.getByRole('row').filter({ hasText: SUBJECT }).waitFor();
    await shot(page, 'cases-list');

    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await loginAs(phone, ADMIN);
    await phone.goto(`${BASE_URL}/cases/${caseId}`);
    await phone.getByRole('heading', { name: SUBJECT }).waitFor();
    await shot(phone, 'cases-case-phone');
    await phone.goto(`${BASE_URL}/cases?queue=all&q=${run}`);
    await phone.getByText(SUBJECT).waitFor();
    await shot(phone, 'cases-list-phone');
    await phone.close();
  });
});
