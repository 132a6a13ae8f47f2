/**
 * Accounts: an ERP loads a customer and its overdue invoice through the sync API with a token; the company page shows
 * the credit hold, the overdue invoice and the Accounts section; moving the customer's deal to Won is refused while the
 * rules block it; the Accounts home and Settings → Credit rules show. Dates are relative to the run, so the invoice is
 * 45 days overdue whatever the day; the rules are put back as they were at the end.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiSession, apiAs } from './api.ts';
import { BASE_URL, launch, loginAs, shot } from './browser.ts';

const ADMIN = 'admin@demo.rapport.test';
const run = Date.now().toString(36);
const COMPANY = `Overdue Traders ${run}`;
const DAY = 86_400_000;
const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);

let browser: Browser;
let page: Page;
let admin: ApiSession;
let token = '';
let rulesBefore: unknown;
let companyId = '';
let dealId = '';
let wonStageId = '';
let currency = 'EUR';

async function erp(kind: string, records: object[]) {
  const res = await fetch(`${BASE_URL}/api/v1/erp/${kind}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ records }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { created: number; updated: number; unchanged: number; rejected: unknown[] };
}

beforeAll(async () => {
  browser = await launch();
  admin = await apiAs(ADMIN);
  token = (
    await admin.call<{ token: string }>('POST', '/tokens', {
      name: `ERP ${run}`,
      scopes: { companies: 'write', orders: 'write', invoices: 'write', payments: 'write' },
      expiresInDays: 1,
    })
  ).token;
  currency = (await admin.call<{ workspace: { defaultCurrency: string } }>('GET', '/auth/me')).workspace
    .defaultCurrency;
  rulesBefore = await admin.call('GET', '/accounts/credit-rules');
  await admin.call('PUT', '/accounts/credit-rules', {
    holdWhenOverdueDays: 30,
    holdWhenOverLimit: true,
    watchWhenOverdueDays: 1,
    onWonWhileOnHold: 'block',
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await loginAs(page, ADMIN);
});

afterAll(async () => {
  if (rulesBefore) await admin.call('PUT', '/accounts/credit-rules', rulesBefore);
  await browser?.close();
});

describe('accounts', () => {
  it('an ERP loads a customer and its overdue invoice; a replay changes nothing', async () => {
    const updatedAt = new Date().toISOString();
    expect(await erp('companies', [{ externalId: `E2E-${run}`, name: COMPANY, updatedAt }])).toMatchObject({
      created: 1,
    });
    const invoice = {
      externalId: `INV-${run}`,
      companyExternalId: `E2E-${run}`,
      number: `INV-${run}`,
      issuedAt: day(-75),
      dueAt: day(-45),
      total: { amountMinor: 1_240_000, currency },
      amountPaid: { amountMinor: 0, currency },
      status: 'open',
      updatedAt,
    };
    expect(await erp('invoices', [invoice])).toMatchObject({ created: 1, rejected: [] });
    expect(await erp('invoices', [invoice])).toMatchObject({ created: 0, unchanged: 1 });
    const found = await admin.call<{ data: { id: string; credit: { status: string } }[] }>(
      'GET',
      `/companies?filter=externalId:eq:E2E-${run}`,
    );
    companyId = found.data[0]!.id;
    expect(found.data[0]!.credit.status).toBe('hold');
  });

  it('the companies list filters by churn risk and shows the customer value columns', async () => {
    const filter = encodeURIComponent(`externalId:eq:E2E-${run}`);
    await page.goto(
      `${BASE_URL}/companies?filter=${filter}&filter=churnRisk:in:medium%7Chigh&cols=creditStatus,churnRisk,rfmSegment`,
    );
    const row = page.getByRole('row').filter({ hasText: COMPANY });
    await row.waitFor();
    // An overdue invoice and no orders yet: some churn risk, no RFM segment.
    expect(await row.textContent()).toMatch(/medium/i);
    expect(await row.textContent()).toMatch(/hold/i);
    await page.getByRole('columnheader', { name: 'Churn risk' }).waitFor();
    await shot(page, 'finance-companies-churn');
  });

  it('the company page shows the credit hold with its reason and the overdue invoice', async () => {
    await page.goto(`${BASE_URL}/companies/${companyId}`);
    await page.getByRole('heading', { name: 'Accounts' }).waitFor();
    const badges = page.getByTestId('credit-status');
    await badges.first().waitFor();
    expect(await badges.first().textContent()).toBe('Credit: Hold');
    expect(await page.getByText('An invoice is more than 30 days overdue').count()).toBeGreaterThan(0);
    const row = page
      .getByRole('list', { name: 'Invoices' })
      .getByRole('listitem')
      .filter({ hasText: `INV-${run}` });
    await row.waitFor();
    expect(await row.textContent()).toContain('45 days overdue');
    await shot(page, 'finance-company');
  });

  it("moving the customer's deal to Won is refused while the rules block it", async () => {
    const pipeline = await admin.call<{ id: string; stages: { id: string; name: string }[] }>('POST', '/pipelines', {
      name: `Credit ${run}`,
      stages: [
        { name: 'Negotiation', probability: 60 },
        { name: 'Won', probability: 100, outcome: 'won' },
        { name: 'Lost', probability: 0, outcome: 'lost' },
      ],
    });
    wonStageId = pipeline.stages.find((s) => s.name === 'Won')!.id;
    dealId = (
      await admin.call<{ id: string }>('POST', '/deals', {
        name: `Big order ${run}`,
        pipelineId: pipeline.id,
        companyId,
      })
    ).id;
    await page.goto(`${BASE_URL}/deals/${dealId}`);
    await page.getByRole('combobox', { name: 'Move to stage' }).click();
    await page.getByRole('option', { name: 'Won' }).click();
    const alert = page.getByText(`${COMPANY} is on credit hold`);
    await alert.first().waitFor();
    await shot(page, 'finance-deal-blocked');
    const deal = await admin.call<{ stageId: string }>('GET', `/deals/${dealId}`);
    expect(deal.stageId).not.toBe(wonStageId);
  });

  it('the Accounts home and Settings → Credit rules show', async () => {
    await page.goto(`${BASE_URL}/accounts`);
    await page.getByRole('heading', { name: 'Accounts', level: 1 }).waitFor();
    await page.getByText('Overdue invoices by age').waitFor();
    await page.getByRole('link', { name: COMPANY }).first().waitFor();
    expect(await page.title()).toBe('Accounts · Rapport');
    await shot(page, 'finance-home');
    await page.goto(`${BASE_URL}/settings/credit-rules`);
    await page.getByLabel('Hold when an invoice is more than this many days overdue').waitFor();
    expect(await page.getByLabel('Hold when an invoice is more than this many days overdue').inputValue()).toBe('30');
    await shot(page, 'finance-credit-rules');
  });
});
