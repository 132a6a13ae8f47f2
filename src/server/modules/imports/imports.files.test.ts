import { spawnSync } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, json, login, type Session, type TestContext, type TestUser, testApp } from '../../test/harness.ts';

let t: TestContext;
let dataDir: string;
let admin: TestUser;
let sales: TestUser;
let adminS: Session;
let salesS: Session;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'rapport-import-files-'));
  t = await testApp({ dataDir });
  t.services.imports.chunkSize = 3;
  admin = await createUser(t.services, 'admin', null, 'admin');
  sales = await createUser(t.services, 'sales', 'North', 'sales');
  [adminS, salesS] = await Promise.all([login(t.app, admin.email), login(t.app, sales.email)]);
  await t.services.companies.create(admin.ctx, { name: 'Engines Ltd', domain: 'engines.example' });
});

afterAll(async () => {
  await t.close();
  await rm(dataDir, { recursive: true, force: true });
});

interface ImportBody {
  id: string;
  status: string;
  format: string;
  encoding: string;
  delimiter: string | null;
  sheets: string[] | null;
  sheet: string | null;
  headers: string[];
  mapping: Record<string, string | null>;
  savedMapping: { id: string; name: string } | null;
  counts: { total: number; created: number; updated: number; skipped: number; rejected: number };
  rejectedUrl: string;
  jobId: string | null;
  error: string | null;
}

function multipart(file: Uint8Array, fields: Record<string, string>, fileName: string) {
  const boundary = '----rapport-files-boundary-91c2';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    Buffer.from(file),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function upload(file: Uint8Array | string, fileName: string, fields: Record<string, string> = {}, s = adminS) {
  const bytes = typeof file === 'string' ? Buffer.from(file, 'utf8') : file;
  const { payload, contentType } = multipart(bytes, { kind: 'people', ...fields }, fileName);
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/imports',
    headers: { ...s.headers, 'content-type': contentType },
    payload,
  });
}

async function uploaded(file: Uint8Array | string, fileName: string, fields: Record<string, string> = {}, s = adminS) {
  const res = await upload(file, fileName, fields, s);
  expect(res.statusCode, res.body).toBe(201);
  return json<ImportBody>(res);
}

async function post<T>(url: string, payload: unknown, status = 200, s = adminS): Promise<T> {
  const res = await t.app.inject({ method: 'POST', url, headers: s.headers, payload: payload as object });
  expect(res.statusCode, res.body).toBe(status);
  return json<T>(res);
}

async function runToEnd(id: string, body: Record<string, unknown>, s = adminS): Promise<ImportBody> {
  const started = await post<ImportBody>(`/api/v1/imports/${id}/run`, body, 202, s);
  while (await t.services.jobRunner.runOnce('work', started.jobId!)) {
    /* until the job is done */
  }
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/imports/${id}`, headers: s.headers });
  return json<ImportBody>(res);
}

async function peopleNamed(lastName: string) {
  return (await t.services.people.list(admin.ctx, { filter: `lastName:eq:${lastName}`, limit: 100 })).data;
}

async function workbook(build: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('XLSX', () => {
  it('lists the sheets, reads the chosen one (form field or later), and imports it like a CSV file', async () => {
    const file = await workbook((wb) => {
      wb.addWorksheet('Summary').addRow(['Exported from the old CRM']);
      const s = wb.addWorksheet('Contacts');
      s.addRow(['First Name', 'Last Name', 'Email', 'Phone', 'Company', 'Website']);
      s.addRow(['Ada', 'Sheetly', 'ada@sheet.example', '+44 20 7946 0011', 'Engines Ltd', 'x']);
      s.addRow([
        { richText: [{ text: 'Gra' }, { text: 'ce', font: { bold: true } }] },
        'Sheetly',
        { text: 'grace@sheet.example', hyperlink: 'mailto:grace@sheet.example' },
        '+1 617 555 0100 ::: +1 618 555 0101',
        null,
        { formula: 'HYPERLINK("https://grace.example","grace.example")', result: 'grace.example' },
      ]);
      s.addRow([]);
      s.addRow(['Bad', 'Sheetly', 'not-an-email', null, null, null]);
    });
    const first = await uploaded(file, 'contacts.xlsx');
    expect(first).toMatchObject({
      format: 'xlsx',
      delimiter: null,
      sheets: ['Summary', 'Contacts'],
      sheet: 'Summary',
      headers: ['Exported from the old CRM'],
    });
    // Another sheet of the same upload.
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/imports/${first.id}`,
      headers: adminS.headers,
      payload: { sheet: 'Contacts' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(json<ImportBody>(res)).toMatchObject({
      sheet: 'Contacts',
      headers: ['First Name', 'Last Name', 'Email', 'Phone', 'Company', 'Website'],
      mapping: { 'First Name': 'firstName', Email: 'email', Phone: 'phone', Company: 'companyId', Website: null },
    });
    const missing = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/imports/${first.id}`,
      headers: adminS.headers,
      payload: { sheet: 'Nope' },
    });
    expect(missing.statusCode).toBe(422);
    expect(json(missing)).toMatchObject({ code: 'imports.unreadable_file', errors: [{ pointer: '/sheet' }] });

    // The sheet chosen at upload, as a form field.
    const imp = await uploaded(file, 'contacts.xlsx', { sheet: 'Contacts' });
    expect(imp.sheet).toBe('Contacts');
    const mapping = { ...imp.mapping, Website: null };
    const dry = await post<{ counts: ImportBody['counts']; rejections: unknown[] }>(
      `/api/v1/imports/${imp.id}/dry-run`,
      { mapping },
    );
    expect(dry.counts).toEqual({ total: 3, created: 2, updated: 0, skipped: 0, rejected: 1 });
    // Rows as the spreadsheet numbers them (row 4 is blank).
    expect(dry.rejections).toEqual([{ row: 5, column: 'Email', reason: 'is not a valid email address' }]);
    const done = await runToEnd(imp.id, { mapping, mode: 'valid-rows' });
    expect(done).toMatchObject({ status: 'succeeded', counts: { total: 3, created: 2, rejected: 1 } });
    const people = await peopleNamed('Sheetly');
    const grace = people.find((p) => p.firstName === 'Grace')!;
    expect(grace.emails.map((e) => e.email)).toEqual(['grace@sheet.example']);
    expect(grace.phones.map((p) => p.number)).toEqual(['+16175550100', '+16185550101']);
    expect(people.find((p) => p.firstName === 'Ada')!.companyId).toBeTruthy();
    // Undo works the same.
    const undone = await post<ImportBody>(`/api/v1/imports/${imp.id}/undo`, undefined, 202);
    while (await t.services.jobRunner.runOnce('work', undone.jobId!)) {
      /* until done */
    }
    expect(await peopleNamed('Sheetly')).toHaveLength(0);
  });

  it('refuses a file named .xlsx that is not a workbook, with the reason', async () => {
    const res = await upload('First Name\r\nAda\r\n', 'people.xlsx');
    expect(res.statusCode).toBe(422);
    expect(json(res)).toMatchObject({ code: 'imports.unreadable_file', errors: [{ pointer: '/file' }] });
    const csv = await uploaded('First Name\r\nAda\r\n', 'people.csv');
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/imports/${csv.id}`,
      headers: adminS.headers,
      payload: { sheet: 'Sheet1' },
    });
    expect(patch.statusCode).toBe(422);
  });
});

describe('vCard', () => {
  it('imports a phone’s export: one card a row, several emails and phones, organisation and title', async () => {
    const vcf = [
      'BEGIN:VCARD',
      'VERSION:3.0',
      'N:Cardly;Ada;;;',
      'FN:Ada Cardly',
      'ORG:Engines Ltd',
      'TITLE:Analyst',
      'EMAIL;TYPE=HOME:ada@home.example',
      'EMAIL;TYPE=WORK,pref:ada@work.example',
      'TEL;TYPE=CELL:+44 20 7946 0021',
      'TEL;TYPE=WORK:+44 20 7946 0022',
      'ADR;TYPE=WORK:;;1 Long Street\\, Unit 2;Manchester;;M1 1AA;United Kingdom',
      'END:VCARD',
      'BEGIN:VCARD',
      'VERSION:4.0',
      'FN:Zoë Cardly',
      'N:Cardly;Zo=C3=AB;;;',
      'EMAIL:zoe@example',
      'END:VCARD',
      'BEGIN:VCARD',
      'VERSION:2.1',
      'N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Cardly;Zo=C3=AB;;;',
      'TEL;CELL:+34 612 345 678',
      'END:VCARD',
      '',
    ].join('\r\n');
    const imp = await uploaded(vcf, 'contacts.vcf');
    expect(imp).toMatchObject({ format: 'vcard', encoding: 'utf-8', delimiter: null });
    const done = await runToEnd(imp.id, { mapping: imp.mapping });
    expect(done.counts).toEqual({ total: 3, created: 2, updated: 0, skipped: 0, rejected: 1 });
    const lines = (await t.app.inject({ url: done.rejectedUrl, headers: adminS.headers })).body.trim().split('\r\n');
    expect(lines).toEqual(['row,column,reason', '3,Email,is not a valid email address']);
    const people = await peopleNamed('Cardly');
    const ada = people.find((p) => p.firstName === 'Ada')!;
    expect(ada).toMatchObject({ jobTitle: 'Analyst', address: { line1: '1 Long Street, Unit 2', city: 'Manchester' } });
    expect(ada.emails.map((e) => e.email)).toEqual(['ada@work.example', 'ada@home.example']);
    expect(ada.phones.map((p) => p.number)).toEqual(['+442079460021', '+442079460022']);
    expect(people.find((p) => p.phones[0]?.number === '+34612345678')?.firstName).toBe('Zoë');
  });
});

describe('saved mappings', () => {
  it('saves a mapping, suggests it for a file with its headers, and deletes it', async () => {
    const csv = 'Vorname,Nachname,E-Mail-Adresse,Notiz\r\nAnna,Gespeichert,anna@example.com,x\r\n';
    const imp = await uploaded(csv, 'de.csv');
    expect(imp.savedMapping).toBeNull();
    expect(imp.mapping.Vorname).toBeNull();
    const mapping = { Vorname: 'firstName', Nachname: 'lastName', 'E-Mail-Adresse': 'email', Notiz: null };
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports/mappings',
      headers: adminS.headers,
      payload: { kind: 'people', name: 'x', mapping: { Vorname: 'shoeSize' } },
    });
    expect(bad.statusCode).toBe(422);
    expect(json(bad)).toMatchObject({ code: 'imports.invalid_mapping', errors: [{ pointer: '/mapping/Vorname' }] });
    const saved = await post<{ id: string; name: string }>(
      '/api/v1/imports/mappings',
      { kind: 'people', name: 'German CRM', mapping },
      201,
      salesS,
    );
    // Saving under the same name replaces it.
    const again = await post<{ id: string }>(
      '/api/v1/imports/mappings',
      { kind: 'people', name: 'German CRM', mapping },
      201,
      salesS,
    );
    expect(again.id).toBe(saved.id);
    const list = await t.app.inject({ url: '/api/v1/imports/mappings?kind=people', headers: adminS.headers });
    expect(json<{ data: { name: string }[] }>(list).data.map((m) => m.name)).toContain('German CRM');

    // A new file with those headers (in another order, one more column) gets it as its mapping.
    const next = await uploaded(
      'E-Mail-Adresse,Vorname,Nachname,Telefon\r\nben@example.com,Ben,Gespeichert,\r\n',
      'de2.csv',
    );
    expect(next.savedMapping).toEqual({ id: saved.id, name: 'German CRM' });
    expect(next.mapping).toEqual({
      'E-Mail-Adresse': 'email',
      Vorname: 'firstName',
      Nachname: 'lastName',
      Telefon: null,
    });
    const done = await runToEnd(next.id, { mapping: next.mapping });
    expect(done.counts.created).toBe(1);
    // A file without one of its headers does not.
    expect((await uploaded('Vorname,Telefon\r\nC,1\r\n', 'de3.csv')).savedMapping).toBeNull();

    // Deleting: not another sales user's, yes the admin's.
    const other = await createUser(t.services, 'sales', 'North', 'other-sales');
    const otherS = await login(t.app, other.email);
    const refused = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/imports/mappings/${saved.id}`,
      headers: otherS.headers,
    });
    expect(refused.statusCode).toBe(403);
    expect(json(refused)).toMatchObject({ code: 'imports.not_yours' });
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/imports/mappings/${saved.id}`,
      headers: adminS.headers,
    });
    expect(del.statusCode).toBe(204);
    const gone = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/imports/mappings/${saved.id}`,
      headers: adminS.headers,
    });
    expect(gone.statusCode).toBe(404);
  });
});

describe('malformed files', () => {
  it('bad quoting, ragged rows and a byte of another encoding: reported by row and column, nothing written in all-or-nothing mode', async () => {
    const filler = Array.from({ length: 2000 }, (_, i) => `Fill${i},Mixed,fill${i}@mixed.example`).join('\r\n');
    const bytes = Buffer.concat([
      Buffer.from(`First Name,Last Name,Email\r\nGood,Mixed,good@mixed.example\r\n${filler}\r\n`, 'utf8'),
      // Past the 64 KB sample the file is read as UTF-8: a Windows-1252 "é" here is not valid UTF-8.
      Buffer.from('Ren'),
      Buffer.from([0xe9]),
      Buffer.from(',Mixed,rene@mixed.example\r\n'),
      Buffer.from('Bad "quote",Mixed,q@mixed.example\r\n'),
      Buffer.from('"Never closed,Mixed,n@mixed.example\r\n'),
    ]);
    expect(bytes.length).toBeGreaterThan(64 * 1024);
    const imp = await uploaded(bytes, 'mixed.csv');
    expect(imp.encoding).toBe('utf-8');
    const done = await runToEnd(imp.id, { mapping: imp.mapping, mode: 'all-or-nothing' });
    expect(done.status).toBe('failed');
    expect(done.error).toContain('nothing was imported');
    expect(await peopleNamed('Mixed')).toHaveLength(0);
    const lines = (await t.app.inject({ url: done.rejectedUrl, headers: adminS.headers })).body.trim().split('\r\n');
    expect(lines.slice(1)).toEqual([
      '2003,First Name,contains bytes that are not valid utf-8',
      expect.stringMatching(/^2004,,a quote starts in the middle of a cell/),
      expect.stringMatching(/^2005,,a quoted cell is never closed/),
    ]);
  });

  it('a header whose name is a formula comes back quoted in the rejected rows (no CSV injection)', async () => {
    const imp = await uploaded(
      'First Name,"=HYPERLINK(""http://evil.example"",""x"")"\r\nEve,not-an-email\r\n',
      'evil.csv',
    );
    const header = '=HYPERLINK("http://evil.example","x")';
    const mapping = { 'First Name': 'firstName', [header]: 'email' };
    const dry = await post<{ rejectedUrl: string }>(`/api/v1/imports/${imp.id}/dry-run`, { mapping });
    const csv = (await t.app.inject({ url: dry.rejectedUrl, headers: adminS.headers })).body;
    expect(csv.split('\r\n')[1]).toBe(`2,"'=HYPERLINK(""http://evil.example"",""x"")",is not a valid email address`);
  });

  it('a 100 MB cell streams through and is rejected with a clear error, memory staying flat', async () => {
    const path = join(dataDir, 'huge-cell.csv');
    const fh = await open(path, 'w');
    await fh.write('First Name,Last Name,Notes\r\nSmall,Huge,ok\r\nBig,Huge,"');
    const block = 'x'.repeat(1024 * 1024);
    for (let i = 0; i < 100; i++) await fh.write(block);
    await fh.write('"\r\nAfter,Huge,fine\r\n');
    await fh.close();
    expect((await stat(path)).size).toBeGreaterThan(100 * 1024 * 1024);
    const url = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const res = await fetch(`${url}/api/v1/imports?kind=people&fileName=huge.csv`, {
      method: 'POST',
      headers: { ...adminS.headers, 'content-type': 'text/csv' },
      body: createReadStream(path) as unknown as BodyInit,
      duplex: 'half',
      signal: AbortSignal.timeout(120_000),
    } as RequestInit);
    expect(res.status).toBe(201);
    const imp = (await res.json()) as ImportBody;
    const dry = await post<{ counts: ImportBody['counts']; rejections: unknown[] }>(
      `/api/v1/imports/${imp.id}/dry-run`,
      { mapping: { 'First Name': 'firstName', 'Last Name': 'lastName', Notes: null } },
    );
    expect(dry.counts).toEqual({ total: 3, created: 2, updated: 0, skipped: 0, rejected: 1 });
    expect(dry.rejections).toEqual([{ row: 3, column: null, reason: 'the row is larger than 1,000,000 characters' }]);
    // The cell is never held: the same file read by a process whose heap is capped at 48 MB (the cell alone would
    // take 200 MB as a string) gives the same three records.
    const reader = join(import.meta.dirname, 'imports.csv.ts');
    const script = `import { fileRecords } from ${JSON.stringify(reader)};
      for await (const r of fileRecords(${JSON.stringify(path)}, 'utf-8', ',')) console.log(JSON.stringify('error' in r ? r : r.cells.map((c) => c.length)));`;
    const child = spawnSync(process.execPath, ['--max-old-space-size=48', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(child.status, child.stderr).toBe(0);
    expect(child.stdout.trim().split('\n')).toEqual([
      '[10,9,5]',
      '[5,4,2]',
      '{"row":3,"error":"the row is larger than 1,000,000 characters"}',
      '[5,4,4]',
    ]);
  }, 180_000);
});
