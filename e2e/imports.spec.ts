/**
 * Importing people from a CSV file: from the people list, upload a file with one bad row, see the suggested mapping,
 * dry run (the bad row reported with its row, column and reason, nothing written), run it with a progress bar, and
 * see the result: the good rows imported, the rejected row reported with its reason and offered as a download. Then an
 * Excel workbook: choose its sheet, save the mapping under a name, and see it offered for the next file.
 */
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_URL, launch, loginAs, shot } from './browser.ts';

const ADMIN = 'admin@demo.rapport.test';
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

const CSV = [
  'First Name,Last Name,E-mail Address,Mobile Phone',
  'Imogen,Importer,imogen.importer@example.com,+44 20 7946 0321',
  'Ivor,Importer,ivor-at-example,+44 20 7946 0322',
  'Iris,Importer,iris.importer@example.com,',
].join('\r\n');

describe('imports', () => {
  it('imports a CSV with a bad row and reports the rejected row with its reason', async () => {
    await page.goto(`${BASE_URL}/people`);
    await page.getByRole('heading', { name: 'People', exact: true }).waitFor();
    await page.getByRole('link', { name: 'Import' }).click();
    await page.getByRole('heading', { name: 'Import people' }).waitFor();
    await expect.poll(() => page.title()).toBe('Import people · Rapport');
    // The demo workspace has a sample file waiting to be mapped and run.
    await page
      .getByRole('region', { name: 'Recent imports' })
      .getByRole('link', { name: 'hubspot-contacts-sample.csv' })
      .waitFor();

    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'File', exact: true }).click();
    await (await chooser).setFiles({ name: 'contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV, 'utf8') });
    await page.getByRole('button', { name: 'Upload and map columns' }).click();
    const uploaded = page.waitForURL(/\/imports\/[0-9a-f-]{36}$/);
    const refused = page.getByRole('alert').first().waitFor();
    await Promise.race([uploaded, refused]);
    if (!/\/imports\/[0-9a-f-]{36}$/.test(page.url())) {
      throw new Error(`The upload was refused: ${await page.getByRole('alert').first().innerText()}`);
    }

    // The mapping is suggested from the headers.
    await page.getByText('contacts.csv: UTF-8, separated by commas, 4 columns').waitFor();
    await expect
      .poll(() => page.getByRole('combobox', { name: 'Field for the column E-mail Address' }).inputValue())
      .toBe('Email');
    await expect
      .poll(() => page.getByRole('combobox', { name: 'Field for the column First Name' }).inputValue())
      .toBe('First name');

    // The dry run reports the bad row, writes nothing.
    await page.getByRole('button', { name: 'Dry run' }).click();
    const dry = page.getByRole('region', { name: 'Dry run' }).getByRole('table', { name: 'Rejected rows' });
    await dry.waitFor();
    await expect
      .poll(() => dry.getByRole('row').nth(1).innerText())
      .toMatch(/3\s+E-mail Address\s+is not a valid email address/);
    await shot(page, 'import-dry-run');

    // The run shows its progress, then the result with the rejected row and its reason.
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const region = page.getByRole('region', { name: 'Import result' });
    await region.waitFor({ timeout: 60_000 });
    const result = region.getByRole('table', { name: 'Rejected rows' });
    await expect
      .poll(() => result.getByRole('row').nth(1).innerText())
      .toMatch(/3\s+E-mail Address\s+is not a valid email address/);
    await expect.poll(() => region.getByText('Rows read').locator('..').innerText()).toMatch(/^3/);
    await expect.poll(() => region.getByText('Created', { exact: true }).locator('..').innerText()).toMatch(/^2/);
    await expect.poll(() => region.getByText('Rejected', { exact: true }).locator('..').innerText()).toMatch(/^1/);
    await expect(
      page.getByRole('link', { name: 'Download the rejected rows (CSV)' }).getAttribute('href'),
    ).resolves.toMatch(/\/api\/v1\/imports\/[^/]+\/rejected\.csv$/);
    await shot(page, 'import-result');

    // The imported people are there.
    await page.goto(`${BASE_URL}/people?q=Importer`);
    await page.getByRole('link', { name: 'Imogen Importer' }).waitFor();
    expect(await page.getByRole('link', { name: 'Ivor Importer' }).count()).toBe(0);
  }, 120_000);

  it('imports the chosen sheet of an Excel workbook and saves the mapping for the next file', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Read me').addRow(['Contacts are on the next sheet']);
    const sheet = wb.addWorksheet('Contacts');
    sheet.addRow(['Vorname', 'Nachname', 'E-Mail', 'Geburtstag']);
    sheet.addRow(['Wilma', 'Workbook', 'wilma.workbook@example.com', new Date(Date.UTC(1990, 4, 17))]);
    sheet.addRow([
      { richText: [{ text: 'Wal' }, { text: 'ter', font: { bold: true } }] },
      'Workbook',
      'walter-at',
      null,
    ]);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());

    await page.goto(`${BASE_URL}/imports/new?kind=people`);
    await page.getByRole('heading', { name: 'Import people' }).waitFor();
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'File', exact: true }).click();
    await (await chooser).setFiles({
      name: 'kontakte.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: xlsx,
    });
    await page.getByRole('button', { name: 'Upload and map columns' }).click();
    await page.waitForURL(/\/imports\/[0-9a-f-]{36}$/);
    await page.getByText('kontakte.xlsx: Excel workbook, sheet “Read me”, 1 columns').waitFor();

    // Another sheet: its columns replace the first's.
    await page.getByRole('combobox', { name: 'Sheet', exact: true }).click();
    await page.getByRole('option', { name: 'Contacts' }).click();
    await page.getByText('kontakte.xlsx: Excel workbook, sheet “Contacts”, 4 columns').waitFor();
    const field = (header: string) => page.getByRole('combobox', { name: `Field for the column ${header}` });
    await field('Vorname').click();
    await page.getByRole('option', { name: 'First name', exact: true }).click();
    await field('Nachname').click();
    await page.getByRole('option', { name: 'Last name', exact: true }).click();
    await field('E-Mail').click();
    await page.getByRole('option', { name: 'Email', exact: true }).click();
    await page.getByRole('textbox', { name: 'Save this mapping as' }).fill('German workbook');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect
      .poll(() => page.getByRole('combobox', { name: 'Saved mapping', exact: true }).inputValue())
      .toBe('German workbook');

    await page.getByRole('button', { name: 'Dry run' }).click();
    const dry = page.getByRole('region', { name: 'Dry run' }).getByRole('table', { name: 'Rejected rows' });
    await expect
      .poll(() => dry.getByRole('row').nth(1).innerText())
      .toMatch(/3\s+E-Mail\s+is not a valid email address/);
    await shot(page, 'import-xlsx-sheet');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const region = page.getByRole('region', { name: 'Import result' });
    await region.waitFor({ timeout: 60_000 });
    await expect.poll(() => region.getByText('Created', { exact: true }).locator('..').innerText()).toMatch(/^1/);

    // The next file with those columns starts from the saved mapping.
    await page.goto(`${BASE_URL}/imports/new?kind=people`);
    const next = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'File', exact: true }).click();
    await (await next).setFiles({
      name: 'kontakte-2.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('Vorname,Nachname,E-Mail\r\nWanda,Workbook,wanda.workbook@example.com\r\n', 'utf8'),
    });
    await page.getByRole('button', { name: 'Upload and map columns' }).click();
    await page.waitForURL(/\/imports\/[0-9a-f-]{36}$/);
    await page.getByText('from the saved mapping “German workbook”', { exact: false }).waitFor();
    await expect.poll(() => field('Vorname').inputValue()).toBe('First name');
    await expect.poll(() => field('E-Mail').inputValue()).toBe('Email');
  }, 120_000);
});
