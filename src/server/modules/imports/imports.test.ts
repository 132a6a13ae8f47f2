import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, json, login, type Session, type TestContext, type TestUser, testApp } from '../../test/harness.ts';
import { encodeText } from './imports.csv.ts';

let t: TestContext;
let dataDir: string;
let admin: TestUser;
let sales: TestUser;
let adminS: Session;
let salesS: Session;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'rapport-imports-'));
  t = await testApp({ dataDir });
  t.services.imports.chunkSize = 3; // several transactions even with a small file
  admin = await createUser(t.services, 'admin', null, 'admin');
  sales = await createUser(t.services, 'sales', 'North', 'sales');
  [adminS, salesS] = await Promise.all([login(t.app, admin.email), login(t.app, sales.email)]);
  await t.services.customFields.create(admin.ctx, {
    object: 'people',
    key: 'shoe_size',
    label: 'Shoe size',
    type: 'number',
  } as never);
  await t.services.companies.create(admin.ctx, { name: 'Acme Ltd', domain: 'acme.example' });
});

afterAll(async () => {
  await t.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** A multipart/form-data body with a file part and a kind field, as a browser sends it. */
function multipart(file: Uint8Array, kind: string | undefined, fileName = 'people.csv') {
  const boundary = '----rapport-test-boundary-7f3a';
  const parts: Buffer[] = [];
  if (kind) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\n${kind}\r\n`));
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n`,
    ),
    Buffer.from(file),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function upload(session: Session, csv: string | Uint8Array, kind = 'people') {
  const bytes = typeof csv === 'string' ? encodeText(csv, 'utf-8', false) : csv;
  const { payload, contentType } = multipart(bytes, kind);
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/imports',
    headers: { ...session.headers, 'content-type': contentType },
    payload,
  });
}

interface ImportBody {
  id: string;
  status: string;
  encoding: string;
  delimiter: string;
  headers: string[];
  mapping: Record<string, string | null>;
  counts: { total: number; created: number; updated: number; skipped: number; rejected: number };
  rejectedUrl: string;
  jobId: string | null;
  error: string | null;
}

async function uploaded(csv: string | Uint8Array, kind = 'people', session = adminS): Promise<ImportBody> {
  const res = await upload(session, csv, kind);
  expect(res.statusCode, res.body).toBe(201);
  return json<ImportBody>(res);
}

async function runToEnd(id: string, body: Record<string, unknown>, session = adminS): Promise<ImportBody> {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1/imports/${id}/run`,
    headers: session.headers,
    payload: body,
  });
  expect(res.statusCode, res.body).toBe(202);
  const started = json<ImportBody>(res);
  expect(started.status).toBe('running');
  while (await t.services.jobRunner.runOnce('work', started.jobId!)) {
    /* until the job is done */
  }
  return get(id, session);
}

async function get(id: string, session = adminS): Promise<ImportBody> {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/imports/${id}`, headers: session.headers });
  expect(res.statusCode, res.body).toBe(200);
  return json<ImportBody>(res);
}

async function rejectedCsv(url: string, session = adminS): Promise<string> {
  const res = await t.app.inject({ method: 'GET', url, headers: session.headers });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toContain('text/csv');
  return res.body;
}

const invariant = (c: ImportBody['counts']) => expect(c.total).toBe(c.created + c.updated + c.skipped + c.rejected);

async function peopleNamed(lastName: string) {
  const page = await t.services.people.list(admin.ctx, { filter: `lastName:eq:${lastName}`, limit: 100 });
  return page.data;
}

describe('upload', () => {
  it('stores the file, detects a semicolon-delimited UTF-16 file with a BOM and suggests a mapping', async () => {
    const csv =
      'First Name;Last Name;E-mail Address;Mobile Phone;Company;Shoe size;Notes\r\nZoë;Ålander;z@example.com;+44 20 7946 0000;Acme Ltd;42;hi\r\n';
    const body = await uploaded(encodeText(csv, 'utf-16le', true));
    expect(body).toMatchObject({
      status: 'uploaded',
      encoding: 'utf-16le',
      delimiter: ';',
      headers: ['First Name', 'Last Name', 'E-mail Address', 'Mobile Phone', 'Company', 'Shoe size', 'Notes'],
      mapping: {
        'First Name': 'firstName',
        'Last Name': 'lastName',
        'E-mail Address': 'email',
        'Mobile Phone': 'phone',
        Company: 'companyId',
        'Shoe size': 'cf.shoe_size',
        Notes: null,
      },
      counts: { total: 0, created: 0, updated: 0, skipped: 0, rejected: 0 },
    });
  });

  it('takes a raw text/csv body with ?kind=, and Windows-1252 text', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports?kind=companies&fileName=c.csv',
      headers: { ...adminS.headers, 'content-type': 'text/csv' },
      payload: Buffer.from(
        encodeText('Company Name,Website\r\nCafé Noël,https://www.noel.example/about\r\n', 'windows-1252', false),
      ),
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(json(res)).toMatchObject({
      encoding: 'windows-1252',
      delimiter: ',',
      mapping: { 'Company Name': 'name', Website: 'domain' },
    });
  });

  it('refuses an empty file, duplicate headers, a missing kind and a role without create', async () => {
    const empty = await upload(adminS, '');
    expect(empty.statusCode).toBe(422);
    expect(json(empty)).toMatchObject({ code: 'imports.empty_file' });
    const dup = await upload(adminS, 'Email,Name,email\r\na@b.example,A,c@d.example\r\n');
    expect(dup.statusCode).toBe(422);
    expect(json(dup)).toMatchObject({ code: 'imports.duplicate_headers', errors: [{ pointer: '/headers/2' }] });
    expect(json<{ detail: string }>(dup).detail).toContain('columns 1 and 3');
    const noKind = await upload(adminS, 'a\r\n1\r\n', '');
    expect(noKind.statusCode).toBe(422);
    const reader = await createUser(t.services, 'read-only', null, 'reader');
    const readerS = await login(t.app, reader.email);
    expect((await upload(readerS, 'First Name\r\nAda\r\n')).statusCode).toBe(403);
  });

  it('streams a browser-style multipart upload over a real connection', async () => {
    const url = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const form = new FormData();
    form.append('kind', 'people');
    form.append('file', new Blob(['First Name,Email\r\nAda,ada.http@example.com\r\n'], { type: 'text/csv' }), 'c.csv');
    const res = await fetch(`${url}/api/v1/imports`, {
      method: 'POST',
      headers: adminS.headers,
      body: form,
      signal: AbortSignal.timeout(10_000),
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ fileName: 'c.csv', headers: ['First Name', 'Email'] });
  });

  it('answers 404 for another user’s import', async () => {
    const mine = await uploaded('First Name\r\nAda\r\n', 'people', salesS);
    const other = await createUser(t.services, 'sales', 'North', 'other');
    const otherS = await login(t.app, other.email);
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/imports/${mine.id}`, headers: otherS.headers });
    expect(res.statusCode).toBe(404);
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/v1/imports/${mine.id}`, headers: adminS.headers })).statusCode,
    ).toBe(200);
  });
});

describe('the demo workspace’s sample file', () => {
  it('is mapped from its HubSpot headers and dry-runs with its one bad row reported', async () => {
    const { seedDemoImport } = await import('./index.ts');
    await seedDemoImport(t.services.imports, admin.ctx);
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/imports', headers: adminS.headers });
    const sample = json<{ data: ImportBody[] }>(list).data.find(
      (i) => (i as { fileName?: string }).fileName === 'hubspot-contacts-sample.csv',
    )!;
    expect(sample.mapping).toEqual({
      'First Name': 'firstName',
      'Last Name': 'lastName',
      Email: 'email',
      'Mobile Phone Number': 'phone',
      'Company Name': 'companyId',
      'Job Title': 'jobTitle',
      'Lifecycle Stage': 'lifecycleStage',
      City: 'city',
      'Country/Region': 'country',
    });
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/imports/${sample.id}/dry-run`,
      headers: adminS.headers,
      payload: { mapping: sample.mapping, match: 'email' },
    });
    expect(json(res)).toMatchObject({
      counts: { total: 5, created: 4, updated: 0, skipped: 0, rejected: 1 },
      rejections: [{ row: 4, column: 'Email', reason: 'is not a valid email address' }],
    });
  });
});

describe('dry run and run', () => {
  const bad = [
    'First Name,Last Name,Email,Phone,Shoe size',
    'Ada,Dry,ada.dry@example.com,+44 20 7946 0001,41',
    'Bob,Dry,not-an-email,,40',
    'Cy,Dry,cy.dry@example.com,12,39',
    '"Di",Dry,"di.dry@example.com',
  ].join('\r\n');

  it('reports every rejected row with its row, column and reason, and writes nothing', async () => {
    const imp = await uploaded(`${bad}\r\n`);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/imports/${imp.id}/dry-run`,
      headers: adminS.headers,
      payload: { mapping: imp.mapping },
    });
    expect(res.statusCode, res.body).toBe(200);
    const dry = json<{
      counts: ImportBody['counts'];
      rejections: { row: number; column: string | null; reason: string }[];
      rejectedUrl: string;
    }>(res);
    expect(dry.counts).toEqual({ total: 4, created: 1, updated: 0, skipped: 0, rejected: 3 });
    expect(dry.rejections).toEqual([
      { row: 3, column: 'Email', reason: 'is not a valid email address' },
      { row: 4, column: 'Phone', reason: expect.stringContaining('is not a valid phone number') },
      { row: 5, column: null, reason: expect.stringContaining('a quoted cell is never closed') },
    ]);
    const csv = await rejectedCsv(dry.rejectedUrl);
    expect(csv.split('\r\n')[0]).toBe('row,column,reason');
    expect(csv).toContain('3,Email,is not a valid email address');
    expect(await peopleNamed('Dry')).toHaveLength(0);
  });

  it('valid-rows mode imports the good rows and reports the rest; all-or-nothing leaves nothing', async () => {
    const none = await uploaded(`${bad.replace(/Dry/g, 'Atomic')}\r\n`);
    // Past the custom fields' one-second cache: starting a run must not read outside its transaction (on SQLite such a
    // read waits for the transaction, forever).
    await new Promise((r) => setTimeout(r, 1100));
    const failed = await runToEnd(none.id, { mapping: none.mapping, mode: 'all-or-nothing' });
    expect(failed.status).toBe('failed');
    expect(failed.error).toContain('nothing was imported');
    expect(failed.counts.rejected).toBe(3);
    invariant(failed.counts);
    expect(await peopleNamed('Atomic')).toHaveLength(0);
    expect(await rejectedCsv(failed.rejectedUrl)).toContain('3,Email,is not a valid email address');

    const imp = await uploaded(`${bad.replace(/Dry/g, 'Valid')}\r\n`);
    const done = await runToEnd(imp.id, { mapping: imp.mapping, mode: 'valid-rows' });
    expect(done.status).toBe('succeeded');
    expect(done.counts).toEqual({ total: 4, created: 1, updated: 0, skipped: 0, rejected: 3 });
    const [ada] = await peopleNamed('Valid');
    expect(ada).toMatchObject({
      firstName: 'Ada',
      emails: [{ email: 'ada.dry@example.com' }],
      phones: [{ number: '+442079460001' }],
      customFields: { shoe_size: 41 },
    });
    expect((await rejectedCsv(done.rejectedUrl)).split('\r\n').filter(Boolean)).toHaveLength(4);
    const listed = await t.app.inject({
      method: 'GET',
      url: `/api/v1/imports/${imp.id}/rejections?limit=2`,
      headers: adminS.headers,
    });
    expect(json(listed)).toEqual({
      data: [
        { row: 3, column: 'Email', reason: 'is not a valid email address' },
        { row: 4, column: 'Phone', reason: expect.stringContaining('is not a valid phone number') },
      ],
    });
  });

  it('reports malformed rows (ragged, NUL bytes, invalid bytes, a header without rows) and keeps formulas as text', async () => {
    const csv = [
      'First Name,Last Name,Email',
      'Ok,Malformed,ok.m@example.com',
      'Short,Malformed',
      'Long,Malformed,long.m@example.com,extra',
      'Nul\u0000,Malformed,nul.m@example.com',
      '"=HYPERLINK(""http://evil.example"",""Formula"")",Malformed,f.m@example.com',
      'Trailing,Malformed,t.m@example.com,',
    ].join('\r\n');
    const bytes = Buffer.concat([
      Buffer.from(`${csv}\r\nBad`),
      Buffer.from([0xff, 0xfe, 0x41]),
      Buffer.from(',Malformed,b.m@example.com\r\n'),
    ]);
    const imp = await uploaded(bytes);
    expect(imp.encoding).toBe('windows-1252'); // not valid UTF-8: read as Windows-1252, which cannot fail
    const imp2 = await uploaded(`${csv}\r\n`);
    const done = await runToEnd(imp2.id, { mapping: imp2.mapping });
    expect(done.counts).toEqual({ total: 6, created: 3, updated: 0, skipped: 0, rejected: 3 });
    const lines = (await rejectedCsv(done.rejectedUrl)).trim().split('\r\n');
    expect(lines.slice(1)).toEqual([
      '3,,has 2 cells where the header has 3',
      '4,,has 4 cells where the header has 3',
      '5,First Name,contains a NUL byte',
    ]);
    // A formula is text: kept as written, never evaluated.
    const [formula] = (await peopleNamed('Malformed')).filter((p) => p.emails[0]?.email === 'f.m@example.com');
    expect(formula?.firstName).toBe('=HYPERLINK("http://evil.example","Formula")');
    const headerOnly = await uploaded('First Name,Last Name\r\n');
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/imports/${headerOnly.id}/dry-run`,
      headers: adminS.headers,
      payload: { mapping: headerOnly.mapping },
    });
    expect(res.statusCode).toBe(422);
    expect(json(res)).toMatchObject({ code: 'imports.no_rows' });
  });

  it('refuses a mapping naming an unknown header or field, a field twice, or no name', async () => {
    const imp = await uploaded('First Name,Email\r\nA,a@x.example\r\n');
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/imports/${imp.id}/run`,
      headers: adminS.headers,
      payload: { mapping: { 'First Name': 'email', Email: 'email', Nope: 'jobTitle' }, match: 'domain' },
    });
    expect(res.statusCode).toBe(422);
    const body = json<{ code: string; errors: { pointer: string }[] }>(res);
    expect(body.code).toBe('imports.invalid_mapping');
    expect(body.errors.map((e) => e.pointer)).toEqual(
      expect.arrayContaining(['/mapping/Email', '/mapping/Nope', '/mapping', '/match']),
    );
    expect((await get(imp.id)).status).toBe('uploaded');
  });
});

describe('matching', () => {
  it('fill-empty fills only empty fields; overwrite replaces them; skip leaves them', async () => {
    const p = await t.services.people.create(admin.ctx, {
      firstName: 'Mia',
      lastName: 'Match',
      jobTitle: 'Engineer',
      emails: [{ email: 'mia.match@example.com' }],
    });
    const csv = 'Email,Job Title,City,First Name\r\nMIA.match@example.com,Director,Leeds,Mia\r\n';
    const fill = await uploaded(csv);
    const r1 = await runToEnd(fill.id, { mapping: fill.mapping, match: 'email', update: 'fill-empty' });
    expect(r1.counts).toEqual({ total: 1, created: 0, updated: 1, skipped: 0, rejected: 0 });
    expect(await t.services.people.get(admin.ctx, p.id)).toMatchObject({
      jobTitle: 'Engineer',
      address: { city: 'Leeds' },
    });

    const skip = await uploaded(csv);
    const r2 = await runToEnd(skip.id, { mapping: skip.mapping, match: 'email', update: 'skip' });
    expect(r2.counts).toEqual({ total: 1, created: 0, updated: 0, skipped: 1, rejected: 0 });

    const over = await uploaded(csv);
    const r3 = await runToEnd(over.id, { mapping: over.mapping, match: 'email', update: 'overwrite' });
    expect(r3.counts).toMatchObject({ updated: 1 });
    const after = await t.services.people.get(admin.ctx, p.id);
    expect(after).toMatchObject({ jobTitle: 'Director', address: { city: 'Leeds' } });

    // Undo of the overwrite puts the job title back; the fill-empty import's city stays.
    const undo = await t.app.inject({
      method: 'POST',
      url: `/api/v1/imports/${over.id}/undo`,
      headers: adminS.headers,
    });
    expect(undo.statusCode, undo.body).toBe(202);
    while (await t.services.jobRunner.runOnce('work', json<ImportBody>(undo).jobId!)) {}
    expect((await get(over.id)).status).toBe('undone');
    expect(await t.services.people.get(admin.ctx, p.id)).toMatchObject({
      jobTitle: 'Engineer',
      address: { city: 'Leeds' },
    });
  });

  it('a second row with the same email in one file updates the person the first created', async () => {
    const csv =
      'First Name,Last Name,Email,Job Title\r\nTwin,Twice,twin@example.com,\r\nTwin,Twice,twin@example.com,Pilot\r\n';
    const imp = await uploaded(csv);
    const dry = await t.app.inject({
      method: 'POST',
      url: `/api/v1/imports/${imp.id}/dry-run`,
      headers: adminS.headers,
      payload: { mapping: imp.mapping, match: 'email' },
    });
    expect(json<{ counts: unknown }>(dry).counts).toEqual({
      total: 2,
      created: 1,
      updated: 1,
      skipped: 0,
      rejected: 0,
    });
    const done = await runToEnd(imp.id, { mapping: imp.mapping, match: 'email' });
    expect(done.counts).toEqual({ total: 2, created: 1, updated: 1, skipped: 0, rejected: 0 });
    const people = await peopleNamed('Twice');
    expect(people).toHaveLength(1);
    expect(people[0]).toMatchObject({ jobTitle: 'Pilot' });
  });

  it('companies match by domain (a website address becomes its domain)', async () => {
    const imp = await uploaded(
      'Company Name,Website,Industry\r\nAcme Ltd,https://www.acme.example/,Anvils\r\nNewco,newco.example,Widgets\r\n',
      'companies',
    );
    const done = await runToEnd(imp.id, { mapping: imp.mapping, match: 'domain' });
    expect(done.counts).toEqual({ total: 2, created: 1, updated: 1, skipped: 0, rejected: 0 });
    const page = await t.services.companies.list(admin.ctx, { filter: 'domain:eq:acme.example' });
    expect(page.data).toHaveLength(1);
    expect(page.data[0]).toMatchObject({ industry: 'Anvils' });
  });
});

describe('undo and round trip', () => {
  it('undo moves created records to the bin', async () => {
    const imp = await uploaded('First Name,Last Name,Company\r\nUma,Undone,Acme Ltd\r\nVic,Undone,acme ltd\r\n');
    const done = await runToEnd(imp.id, { mapping: imp.mapping });
    expect(done.counts.created).toBe(2);
    const people = await peopleNamed('Undone');
    expect(people.map((p) => p.company?.name)).toEqual(['Acme Ltd', 'Acme Ltd']);
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/imports/${imp.id}/undo`, headers: adminS.headers });
    expect(res.statusCode).toBe(202);
    while (await t.services.jobRunner.runOnce('work', json<ImportBody>(res).jobId!)) {}
    expect(await get(imp.id)).toMatchObject({ status: 'undone' });
    expect(await peopleNamed('Undone')).toHaveLength(0);
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/v1/imports/${imp.id}/undo`,
      headers: adminS.headers,
    });
    expect(again.statusCode).toBe(409);
  });

  it('exporting people and importing the file again changes nothing', async () => {
    for (const [first, email, phone] of [
      ['Rob', 'rob.round@example.com', '+44 20 7946 0101'],
      ['Sue', 'sue.round@example.com', '+1 415 555 0100'],
    ] as const) {
      await t.services.people.create(admin.ctx, {
        firstName: first,
        lastName: 'Roundtrip',
        emails: [{ email }],
        phones: [{ number: phone }],
        tags: ['vip', 'north'],
        address: { city: 'York', country: 'GB' },
        companyId: (await t.services.companies.list(admin.ctx, { filter: 'name:eq:acme ltd' })).data[0]!.id,
        customFields: { shoe_size: 44 },
      });
    }
    const exported = await t.app.inject({
      method: 'GET',
      url: '/api/v1/people/export.csv?filter=lastName:eq:Roundtrip',
      headers: adminS.headers,
    });
    expect(exported.statusCode, exported.body).toBe(200);
    const before = await peopleNamed('Roundtrip');
    const imp = await uploaded(exported.body);
    expect(imp.mapping).toMatchObject({
      id: 'id',
      firstName: 'firstName',
      email: 'email',
      company: 'companyId',
      'cf.shoe_size': 'cf.shoe_size',
    });
    const done = await runToEnd(imp.id, { mapping: imp.mapping, match: 'externalId', update: 'overwrite' });
    expect(done.counts).toEqual({ total: 2, created: 0, updated: 0, skipped: 2, rejected: 0 });
    const after = await peopleNamed('Roundtrip');
    expect(after).toEqual(before);
  });
});

describe('resume', () => {
  it('a run that dies mid-chunk resumes from its checkpoint without writing a row twice', async () => {
    const rows = Array.from({ length: 10 }, (_, i) => `P${i},Resume,p${i}.resume@example.com`);
    const imp = await uploaded(`First Name,Last Name,Email\r\n${rows.join('\r\n')}\r\n`);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/imports/${imp.id}/run`,
      headers: adminS.headers,
      payload: { mapping: imp.mapping },
    });
    const jobId = json<ImportBody>(res).jobId!;
    // The process dies while writing the 8th row (third chunk of three): that chunk's transaction never commits.
    const kernel = t.services.people.records;
    const create = kernel.create.bind(kernel);
    let calls = 0;
    kernel.create = async (...args: Parameters<typeof create>) => {
      if (++calls === 8) throw new Error('the server went away');
      return create(...args);
    };
    try {
      expect(await t.services.jobRunner.runOnce('work', jobId)).toBe(true);
    } finally {
      kernel.create = create;
    }
    const mid = await get(imp.id);
    expect(mid.status).toBe('running');
    expect(mid.counts).toEqual({ total: 6, created: 6, updated: 0, skipped: 0, rejected: 0 });
    expect(await peopleNamed('Resume')).toHaveLength(6);
    expect(await t.services.jobRunner.find(jobId)).toMatchObject({ status: 'queued', attempts: 1 });
    // After the restart the job runs again (its retry time brought forward) and carries on from the checkpoint.
    await t.db.database.db
      .updateTable('jobs')
      .set({ run_at: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', jobId)
      .execute();
    expect(await t.services.jobRunner.runOnce('work', jobId)).toBe(true);
    const done = await get(imp.id);
    expect(done.status).toBe('succeeded');
    expect(done.counts).toEqual({ total: 10, created: 10, updated: 0, skipped: 0, rejected: 0 });
    const people = await peopleNamed('Resume');
    expect(people).toHaveLength(10);
    expect(new Set(people.map((p) => p.firstName)).size).toBe(10);
  });
});
