import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CsvRecord } from './imports.csv.ts';
import { detectFormat, inspect, records } from './imports.formats.ts';
import { suggestMapping } from './imports.mapping.ts';
import { splitMulti } from './imports.targets.ts';
import {
  decodeQuotedPrintable,
  escapeValue,
  foldLine,
  parseProperty,
  splitValue,
  unescapeValue,
  unfoldLines,
  VCARD_HEADERS,
  vcardRecords,
} from './imports.vcard.ts';
import { cellText, numberText, xlsxRecords } from './imports.xlsx.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rapport-import-formats-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function* from<T>(items: T[]): AsyncGenerator<T> {
  for (const i of items) yield i;
}

async function all<T>(gen: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const r of gen) out.push(r);
  return out;
}

/** A vCard file's cards as header → value objects. */
async function cards(text: string, chunks = [text]): Promise<(Record<string, string> | { error: string })[]> {
  const recs = await all(vcardRecords(from(chunks)));
  expect(recs[0]).toEqual({ row: 1, cells: [...VCARD_HEADERS] });
  return recs.slice(1).map((r) => {
    if ('error' in r) return { error: r.error };
    return Object.fromEntries(VCARD_HEADERS.map((h, i) => [h, r.cells[i]!]).filter(([, v]) => v !== ''));
  });
}

// ---------- vCard ----------

// Text with what needs escaping or folding: separators, backslashes, newlines, accents, emoji (surrogate pairs).
const vText = fc
  .array(fc.constantFrom(...'abcXYZ 019,;:\\\n=éñ€😀"'.split(/(?:)/u)), { maxLength: 300 })
  .map((cs) => cs.join(''));

describe('vCard lines and values', () => {
  test.prop([vText, fc.integer({ min: 2, max: 90 }), fc.array(fc.nat(), { maxLength: 6 })])(
    'a folded line unfolds to itself, however the text is chunked',
    async (value, width, cuts) => {
      const line = `NOTE:${escapeValue(value)}`;
      const folded = `${foldLine(line, width)}\r\n`;
      for (const physical of folded.split('\r\n').slice(0, -1)) expect([...physical].length).toBeLessThanOrEqual(width);
      const points = [...new Set(cuts.map((c) => c % (folded.length + 1)))].sort((a, b) => a - b);
      const chunks = [...points, folded.length].map((p, i, a) => folded.slice(i === 0 ? 0 : a[i - 1], p));
      const lines = await all(unfoldLines(from(chunks.filter(Boolean))));
      expect(lines).toEqual([{ line, at: 1 }]);
    },
  );

  test.prop([vText])('an escaped value reads back as itself', (value) => {
    expect(unescapeValue(escapeValue(value))).toBe(value.replace(/\r\n|\r/g, '\n'));
    const p = parseProperty(`item1.NOTE;LANGUAGE=en:${escapeValue(value)}`)!;
    expect(p.name).toBe('NOTE');
    expect(unescapeValue(p.value)).toBe(value.replace(/\r\n|\r/g, '\n'));
  });

  test.prop([fc.array(vText, { minLength: 1, maxLength: 7 })])(
    'structured values split on unescaped separators only',
    (parts) => {
      expect(splitValue(parts.map(escapeValue).join(';'), ';')).toEqual(parts.map((p) => p.replace(/\r\n|\r/g, '\n')));
    },
  );

  test.prop([vText])('quoted-printable decodes what it encodes (UTF-8)', (value) => {
    const qp = [...new TextEncoder().encode(value)]
      .map((b) =>
        b > 32 && b < 127 && b !== 61 ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, '0')}`,
      )
      .join('');
    expect(decodeQuotedPrintable(qp, 'UTF-8')).toBe(value);
  });
});

describe('vCard cards', () => {
  it('reads 3.0 and 4.0 cards: names, several emails and phones (preferred first), address, organisation, title', async () => {
    const text = [
      'BEGIN:VCARD',
      'VERSION:3.0',
      'N:Lovelace;Ada;Augusta;Lady;',
      'FN:Ada Lovelace',
      'ORG:Analytical Engines Ltd;Research',
      'TITLE:Head of Computing\\, Numbers',
      'EMAIL;TYPE=INTERNET,HOME:ada@home.example',
      'EMAIL;TYPE=INTERNET,WORK,pref:ada@work.example',
      'TEL;TYPE=CELL:+44 20 7946 0001',
      'TEL;TYPE=WORK:+44 20 7946 0002',
      'ADR;TYPE=WORK:;;12 St James\\, Square;London;;SW1Y 4JH;United Kingdom',
      'CATEGORIES:VIP,Math',
      'NOTE:Wrote the first ',
      ' program.',
      'END:VCARD',
      'BEGIN:VCARD',
      'VERSION:4.0',
      'FN:Grace Hopper',
      'N:Hopper;Grace;;;',
      'EMAIL;PREF=2:grace@navy.example',
      'EMAIL;PREF=1:grace@cobol.example',
      'TEL;VALUE=uri;TYPE="voice,cell":tel:+1-202-555-0143',
      'ADR;PREF=1;LABEL="Arlington":;;1 Navy Way;Arlington;VA;22202;USA',
      'END:VCARD',
      '',
    ].join('\r\n');
    expect(await cards(text)).toEqual([
      {
        'Full Name': 'Ada Lovelace',
        'First Name': 'Ada',
        'Last Name': 'Lovelace',
        Email: 'ada@work.example ::: ada@home.example',
        Phone: '+44 20 7946 0001 ::: +44 20 7946 0002',
        Organization: 'Analytical Engines Ltd',
        'Job Title': 'Head of Computing, Numbers',
        Street: '12 St James, Square',
        City: 'London',
        'Postal Code': 'SW1Y 4JH',
        Country: 'United Kingdom',
        Categories: 'VIP, Math',
        Note: 'Wrote the first program.',
      },
      {
        'Full Name': 'Grace Hopper',
        'First Name': 'Grace',
        'Last Name': 'Hopper',
        Email: 'grace@cobol.example ::: grace@navy.example',
        Phone: '+1-202-555-0143',
        Street: '1 Navy Way',
        City: 'Arlington',
        Region: 'VA',
        'Postal Code': '22202',
        Country: 'USA',
      },
    ]);
  });

  it('reads quoted-printable values with a charset, and 2.1-style bare parameters', async () => {
    const text = [
      'BEGIN:VCARD',
      'VERSION:3.0',
      'N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=81lvarez;Tom=C3=A1s;;;',
      'FN;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:Tom=E1s =C1lvarez =',
      'de la Fuente',
      'TEL;CELL;PREF:+34 612 345 678',
      'EMAIL;INTERNET:tomas@example.com',
      'END:VCARD',
    ].join('\n');
    expect(await cards(text)).toEqual([
      {
        'Full Name': 'Tomás Álvarez de la Fuente',
        'First Name': 'Tomás',
        'Last Name': 'Álvarez',
        Email: 'tomas@example.com',
        Phone: '+34 612 345 678',
      },
    ]);
  });

  it('reports a card without END, text outside a card, and an oversized line in its place; skips a huge photo', async () => {
    const photo = `PHOTO;ENCODING=b;TYPE=JPEG:${'A'.repeat(70)}\r\n${` ${'B'.repeat(74)}\r\n`.repeat(20_000)}`;
    const text = [
      'hello',
      'BEGIN:VCARD',
      'FN:Ok One',
      'N:One;Ok;;;',
      `${photo}END:VCARD`,
      'BEGIN:VCARD',
      'FN:Broken',
      'BEGIN:VCARD',
      'FN:Ok Two',
      'END:VCARD',
      'BEGIN:VCARD',
      `NOTE:${'x'.repeat(1_200_000)}`,
      'END:VCARD',
      'BEGIN:VCARD',
      'FN:Never Ends',
    ].join('\r\n');
    const got = await cards(text, text.match(/[\s\S]{1,65536}/g)!);
    expect(got).toEqual([
      { error: 'line 1 of the file is outside a card (BEGIN:VCARD … END:VCARD)' },
      { 'Full Name': 'Ok One', 'First Name': 'Ok', 'Last Name': 'One' },
      { error: expect.stringMatching(/^the card starting at line \d+ of the file has no END:VCARD$/) },
      { 'Full Name': 'Ok Two' },
      { error: expect.stringMatching(/^NOTE \(line \d+ of the file\) is longer than 1,000,000 characters$/) },
      { error: expect.stringMatching(/has no END:VCARD$/) },
    ]);
  });
});

// ---------- XLSX ----------

describe('XLSX', () => {
  it('converts cells: dates to ISO dates, numbers without float noise, rich text, cached formula results, errors', () => {
    expect(cellText({ value: new Date(Date.UTC(1815, 11, 10)) })).toBe('1815-12-10');
    expect(cellText({ value: new Date(Date.UTC(2026, 0, 2, 9, 30)) })).toBe('2026-01-02T09:30:00Z');
    expect(cellText({ value: 0.1 + 0.2 })).toBe('0.3');
    expect(cellText({ value: 14155550142 })).toBe('14155550142');
    expect(cellText({ value: 46023, numFmt: 'dd/mm/yyyy' })).toBe('2026-01-01');
    expect(cellText({ value: { richText: [{ text: 'Gr' }, { text: 'ace' }] } })).toBe('Grace');
    expect(cellText({ value: { formula: 'HYPERLINK("http://x","click")', result: 'click' } })).toBe('click');
    expect(cellText({ value: { formula: 'A1+1' } })).toBe(''); // no cached result: never evaluated
    expect(cellText({ value: { sharedFormula: 'B2', result: 46023 }, numFmt: 'yyyy-mm-dd' })).toBe('2026-01-01');
    expect(cellText({ value: { error: '#N/A' } })).toBe('');
    expect(cellText({ value: { text: 'mail me', hyperlink: 'mailto:a@b.example' } })).toBe('mail me');
    expect(cellText({ value: true })).toBe('TRUE');
    expect(numberText(1e21)).toBe('1e+21');
  });

  it('streams the first or a chosen sheet, numbered as the spreadsheet numbers its rows, blank rows left out', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Read me').addRow(['This workbook has contacts on the second sheet']);
    const s = wb.addWorksheet('Contacts');
    s.addRow(['First Name', 'Last Name', 'Born', 'Score', 'Link']);
    s.addRow([
      'Ada',
      'Lovelace',
      new Date(Date.UTC(1815, 11, 10)),
      0.1 + 0.2,
      { formula: 'HYPERLINK("x","y")', result: 'y' },
    ]);
    s.addRow([]);
    s.addRow([{ richText: [{ text: 'Gr' }, { text: 'ace', font: { bold: true } }] }, 'Hopper']);
    const path = join(dir, 'two-sheets.xlsx');
    await wb.xlsx.writeFile(path);
    const chosen = await all(xlsxRecords(path, 'Contacts'));
    expect(chosen).toEqual([
      { row: 1, cells: ['First Name', 'Last Name', 'Born', 'Score', 'Link'] },
      { row: 2, cells: ['Ada', 'Lovelace', '1815-12-10', '0.3', 'y'] },
      { row: 4, cells: ['Grace', 'Hopper', '', '', ''] },
    ]);
    expect(await all(xlsxRecords(path, null))).toEqual([
      { row: 1, cells: ['This workbook has contacts on the second sheet'] },
    ]);
    const info = await inspect(path, 'x.xlsx', 'Contacts');
    expect(info).toMatchObject({ format: 'xlsx', sheets: ['Read me', 'Contacts'], sheet: 'Contacts' });
    await expect(inspect(path, 'x.xlsx', 'Nope')).rejects.toThrow('the workbook has no sheet "Nope"');
  });

  it('reads a large sheet written by the streaming writer row by row', async () => {
    const path = join(dir, 'large.xlsx');
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true });
    const ws = writer.addWorksheet('People');
    ws.addRow(['First Name', 'Email']).commit();
    for (let i = 1; i <= 20_000; i++) ws.addRow([`P${i}`, `p${i}@example.com`]).commit();
    ws.commit();
    await writer.commit();
    let n = 0;
    let last: CsvRecord | undefined;
    for await (const r of records({ path, format: 'xlsx', encoding: 'utf-8', delimiter: null, sheet: null })) {
      n++;
      last = r;
    }
    expect(n).toBe(20_001);
    expect(last).toEqual({ row: 20_001, cells: ['P20000', 'p20000@example.com'] });
  });

  it('skips sheets, stops early and lists sheets, every time, without leaving temporary files behind', async () => {
    // The streaming writer puts the sheets before the shared strings and the workbook part. exceljs's own one-pass
    // reader parked such sheets in temporary files (skipping one let its stream fail on the deleted file, an unhandled
    // error that killed the server; stopping early left the files on disk) and, under load, lost zip entries: a sheet
    // or the workbook part went missing at random. Forty rounds of each read catch either.
    const path = join(dir, 'three-sheets.xlsx');
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true });
    for (const name of ['North', 'South', 'West']) {
      const ws = writer.addWorksheet(name);
      ws.addRow(['First Name', 'Region']).commit();
      for (let i = 1; i <= 500; i++) ws.addRow([`P${i}`, name]).commit();
      ws.commit();
    }
    await writer.commit();
    const parked = async () => (await readdir(tmpdir())).filter((f) => f.startsWith(`tmp-${process.pid}-`)).sort();
    const before = await parked();
    for (let round = 0; round < 40; round++) {
      const info = await inspect(path, 'regions.xlsx', 'West');
      expect(info).toMatchObject({ sheets: ['North', 'South', 'West'], sheet: 'West' });
      const west = await all(xlsxRecords(path, 'West'));
      expect(west).toHaveLength(501);
      expect(west[500]).toEqual({ row: 501, cells: ['P500', 'West'] });
      const preview: CsvRecord[] = [];
      for await (const r of xlsxRecords(path, 'South')) {
        preview.push(r);
        if (preview.length === 3) break;
      }
      expect(preview[2]).toEqual({ row: 3, cells: ['P2', 'South'] });
    }
    // the reader deletes a parked file asynchronously, just after moving past it
    await expect.poll(parked).toEqual(before);
  });

  it('says why a file named .xlsx that is not a workbook cannot be read', async () => {
    const path = join(dir, 'fake.xlsx');
    await writeFile(path, 'First Name\r\nAda\r\n');
    expect(detectFormat(new TextEncoder().encode('First Name\r\nAda\r\n'), 'fake.xlsx')).toBe('xlsx');
    await expect(inspect(path, 'fake.xlsx')).rejects.toThrow(/cannot be read as an XLSX workbook/);
    const zip = join(dir, 'not-a-workbook.xlsx');
    await writeFile(zip, Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]));
    await expect(inspect(zip, 'not-a-workbook.xlsx')).rejects.toThrow();
  });

  it('detects vCard by content whatever the name, CSV otherwise', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(detectFormat(enc('\uFEFF\r\nBEGIN:VCARD\r\nVERSION:4.0\r\n'), 'contacts.txt')).toBe('vcard');
    expect(detectFormat(enc('begin:vcard\nfn:A\nend:vcard\n'), 'x.csv')).toBe('vcard');
    expect(detectFormat(enc('Name,Email\r\nBEGIN:VCARD,x\r\n'), 'x.vcf')).toBe('csv');
  });
});

// ---------- suggested mappings of common exports ----------

/** The mapped headers of a suggestion (leaving out the unmapped ones). */
const mapped = (m: Record<string, string | null>) => Object.fromEntries(Object.entries(m).filter(([, v]) => v));

describe('suggested mapping of common exports', () => {
  it.each<[string, 'people' | 'companies', string[], Record<string, string>]>([
    [
      'HubSpot contacts',
      'people',
      [
        'Record ID',
        'First Name',
        'Last Name',
        'Email',
        'Phone Number',
        'Mobile Phone Number',
        'Job Title',
        'Company Name',
        'Lifecycle Stage',
        'Street Address',
        'City',
        'State/Region',
        'Postal Code',
        'Country/Region',
        'Contact owner',
        'Create Date',
      ],
      {
        'First Name': 'firstName',
        'Last Name': 'lastName',
        Email: 'email',
        'Phone Number': 'phone',
        'Job Title': 'jobTitle',
        'Company Name': 'companyId',
        'Lifecycle Stage': 'lifecycleStage',
        'Street Address': 'line1',
        City: 'city',
        'State/Region': 'region',
        'Postal Code': 'postalCode',
        'Country/Region': 'country',
      },
    ],
    [
      'Salesforce contacts report',
      'people',
      [
        'Salutation',
        'First Name',
        'Last Name',
        'Title',
        'Account Name',
        'Email',
        'Phone',
        'Mobile',
        'Mailing Street',
        'Mailing City',
        'Mailing State/Province',
        'Mailing Zip/Postal Code',
        'Mailing Country',
        'Lead Source',
      ],
      {
        'First Name': 'firstName',
        'Last Name': 'lastName',
        Title: 'jobTitle',
        'Account Name': 'companyId',
        Email: 'email',
        Phone: 'phone',
        'Mailing Street': 'line1',
        'Mailing City': 'city',
        'Mailing State/Province': 'region',
        'Mailing Zip/Postal Code': 'postalCode',
        'Mailing Country': 'country',
      },
    ],
    [
      'Salesforce Data Loader',
      'people',
      ['FirstName', 'LastName', 'Email', 'MobilePhone', 'Title', 'MailingCity', 'MailingPostalCode', 'MailingCountry'],
      {
        FirstName: 'firstName',
        LastName: 'lastName',
        Email: 'email',
        MobilePhone: 'phone',
        Title: 'jobTitle',
        MailingCity: 'city',
        MailingPostalCode: 'postalCode',
        MailingCountry: 'country',
      },
    ],
    [
      'Pipedrive people',
      'people',
      [
        'Person - Name',
        'Person - First name',
        'Person - Last name',
        'Person - Email - Work',
        'Person - Email - Home',
        'Person - Phone - Work',
        'Person - Phone - Mobile',
        'Person - Organization',
        'Person - Job title',
        'Person - Labels',
        'Person - Owner',
      ],
      {
        'Person - First name': 'firstName',
        'Person - Last name': 'lastName',
        'Person - Email - Work': 'email',
        'Person - Phone - Work': 'phone',
        'Person - Organization': 'companyId',
        'Person - Job title': 'jobTitle',
        'Person - Labels': 'tags',
      },
    ],
    [
      'Zoho CRM contacts',
      'people',
      [
        'Contact Id',
        'Salutation',
        'First Name',
        'Last Name',
        'Email',
        'Secondary Email',
        'Phone',
        'Mobile',
        'Title',
        'Account Name',
        'Mailing Street',
        'Mailing City',
        'Mailing State',
        'Mailing Zip',
        'Mailing Country',
        'Tag',
      ],
      {
        'First Name': 'firstName',
        'Last Name': 'lastName',
        Email: 'email',
        Phone: 'phone',
        Title: 'jobTitle',
        'Account Name': 'companyId',
        'Mailing Street': 'line1',
        'Mailing City': 'city',
        'Mailing State': 'region',
        'Mailing Zip': 'postalCode',
        'Mailing Country': 'country',
        Tag: 'tags',
      },
    ],
    [
      'Google Contacts',
      'people',
      [
        'First Name',
        'Middle Name',
        'Last Name',
        'Nickname',
        'Organization Name',
        'Organization Title',
        'Birthday',
        'Notes',
        'Labels',
        'E-mail 1 - Label',
        'E-mail 1 - Value',
        'Phone 1 - Label',
        'Phone 1 - Value',
        'Address 1 - Street',
        'Address 1 - City',
        'Address 1 - Region',
        'Address 1 - Postal Code',
        'Address 1 - Country',
      ],
      {
        'First Name': 'firstName',
        'Last Name': 'lastName',
        'Organization Name': 'companyId',
        'Organization Title': 'jobTitle',
        Labels: 'tags',
        'E-mail 1 - Value': 'email',
        'Phone 1 - Value': 'phone',
        'Address 1 - Street': 'line1',
        'Address 1 - City': 'city',
        'Address 1 - Region': 'region',
        'Address 1 - Postal Code': 'postalCode',
        'Address 1 - Country': 'country',
      },
    ],
    [
      'Outlook (its Title is the salutation)',
      'people',
      [
        'Title',
        'First Name',
        'Middle Name',
        'Last Name',
        'Suffix',
        'Company',
        'Department',
        'Job Title',
        'Business Street',
        'Business City',
        'Business State',
        'Business Postal Code',
        'Business Country/Region',
        'Business Phone',
        'Mobile Phone',
        'E-mail Address',
        'E-mail 2 Address',
        'Categories',
      ],
      {
        'First Name': 'firstName',
        'Last Name': 'lastName',
        Company: 'companyId',
        'Job Title': 'jobTitle',
        'Business Street': 'line1',
        'Business City': 'city',
        'Business State': 'region',
        'Business Postal Code': 'postalCode',
        'Business Country/Region': 'country',
        'Business Phone': 'phone',
        'E-mail Address': 'email',
        Categories: 'tags',
      },
    ],
    [
      'Rapport people export',
      'people',
      [
        'id',
        'firstName',
        'lastName',
        'email',
        'phone',
        'jobTitle',
        'company',
        'tags',
        'city',
        'country',
        'cf.shoe_size',
      ],
      {
        id: 'id',
        firstName: 'firstName',
        lastName: 'lastName',
        email: 'email',
        phone: 'phone',
        jobTitle: 'jobTitle',
        company: 'companyId',
        tags: 'tags',
        city: 'city',
        country: 'country',
        'cf.shoe_size': 'cf.shoe_size',
      },
    ],
    [
      'vCard columns',
      'people',
      [...VCARD_HEADERS],
      {
        'First Name': 'firstName',
        'Last Name': 'lastName',
        Email: 'email',
        Phone: 'phone',
        Organization: 'companyId',
        'Job Title': 'jobTitle',
        Street: 'line1',
        City: 'city',
        Region: 'region',
        'Postal Code': 'postalCode',
        Country: 'country',
        Categories: 'tags',
      },
    ],
    [
      'HubSpot companies',
      'companies',
      ['Record ID', 'Company name', 'Company Domain Name', 'Industry', 'Number of Employees', 'City', 'Country/Region'],
      {
        'Company name': 'name',
        'Company Domain Name': 'domain',
        Industry: 'industry',
        'Number of Employees': 'size',
        City: 'city',
        'Country/Region': 'country',
      },
    ],
    [
      'Salesforce accounts',
      'companies',
      [
        'Account Name',
        'Website',
        'Industry',
        'Billing Street',
        'Billing City',
        'Billing State/Province',
        'Billing Zip/Postal Code',
        'Billing Country',
      ],
      {
        'Account Name': 'name',
        Website: 'domain',
        Industry: 'industry',
        'Billing Street': 'line1',
        'Billing City': 'city',
        'Billing State/Province': 'region',
        'Billing Zip/Postal Code': 'postalCode',
        'Billing Country': 'country',
      },
    ],
    [
      'Pipedrive organizations',
      'companies',
      [
        'Organization - Name',
        'Organization - Website',
        'Organization - Industry',
        'Organization - Labels',
        'Organization - Address',
      ],
      {
        'Organization - Name': 'name',
        'Organization - Website': 'domain',
        'Organization - Industry': 'industry',
        'Organization - Labels': 'tags',
        'Organization - Address': 'line1',
      },
    ],
  ])('maps a %s export', (_source, kind, headers, expected) => {
    expect(mapped(suggestMapping(kind, headers, [{ key: 'shoe_size', label: 'Shoe size' }]))).toEqual(expected);
  });

  it('splits multi-value cells as Google and HubSpot write them', () => {
    expect(splitMulti('+1 617 ::: +1 618', /\s*:::\s*|\s*;\s*/)).toEqual(['+1 617', '+1 618']);
    expect(splitMulti('a@x.example ::: b@x.example;c@x.example')).toEqual([
      'a@x.example',
      'b@x.example',
      'c@x.example',
    ]);
  });
});
