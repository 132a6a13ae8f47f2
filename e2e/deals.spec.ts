/**
 * Deals: a pipeline's board, moving deals by dragging (a stage that needs a field asks for it, a lost stage asks for the
 * reason) and by keyboard, the forecast following the moves, the deal's page, and the board on a phone.
 * The deals close in 2031 and the forecast is read for 2031-Q1, so nothing depends on today's date.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiSession, apiAs } from './api.ts';
import { BASE_URL, launch, loginAs, shot } from './browser.ts';

const ADMIN = 'admin@demo.rapport.test';
let browser: Browser;
let page: Page;
let admin: ApiSession;

interface Stage {
  id: string;
  name: string;
  outcome: string;
}
interface Deal {
  id: string;
  name: string;
  stageId: string;
  version: number;
  amount: { amountMinor: number; currency: string } | null;
  lostReasonId: string | null;
}

const run = Date.now().toString(36);
const PIPELINE = `E2E sales ${run}`;
let pipelineId = '';
const stage: Record<string, Stage> = {};
let globex: Deal;
let initech: Deal;
let currency = 'EUR';
const LOST_REASON = 'Price too high';

const deal = (id: string) => admin.call<Deal>('GET', `/deals/${id}`);

async function dragTo(card: Locator, column: Locator) {
  const from = await card.boundingBox();
  const to = await column.boundingBox();
  if (!from || !to) throw new Error('card or column not on screen');
  await page.mouse.move(from.x + 20, from.y + 15);
  await page.mouse.down();
  // Past the activation distance first, then over the column in steps (dnd-kit measures as the pointer moves).
  await page.mouse.move(from.x + 40, from.y + 25, { steps: 4 });
  await page.mouse.move(to.x + to.width / 2, to.y + 80, { steps: 12 });
  await page.mouse.up();
}

beforeAll(async () => {
  browser = await launch();
  admin = await apiAs(ADMIN);
  const me = await admin.call<{ workspace: { defaultCurrency: string } }>('GET', '/auth/me');
  currency = me.workspace.defaultCurrency;
  const created = await admin.call<{ id: string; stages: Stage[] }>('POST', '/pipelines', {
    name: PIPELINE,
    stages: [
      { name: 'Qualified', probability: 20, stalledAfterDays: 30 },
      { name: 'Proposal', probability: 50, requiredFields: ['amount'] },
      { name: 'Won', probability: 100, outcome: 'won' },
      { name: 'Lost', probability: 0, outcome: 'lost' },
    ],
  });
  pipelineId = created.id;
  for (const s of created.stages) stage[s.name] = s;
  const reasons = await admin.call<{ data: { id: string; label: string; active: boolean }[] }>('GET', '/lost-reasons');
  if (!reasons.data.some((r) => r.label === LOST_REASON)) {
    await admin.call('PUT', '/lost-reasons', {
      reasons: [
        ...reasons.data.map((r) => ({ id: r.id, label: r.label, active: r.active })),
        { label: LOST_REASON, active: true },
      ],
    });
  }
  globex = await admin.call<Deal>('POST', '/deals', {
    name: `Globex expansion ${run}`,
    pipelineId,
    stageId: stage.Qualified?.id,
    expectedCloseDate: '2031-02-15',
  });
  initech = await admin.call<Deal>('POST', '/deals', {
    name: `Initech renewal ${run}`,
    pipelineId,
    stageId: stage.Proposal?.id,
    amount: { amountMinor: 500000, currency },
    expectedCloseDate: '2031-03-10',
    commit: true,
  });
  await admin.call('POST', '/people', { firstName: 'Dana', lastName: `Decider ${run}` });
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await loginAs(page, ADMIN);
});
afterAll(async () => {
  await browser?.close();
});

const card = (d: Deal) => page.locator(`[data-card-id="${d.id}"]`);
const column = (s: Stage | undefined) => page.locator(`[data-column-id="${s?.id}"]`);

async function forecastTotal(screenshot?: string): Promise<string> {
  await page.goto(`${BASE_URL}/deals/forecast?pipeline=${pipelineId}&period=2031-Q1`);
  await expect.poll(() => page.title()).toBe('Forecast · Deals · Rapport');
  await page.locator('.recharts-bar-rectangle').first().waitFor();
  if (screenshot) await shot(page, screenshot);
  await page.getByText('Table', { exact: true }).click();
  const total = page.locator('tfoot td').first();
  await total.waitFor();
  return (await total.textContent()) ?? '';
}

describe('Deals', () => {
  it('shows the pipeline as a board with each stage’s totals, reached from the left navigation', async () => {
    await page.goto(`${BASE_URL}/`);
    await page.getByRole('link', { name: 'Deals' }).first().click();
    await expect.poll(() => page.title()).toBe('Deals · Rapport');
    await page.goto(`${BASE_URL}/deals?pipeline=${pipelineId}`);
    await card(globex).waitFor();
    await expect.poll(() => column(stage.Proposal).textContent()).toContain('1 deal');
    await expect.poll(() => column(stage.Qualified).textContent()).toContain(`Globex expansion ${run}`);
    await shot(page, 'deals-board');
  });

  it('drags a deal to a stage that needs an amount: the dialog asks for it and the move goes through', async () => {
    await dragTo(card(globex), column(stage.Proposal));
    const dialog = page.getByRole('dialog', { name: `Move Globex expansion ${run} to Proposal` });
    await dialog.waitFor();
    await shot(page, 'deals-move-dialog');
    await dialog.getByRole('textbox', { name: 'Amount' }).fill('1200');
    await dialog.getByRole('button', { name: 'Move to Proposal' }).click();
    await expect.poll(async () => (await deal(globex.id)).stageId).toBe(stage.Proposal?.id);
    expect((await deal(globex.id)).amount?.amountMinor).toBe(120000);
    await page.getByText(`Moved Globex expansion ${run} to Proposal.`).waitFor();
    await expect.poll(() => column(stage.Proposal).textContent()).toContain(`Globex expansion ${run}`);
  });

  it('asks for the lost reason on a drop into Lost, and the forecast changes', async () => {
    const before = await forecastTotal('deals-forecast-chart');
    await shot(page, 'deals-forecast');
    await page.goto(`${BASE_URL}/deals?pipeline=${pipelineId}`);
    await card(initech).waitFor();
    await dragTo(card(initech), column(stage.Lost));
    const dialog = page.getByRole('dialog', { name: `Move Initech renewal ${run} to Lost` });
    await dialog.waitFor();
    await dialog.getByRole('combobox', { name: 'Lost reason' }).click();
    await page.getByRole('option', { name: LOST_REASON }).click();
    await dialog.getByRole('textbox', { name: 'Note (optional)' }).fill('Went with the cheaper offer');
    await dialog.getByRole('button', { name: 'Move to Lost' }).click();
    await expect.poll(async () => (await deal(initech.id)).stageId).toBe(stage.Lost?.id);
    expect((await deal(initech.id)).lostReasonId).toBeTruthy();
    const after = await forecastTotal();
    expect(after).not.toBe(before);
  });

  it('puts the card back when the dialog is closed without moving', async () => {
    await page.goto(`${BASE_URL}/deals?pipeline=${pipelineId}`);
    await card(globex).waitFor();
    await dragTo(card(globex), column(stage.Lost));
    const dialog = page.getByRole('dialog', { name: `Move Globex expansion ${run} to Lost` });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => column(stage.Proposal).textContent()).toContain(`Globex expansion ${run}`);
    expect((await deal(globex.id)).stageId).toBe(stage.Proposal?.id);
  });

  it('opens the deals behind a forecast number', async () => {
    await forecastTotal();
    await page
      .getByRole('row', { name: /Alex Morgan/ })
      .getByRole('link')
      .first()
      .click();
    await page.waitForURL((u) => u.pathname === '/deals' && u.search.includes('layout=table'));
    await page.getByRole('link', { name: `Globex expansion ${run}` }).waitFor();
    expect(await page.getByRole('link', { name: `Initech renewal ${run}` }).count()).toBe(0);
  });

  it('moves a deal by keyboard: Shift+arrow to the next stage, and M for the list of stages', async () => {
    await page.goto(`${BASE_URL}/deals?pipeline=${pipelineId}`);
    await card(globex).waitFor();
    await card(globex).focus();
    await page.keyboard.press('Shift+ArrowLeft');
    await expect.poll(async () => (await deal(globex.id)).stageId).toBe(stage.Qualified?.id);
    await page.getByText(`Globex expansion ${run} moved to Qualified.`).waitFor({ state: 'attached' });
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-card-id'))).toBe(globex.id);
    await page.keyboard.press('m');
    await page.getByRole('menuitem', { name: 'Won' }).click();
    await expect.poll(async () => (await deal(globex.id)).stageId).toBe(stage.Won?.id);
    // Undo in the toast puts it back.
    await page
      .locator('.mantine-Notification-root', { hasText: `Moved Globex expansion ${run} to Won.` })
      .getByRole('button', { name: 'Undo' })
      .click();
    await expect.poll(async () => (await deal(globex.id)).stageId).toBe(stage.Qualified?.id);
  });

  it('shows a deal’s page: stage, amount, close date, owner, stage history', async () => {
    await page.goto(`${BASE_URL}/deals/${initech.id}`);
    await expect.poll(() => page.title()).toBe(`Initech renewal ${run} · Deals · Rapport`);
    await page.getByRole('heading', { name: 'Stage history' }).waitFor();
    await page.getByText('Proposal → Lost').waitFor();
    await page.getByText(LOST_REASON).first().waitFor();
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
    await page
      .getByText(new RegExp(`Deal Initech renewal ${run}.*lost`, 'i'))
      .first()
      .waitFor();
    await shot(page, 'deal-page');
  });

  it('shows the same deals as a table, filtered to the pipeline', async () => {
    await page.goto(`${BASE_URL}/deals?pipeline=${pipelineId}`);
    await card(globex).waitFor();
    await page.getByText('Table', { exact: true }).click();
    await page.waitForURL((u) => u.search.includes('layout=table'));
    await page.getByRole('link', { name: `Globex expansion ${run}` }).waitFor();
    await page.getByRole('link', { name: `Initech renewal ${run}` }).waitFor();
    await shot(page, 'deals-table');
  });

  it('adds a person with their role when editing a deal', async () => {
    await page.goto(`${BASE_URL}/deals/${globex.id}`);
    await page.getByRole('button', { name: 'Edit' }).click();
    const drawer = page.getByRole('dialog', { name: `Edit Globex expansion ${run}` });
    await drawer.getByRole('button', { name: 'Add a person' }).click();
    const picker = drawer.getByRole('combobox', { name: 'Add a person' });
    await picker.click();
    await picker.fill(`Decider ${run}`);
    await page.getByRole('option', { name: `Dana Decider ${run}` }).click();
    await drawer.getByRole('combobox', { name: `Role of Dana Decider ${run}` }).click();
    await page.getByRole('option', { name: 'Decision maker' }).click();
    await drawer.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(async () => (await admin.call<{ people: { role: string }[] }>('GET', `/deals/${globex.id}`)).people)
      .toEqual([expect.objectContaining({ role: 'decision_maker' })]);
    await page.getByRole('link', { name: `Dana Decider ${run}` }).waitFor();
    // The edit sent only the people: the amount set on the board is still there.
    expect((await deal(globex.id)).amount?.amountMinor).toBe(120000);
  });

  it('creates a deal from the form, in the pipeline the board showed', async () => {
    await page.goto(`${BASE_URL}/deals/new?pipeline=${pipelineId}`);
    await expect.poll(() => page.title()).toBe('New deal · Deals · Rapport');
    await page.getByRole('textbox', { name: 'Name' }).fill(`Umbrella pilot ${run}`);
    await page.getByRole('textbox', { name: /^Amount/ }).fill('2500');
    await page.getByLabel('Expected close').fill('2031-01-20');
    await shot(page, 'deals-new');
    await page.getByRole('button', { name: 'Create deal' }).click();
    await expect.poll(() => page.title()).toBe(`Umbrella pilot ${run} · Deals · Rapport`);
    await page.getByText('Qualified · 20%').waitFor();
  });

  it('on a phone the columns scroll sideways', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await loginAs(phone, ADMIN);
    await phone.goto(`${BASE_URL}/deals?pipeline=${pipelineId}`);
    await phone.locator(`[data-card-id="${globex.id}"]`).waitFor();
    const board = phone.getByRole('region', { name: `Deals in ${PIPELINE}, by stage` });
    const widths = await board.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(widths.scroll).toBeGreaterThan(widths.client);
    await shot(phone, 'deals-board-phone');
    await phone.close();
  });
});
