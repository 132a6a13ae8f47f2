import { fc, test } from '@fast-check/vitest';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import {
  type CsvRecord,
  csvRecords,
  type Delimiter,
  decodeChunks,
  detectDelimiter,
  detectEncoding,
  type Encoding,
  encodeText,
} from './imports.csv.ts';
import { suggestMapping } from './imports.mapping.ts';
import { boundaryOf, readMultipart } from './imports.multipart.ts';
import { countryCode, customValue, matchOption, parseDate, splitMulti, splitName } from './imports.targets.ts';

/** Splits bytes into chunks at the given cut points (a character or a CRLF may straddle two chunks). */
function chunked(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let last = 0;
  for (const p of [...points, bytes.length]) {
    if (p > last) out.push(bytes.subarray(last, p));
    last = p;
  }
  return out;
}

async function* from<T>(items: T[]): AsyncGenerator<T> {
  for (const i of items) yield i;
}

async function all(gen: AsyncGenerator<CsvRecord>): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const r of gen) out.push(r);
  return out;
}

// Text every encoding can hold: printable Windows-1252 (Latin-1 without the C1 range), quotes, delimiters, newlines.
const cellChar = fc.oneof(
  fc.constantFrom(...'abcxyzABC019 éÉüßñøÅç€'.replace('€', '')),
  fc.constantFrom('"', ',', ';', '\t', '|', '\n', '\r\n', "'"),
);
const cell = fc.array(cellChar, { maxLength: 8 }).map((cs) => cs.join(''));
const encoding = fc.constantFrom<Encoding>('utf-8', 'utf-16le', 'utf-16be', 'windows-1252');

describe('reading a CSV file', () => {
  test.prop(
    [
      fc.integer({ min: 1, max: 5 }).chain((width) =>
        fc.tuple(
          // a header of plain words, as real exports have, then rows of any text
          fc.array(fc.constantFrom('First Name', 'Email', 'Phone', 'City', 'Notes', 'Tags'), {
            minLength: width,
            maxLength: width,
          }),
          fc.array(fc.array(cell, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 12 }),
        ),
      ),
      fc.constantFrom<Delimiter>(',', ';', '\t', '|'),
      encoding,
      fc.boolean(),
      fc.array(fc.nat(), { maxLength: 6 }),
    ],
    { numRuns: 150 },
  )(
    'detects encoding and delimiter, and reads every cell back, however the bytes are chunked',
    async (table, delimiter, enc, bom, cuts) => {
      const [header, rows] = table;
      // A row of empty cells only is a blank line: the parser skips those, as it should.
      const kept = rows.filter((r) => r.some((c) => c !== '') || r.length > 1);
      const text = stringify([header, ...kept], { delimiter, record_delimiter: 'windows' });
      const bytes = encodeText(text, enc, bom || enc === 'utf-16be');
      const detected = detectEncoding(bytes.subarray(0, 64 * 1024));
      // Windows-1252 text that happens to be valid UTF-8 (ASCII only) reads the same either way.
      if (enc === 'windows-1252' && [...text].every((ch) => ch.charCodeAt(0) < 128))
        expect(detected.encoding).toBe('utf-8');
      else expect(detected.encoding).toBe(enc);
      const decoded = new TextDecoder(detected.encoding).decode(bytes);
      if (header.length > 1) expect(detectDelimiter(decoded.slice(0, 32 * 1024))).toBe(delimiter);
      const records = await all(csvRecords(decodeChunks(from(chunked(bytes, cuts)), detected.encoding), delimiter));
      expect(records.map((r) => ('cells' in r ? r.cells : r.error))).toEqual([header, ...kept]);
      expect(records.map((r) => r.row)).toEqual(records.map((_, i) => i + 1));
    },
  );

  it('numbers a record the parser cannot read in its place, and keeps reading after it', async () => {
    const text = 'a,b\r\n1,2\r\n3,x"y"\r\n5,6\r\n"7,8\r\n';
    const records = await all(csvRecords(from([text]), ','));
    expect(records[0]).toEqual({ row: 1, cells: ['a', 'b'] });
    expect(records[1]).toEqual({ row: 2, cells: ['1', '2'] });
    const errors = records.filter((r) => 'error' in r);
    expect(errors.length).toBeGreaterThan(0);
    expect(records.map((r) => r.row)).toEqual(records.map((_, i) => i + 1));
  });

  it('reports a record larger than the limit instead of holding it', async () => {
    const huge = 'x'.repeat(1_100_000);
    const records = await all(csvRecords(from(['a,b\r\n', `1,${huge}\r\n`, '3,4\r\n']), ','));
    expect(records[1]).toEqual({ row: 2, error: expect.stringContaining('larger than') });
    expect(records[2]).toEqual({ row: 3, cells: ['3', '4'] });
    // A quoted cell with newlines and quotes inside, cut in the middle, still ends where its record ends.
    const quoted = `"${'ab""\n'.repeat(300_000)}"`;
    const again = await all(
      csvRecords(from(['a,b\r\n', `1,${quoted.slice(0, 70_000)}`, `${quoted.slice(70_000)}\r\n3,4\r\n`]), ','),
    );
    expect(again.map((r) => ('cells' in r ? r.cells : 'error'))).toEqual([['a', 'b'], 'error', ['3', '4']]);
  });

  it('detects UTF-8 with and without BOM, UTF-16 without BOM, and Windows-1252', () => {
    expect(detectEncoding(encodeText('Zoë,1\r\n', 'utf-8', true))).toEqual({ encoding: 'utf-8', bom: true });
    expect(detectEncoding(encodeText('Zoë,1\r\n', 'utf-8', false))).toEqual({ encoding: 'utf-8', bom: false });
    expect(detectEncoding(encodeText('Name,City\r\n', 'utf-16le', false)).encoding).toBe('utf-16le');
    expect(detectEncoding(encodeText('Name,City\r\n', 'utf-16be', false)).encoding).toBe('utf-16be');
    expect(detectEncoding(encodeText('Zoë,1\r\n', 'windows-1252', false)).encoding).toBe('windows-1252');
  });

  it('chooses the delimiter that splits every line alike, ignoring ones inside quotes', () => {
    expect(detectDelimiter('Name;City\r\n"Smith, John";Paris\r\n"Doe, Jane";Rome\r\n')).toBe(';');
    expect(detectDelimiter('a\tb\tc\n1\t2\t3\n')).toBe('\t');
    expect(detectDelimiter('a|b\n1|2\n')).toBe('|');
    expect(detectDelimiter('single\nvalue\n')).toBe(',');
  });
});

describe('normalisers of cells', () => {
  test.prop([fc.date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true })])(
    'a date reads the same as ISO, day/month/year and day.month.year',
    (d) => {
      const iso = d.toISOString().slice(0, 10);
      const [y, m, day] = iso.split('-');
      expect(parseDate(iso)).toBe(iso);
      expect(parseDate(`${day}/${m}/${y}`)).toBe(iso);
      expect(parseDate(`${day}.${m}.${y}`)).toBe(iso);
      expect(parseDate(`${iso}T10:00:00Z`)).toBe(iso);
    },
  );

  it('refuses dates that do not exist', () => {
    expect(parseDate('2023-02-29')).toBeUndefined();
    expect(parseDate('31/04/2024')).toBeUndefined();
    expect(parseDate('yesterday')).toBeUndefined();
  });

  test.prop([fc.array(fc.stringMatching(/^[a-z0-9][a-z0-9 .@-]{0,10}[a-z0-9]$/), { maxLength: 5 })])(
    'a multi-value cell splits back into its values (:::, ; or ,)',
    (values) => {
      const clean = values.map((v) => v.trim()).filter((v) => v !== '' && !/[,;]/.test(v));
      for (const sep of [' ::: ', ';', ', ']) expect(splitMulti(clean.join(sep))).toEqual(clean);
    },
  );

  test.prop([
    fc.constantFrom('lead', 'prospect', 'customer', 'former_customer'),
    fc.constantFrom('upper', 'title', 'spaced'),
  ])('select values match their option whatever the case, accents or separators', (option, style) => {
    const written =
      style === 'upper' ? option.toUpperCase() : style === 'title' ? option.replace('_', ' ') : ` ${option} `;
    expect(matchOption(written, ['lead', 'prospect', 'customer', 'former_customer'])).toBe(option);
  });

  it('matches accented option values and custom field types', () => {
    expect(matchOption('Electricite', ['Électricité', 'Gaz'])).toBe('Électricité');
    expect(customValue('Oui', { type: 'boolean', options: [] }, 'FR')).toEqual({ value: true });
    expect(customValue('1 250', { type: 'number', options: [] }, 'FR')).toEqual({ value: 1250 });
    expect(customValue('red; BLUE', { type: 'multiSelect', options: ['Red', 'Blue'] }, 'GB')).toEqual({
      value: ['Red', 'Blue'],
    });
    expect(customValue('020 7946 0000', { type: 'phone', options: [] }, 'GB')).toEqual({ value: '+442079460000' });
    expect(customValue('purple', { type: 'select', options: ['Red'] }, 'GB')).toEqual({ error: 'is not one of: Red' });
  });

  test.prop([fc.constantFrom('GB', 'US', 'DE', 'FR', 'JP', 'BR')])(
    'a country reads as its code or English name',
    (code) => {
      expect(countryCode(code.toLowerCase())).toBe(code);
      const name = new Intl.DisplayNames(['en'], { type: 'region' }).of(code)!;
      expect(countryCode(name.toUpperCase())).toBe(code);
    },
  );

  test.prop([fc.array(fc.stringMatching(/^[A-Za-zÀ-ÿ'-]{1,12}$/), { minLength: 1, maxLength: 4 })])(
    'a full name splits at its last space and joins back',
    (parts) => {
      const n = splitName(parts.join('  '));
      expect([n.firstName, n.lastName].filter(Boolean).join(' ')).toBe(parts.join(' '));
      expect(n.lastName).toBe(parts.length > 1 ? parts[parts.length - 1] : '');
    },
  );
});

describe('suggested mapping', () => {
  const custom = [{ key: 'shoe_size', label: 'Shoe size' }];
  it.each([
    ['HubSpot', ['First Name', 'Last Name', 'Email', 'Mobile Phone Number', 'Company Name', 'Lifecycle Stage']],
    ['Salesforce', ['FirstName', 'LastName', 'Email', 'Phone', 'Account Name', 'Title', 'Mailing City']],
    ['Pipedrive', ['Person - Name', 'Person - Email', 'Person - Phone', 'Person - Organization', 'Person - Labels']],
    ['Google Contacts', ['Given Name', 'Family Name', 'E-mail 1 - Value', 'Phone 1 - Value', 'Organization 1 - Name']],
    [
      'Outlook',
      ['First Name', 'Last Name', 'E-mail Address', 'Business Phone', 'Company', 'Job Title', 'Business City'],
    ],
    ['Zoho', ['First Name', 'Last Name', 'Email', 'Mobile', 'Account Name', 'Title', 'Tag']],
    ['Rapport', ['id', 'firstName', 'lastName', 'email', 'phone', 'company', 'owner', 'tags', 'cf.shoe_size']],
  ])('maps a %s export', (_source, headers) => {
    const mapping = suggestMapping('people', headers, custom);
    const mapped = Object.values(mapping).filter(Boolean);
    expect(mapped).toEqual(expect.arrayContaining([expect.stringMatching(/^(firstName|name)$/), 'email']));
    expect(new Set(mapped).size).toBe(mapped.length); // each field once
  });

  it('maps custom fields by label, key or cf.key, and leaves unknown headers out', () => {
    expect(suggestMapping('people', ['Shoe Size', 'Favourite colour'], custom)).toEqual({
      'Shoe Size': 'cf.shoe_size',
      'Favourite colour': null,
    });
    expect(suggestMapping('companies', ['Company Name', 'Website', 'Industry'], [])).toEqual({
      'Company Name': 'name',
      Website: 'domain',
      Industry: 'industry',
    });
  });
});

describe('multipart upload', () => {
  test.prop([fc.uint8Array({ maxLength: 3000 }), fc.array(fc.nat(), { maxLength: 8 })], { numRuns: 60 })(
    'the file part reaches the disk byte for byte however the body is chunked',
    async (file, cuts) => {
      const { mkdtemp, readFile, rm } = await import('node:fs/promises');
      const { join } = await import('node:path');
      const { tmpdir } = await import('node:os');
      const dir = await mkdtemp(join(tmpdir(), 'rapport-mp-'));
      const boundary = 'xYz-boundary';
      const body = Buffer.concat([
        Buffer.from(`preamble\r\n--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\npeople\r\n`),
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\n`),
        Buffer.from(file),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      try {
        const path = join(dir, 'f');
        const r = await readMultipart(from(chunked(body, cuts)), boundary, 'file', path, 1e6);
        expect(r.fields).toEqual({ kind: 'people' });
        expect(r.file).toEqual({ fileName: 'a.csv', bytes: file.length });
        expect(Buffer.compare(await readFile(path), Buffer.from(file))).toBe(0);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );

  it('reads the boundary of a content type', () => {
    expect(boundaryOf('multipart/form-data; boundary=----abc')).toBe('----abc');
    expect(boundaryOf('multipart/form-data; boundary="q r"')).toBe('q r');
    expect(boundaryOf('text/csv')).toBeUndefined();
  });
});
