/**
 * The knowledge base in the staff app: an agent finds a demo article by full-text search, writes a new one in markdown,
 * previews it as readers will see it, publishes it and sees its versions; then, logging a case, the articles relevant
 * to the subject show under it as it is typed.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_URL, launch, loginAs, shot } from './browser.ts';

const ADMIN = 'admin@demo.rapport.test';
const run = Date.now().toString(36);
const TITLE = `Move your data to a new workspace ${run}`;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await loginAs(page, ADMIN);
});

afterAll(async () => {
  await browser?.close();
});

describe('knowledge base', () => {
  it('finds a demo article by words of its body', async () => {
    await page.goto(`${BASE_URL}/knowledge`);
    await page.getByRole('heading', { name: 'Knowledge' }).waitFor();
    expect(await page.title()).toBe('Knowledge · Rapport');
    await page.getByLabel('Search articles').fill('bank transfer');
    await page.getByRole('link', { name: 'I was charged twice' }).waitFor();
    await shot(page, 'knowledge-list');
  });

  it('writes an article, previews it, publishes it and sees its versions', async () => {
    await page.goto(`${BASE_URL}/knowledge/new`);
    await page.getByLabel('Title').fill(TITLE);
    await page.getByLabel('Summary').fill('Export from one workspace, import into the other.');
    await page.getByLabel('Body (markdown)').fill('## Steps\n\n1. **Export** every list\n2. Import the files');
    await page.getByRole('tab', { name: 'Preview' }).click();
    await page.getByTestId('article-preview').locator('strong', { hasText: 'Export' }).waitFor();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL((u) => /^\/knowledge\/[^/]+$/.test(u.pathname) && !u.pathname.endsWith('/new'));
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByText('Published', { exact: true }).first().waitFor();
    await page.getByText(/Changed status/).waitFor();
    await shot(page, 'knowledge-article');
  });

  it('suggests articles under a new case subject as it is typed', async () => {
    await page.goto(`${BASE_URL}/cases/new`);
    await page.getByLabel('Subject').fill('Customer was charged twice for the renewal');
    await page.getByTestId('article-suggestions').getByRole('link', { name: 'I was charged twice' }).waitFor();
    await shot(page, 'knowledge-suggestions');
  });
});
