/** Objectives: an admin sets one on a registered metric, sees it listed with its baseline and target, opens it, checks in. */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiSession, apiAs } from './api.ts';
import { BASE_URL, launch, loginAs, shot } from './browser.ts';

const ADMIN = 'admin@demo.rapport.test';
let browser: Browser;
let page: Page;
let admin: ApiSession;

beforeAll(async () => {
  browser = await launch();
  admin = await apiAs(ADMIN);
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await loginAs(page, ADMIN);
});
afterAll(async () => {
  await browser?.close();
});

interface Objective {
  id: string;
  name: string;
  metricId: string;
  baseline: number | null;
  target: number | null;
  checkIns: { comment: string; value: number | null }[];
}

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe('Objectives', () => {
  it('creates an objective on a metric, lists it with baseline and target, opens its chart and adds a check-in', async () => {
    const name = `More calls logged ${Date.now()}`;
    await page.goto(`${BASE_URL}/objectives`);
    await expect.poll(() => page.title()).toBe('Objectives · Rapport');
    await page.getByRole('heading', { name: 'Objectives', level: 1 }).waitFor();
    const existing = (await admin.call<{ data: Objective[] }>('GET', '/objectives')).data;
    if (existing.length === 0) {
      await page.getByText(/A measurable goal|An objective is a measurable goal/).waitFor();
      await shot(page, 'objectives-empty');
    }

    await page.getByRole('button', { name: 'New objective' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'New objective' });
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByLabel('The problem it addresses').fill('Reps work around the CRM: calls go unlogged.');
    await dialog.getByRole('combobox', { name: 'Metric' }).click();
    await page.getByRole('option', { name: 'Activities logged', exact: true }).click();
    // The metric's definition shows under the picker.
    await dialog.getByText(/How many activities/).waitFor();
    await dialog.getByLabel('Target change (%)').fill('25');
    // An end before the start: the server's problem lands on the End date field.
    await dialog.getByLabel('Start date').fill(day(0));
    await dialog.getByLabel('End date').fill(day(-5));
    await dialog.getByRole('button', { name: 'Create objective' }).click();
    await dialog.getByText('the end date must be after the start date').waitFor();
    await shot(page, 'objectives-new-error');
    await dialog.getByLabel('End date').fill(day(90));
    await dialog.getByRole('button', { name: 'Create objective' }).click();
    await dialog.waitFor({ state: 'detached' });

    await page.getByRole('heading', { name, level: 1 }).waitFor();
    const objective = (await admin.call<{ data: Objective[] }>('GET', '/objectives')).data.find((o) => o.name === name);
    expect(objective).toMatchObject({ metricId: 'activities.logged' });
    expect(page.url()).toBe(`${BASE_URL}/objectives/${objective!.id}`);
    await page.getByText(/Linear trend over the last 6 weeks, projected to/).waitFor();
    await page
      .getByRole('img', { name: /Activities logged, week by week/ })
      .locator('svg')
      .first()
      .waitFor();
    await page.locator('dt', { hasText: 'Baseline' }).waitFor();
    await shot(page, 'objectives-detail');

    await page.getByLabel('Add check-in').fill('Call logging reminder sent to every rep.');
    await page.getByRole('button', { name: 'Add check-in' }).click();
    await page.getByText('Call logging reminder sent to every rep.').waitFor();
    const after = await admin.call<Objective>('GET', `/objectives/${objective!.id}`);
    expect(after.checkIns).toHaveLength(1);
    expect(after.checkIns[0]).toMatchObject({ comment: 'Call logging reminder sent to every rep.' });

    await page.getByText('Table', { exact: true }).click();
    await page.getByRole('table', { name: /week by week/ }).waitFor();

    await page.goto(`${BASE_URL}/objectives`);
    const card = page.getByRole('article', { name });
    await card.waitFor();
    const fmt = (v: number | null) =>
      v === null ? '—' : `${v.toLocaleString('en-US', { maximumFractionDigits: 1 })} / week`;
    await card.getByText(fmt(after.baseline), { exact: true }).first().waitFor();
    await card.getByText(fmt(after.target), { exact: true }).first().waitFor();
    await card.getByText(/On track|At risk|Off track/).waitFor();
    await shot(page, 'objectives-list');

    await page.goto(`${BASE_URL}/`);
    const home = page.getByRole('region', { name: 'Your objectives' });
    await home.getByRole('link', { name }).waitFor();

    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    const p = await phone.newPage();
    await loginAs(p, ADMIN);
    await p.goto(`${BASE_URL}/objectives`);
    await p.getByRole('article', { name }).waitFor();
    await shot(p, 'objectives-list-phone');
    await p.goto(`${BASE_URL}/objectives/${objective!.id}`);
    await p.getByRole('heading', { name, level: 1 }).waitFor();
    await p.getByRole('img', { name: /week by week/ }).waitFor();
    await shot(p, 'objectives-detail-phone');
    await phone.close();
  });

  it("shows a demo objective's key results, each with its progress and status, weighted into the objective's", async () => {
    const all = await admin.call<{ data: (Objective & { keyResults: unknown[]; progress: number | null })[] }>(
      'GET',
      '/objectives',
    );
    const fcr = all.data.find((o) => o.name === 'Raise first-contact resolution by 10%');
    expect(fcr?.keyResults).toHaveLength(3);
    await page.goto(`${BASE_URL}/objectives/${fcr!.id}`);
    const section = page.getByRole('region', { name: 'Key results' });
    await section.waitFor();
    await expect.poll(() => section.getByRole('row').count()).toBe(4);
    await section.getByRole('cell', { name: 'First-contact resolution' }).waitFor();
    await section.getByRole('cell', { name: 'Cost per case' }).waitFor();
    await section.getByRole('cell', { name: '50%' }).first().waitFor(); // the weight of 2 out of 4
    if (fcr!.progress !== null) await page.getByText(`${Math.round(fcr!.progress * 100)}% of the way`).waitFor();
    await shot(page, 'objectives-key-results');
  });
  it('adds, changes and removes key results on the objective page', async () => {
    const created = await admin.call<Objective & { version: number }>('POST', '/objectives', {
      name: `Faster service ${Date.now()}`,
      metricId: 'service.fcr_rate',
      baselineFrom: day(-91),
      baselineTo: day(-1),
      target: { relativeChange: 0.1 },
      startDate: day(0),
      endDate: day(120),
      ownerId: (await admin.call<{ user: { id: string } }>('GET', '/auth/me')).user.id,
    });
    await page.goto(`${BASE_URL}/objectives/${created.id}`);
    await page.getByRole('button', { name: 'Add key results' }).click();
    const dialog = page.getByRole('dialog', { name: 'Key results' });
    await dialog.getByRole('button', { name: 'Add a key result' }).click();
    await dialog.getByRole('combobox', { name: 'Key result 1: metric' }).click();
    await page.getByRole('option', { name: 'Reopen rate', exact: true }).click();
    await dialog.getByLabel('Change from baseline (%)').fill('-25');
    await dialog.getByLabel('Weight').fill('2');
    await shot(page, 'objectives-key-results-form');
    await dialog.getByRole('button', { name: 'Save key results' }).click();
    await dialog.waitFor({ state: 'detached' });
    const section = page.getByRole('region', { name: 'Key results' });
    await section.getByRole('cell', { name: 'Reopen rate' }).waitFor();
    const after = await admin.call<{ keyResults: { metricId: string; weight: number; targetInput: unknown }[] }>(
      'GET',
      `/objectives/${created.id}`,
    );
    expect(after.keyResults).toEqual([
      expect.objectContaining({ metricId: 'service.reopen_rate', weight: 2, targetInput: { relativeChange: -0.25 } }),
    ]);

    await page.getByRole('button', { name: 'Edit key results' }).click();
    await dialog.getByLabel('Change from baseline (%)').waitFor();
    expect(await dialog.getByLabel('Change from baseline (%)').inputValue()).toBe('-25%');
    await dialog.getByRole('button', { name: 'Remove key result 1' }).click();
    await dialog.getByRole('button', { name: 'Save key results' }).click();
    await dialog.waitFor({ state: 'detached' });
    await section.waitFor({ state: 'detached' });
    expect((await admin.call<{ keyResults: unknown[] }>('GET', `/objectives/${created.id}`)).keyResults).toEqual([]);
  });
});
