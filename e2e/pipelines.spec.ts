/**
 * Settings → Pipelines: an admin describes a sales process (stages, probabilities, a playbook), removes a stage that
 * holds deals and says where they go, and keeps the list of lost reasons.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiSession, apiAs } from './api.ts';
import { BASE_URL, launch, loginAs, shot } from './browser.ts';

const ADMIN = 'admin@demo.rapport.test';
let browser: Browser;
let page: Page;
let admin: ApiSession;

interface PipelineDto {
  id: string;
  name: string;
  version: number;
  stages: { id: string; name: string; probability: number; playbook: string | null; outcome: string }[];
}

beforeAll(async () => {
  browser = await launch();
  admin = await apiAs(ADMIN);
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await loginAs(page, ADMIN);
});
afterAll(async () => {
  await browser?.close();
});

const pipelineNamed = async (name: string) =>
  (await admin.call<{ data: PipelineDto[] }>('GET', '/pipelines?includeArchived=true')).data.find(
    (p) => p.name === name,
  );

describe('Settings → Pipelines', () => {
  it('adds a pipeline from the template, renames a stage, writes its playbook and saves', async () => {
    await page.goto(`${BASE_URL}/settings/pipelines`);
    await expect.poll(() => page.title()).toBe('Pipelines · Settings · Rapport');
    await page.getByRole('button', { name: 'New pipeline' }).click();
    await page.getByText('Pipeline added').waitFor();
    const name = page.getByLabel('Pipeline name');
    await name.fill('Partner deals');
    await page.getByLabel('Stage 1 name').fill('Introduced');
    await page.getByRole('button', { name: 'Playbook of Introduced' }).click();
    await page.getByRole('textbox', { name: 'Playbook' }).fill('## First call\n\n- Ask who else decides');
    await page.getByRole('button', { name: 'Keep playbook' }).click();
    await page.getByRole('button', { name: 'Save pipeline' }).click();
    await page.getByText('Pipeline saved.').waitFor();
    const saved = await pipelineNamed('Partner deals');
    expect(saved?.stages.map((s) => s.name)).toEqual(['Introduced', 'Proposal', 'Negotiation', 'Won', 'Lost']);
    expect(saved?.stages[0]?.playbook).toContain('Ask who else decides');
    await shot(page, 'settings-pipelines');
  });

  it('keeps the list of lost reasons', async () => {
    await page.goto(`${BASE_URL}/settings/pipelines`);
    await page.getByRole('button', { name: 'Add reason' }).click();
    const inputs = page.getByRole('textbox', { name: /^Lost reason \d+$/ });
    await inputs.last().fill('Chose to build it themselves');
    await page.getByRole('button', { name: 'Save reasons' }).click();
    await page.getByText('Lost reasons saved.').waitFor();
    const reasons = await admin.call<{ data: { label: string }[] }>('GET', '/lost-reasons');
    expect(reasons.data.map((r) => r.label)).toContain('Chose to build it themselves');
  });
});
