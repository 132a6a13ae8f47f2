import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, json, login, type Session, type TestContext, type TestUser, testApp } from '../../test/harness.ts';

let t: TestContext;
let dataDir: string;
let admin: TestUser;
let north: TestUser;
let south: TestUser;
let service: TestUser;
let adminS: Session;
let northS: Session;
let southS: Session;
let serviceS: Session;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'rapport-exports-'));
  t = await testApp({ dataDir });
  t.services.exports.pageSize = 10; // several keyset pages even with a small dataset
  admin = await createUser(t.services, 'admin', null, 'admin');
  north = await createUser(t.services, 'sales', 'North', 'north');
  south = await createUser(t.services, 'sales', 'South', 'south');
  service = await createUser(t.services, 'service', 'North', 'service');
  for (let i = 0; i < 25; i++) {
    await t.services.people.create(admin.ctx, {
      firstName: i === 0 ? '=HYPERLINK("http://evil.example","x")' : `North${String(i).padStart(2, '0')}`,
      lastName: 'Person',
      emails: [{ email: `n${i}@example.com` }],
      ownerId: north.id,
    });
  }
  for (let i = 0; i < 5; i++) {
    await t.services.people.create(admin.ctx, { firstName: `South${i}`, lastName: 'Person', ownerId: south.id });
  }
  await t.services.companies.create(admin.ctx, {
    name: 'Acme',
    creditLimit: { amountMinor: 500000, currency: 'EUR' },
    ownerId: north.id,
  });
  [adminS, northS, southS, serviceS] = await Promise.all([
    login(t.app, admin.email),
    login(t.app, north.email),
    login(t.app, south.email),
    login(t.app, service.email),
  ]);
});

afterAll(async () => {
  await t.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function exportAndRun(session: Session, body: Record<string, unknown>) {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/exports', headers: session.headers, payload: body });
  expect(res.statusCode, res.body).toBe(202);
  const job = json<{ id: string; status: string; type: string }>(res);
  expect(job).toMatchObject({ type: 'export', status: 'queued' });
  while (await t.services.jobRunner.runOnce()) {
    // run until the queue is empty
  }
  const done = await t.app.inject({ url: `/api/v1/jobs/${job.id}`, headers: session.headers });
  return {
    job: json<{ id: string; status: string; progress: { done: number; total: number }; resultUrl: string }>(done),
  };
}

describe('exports: CSV', () => {
  it('streams the matching records the viewer may see, page by page, formula cells neutralised', async () => {
    const { job } = await exportAndRun(northS, { kind: 'people', format: 'csv', columns: ['firstName', 'email'] });
    expect(job).toMatchObject({ status: 'succeeded', progress: { done: 25, total: 25 } });
    expect(job.resultUrl).toBe(`/api/v1/jobs/${job.id}/result`);
    const file = await t.app.inject({ url: job.resultUrl, headers: northS.headers });
    expect(file.statusCode).toBe(200);
    expect(file.headers['cache-control']).toBe('no-store');
    expect(file.headers['content-type']).toContain('text/csv');
    const rows = parse(file.body) as string[][];
    expect(rows[0]).toEqual(['firstName', 'email']);
    expect(rows).toHaveLength(26); // header + north's team only (South's 5 are outside the scope)
    expect(rows.some((r) => r[0]!.startsWith('South'))).toBe(false);
    expect(rows).toContainEqual(['\'=HYPERLINK("http://evil.example","x")', 'n0@example.com']);
    expect(rows).toContainEqual(['North24', 'n24@example.com']);

    const audit = await t.services.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'export')
      .where('actor_id', '=', north.id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.meta ?? '{}')).toMatchObject({ rows: 25, format: 'csv', jobId: job.id });

    const stranger = await t.app.inject({ url: job.resultUrl, headers: southS.headers });
    expect(stranger.statusCode).toBe(404);
  });

  it('applies the list filter', async () => {
    const { job } = await exportAndRun(adminS, {
      kind: 'people',
      format: 'csv',
      filter: 'firstName:startsWith:South',
      columns: ['firstName'],
    });
    const rows = parse((await t.app.inject({ url: job.resultUrl, headers: adminS.headers })).body) as string[][];
    expect(
      rows
        .slice(1)
        .map((r) => r[0])
        .sort(),
    ).toEqual(['South0', 'South1', 'South2', 'South3', 'South4']);
  });

  it('leaves out fields the role hides, and refuses them by name', async () => {
    const { job } = await exportAndRun(northS, { kind: 'companies', format: 'csv' });
    const rows = parse((await t.app.inject({ url: job.resultUrl, headers: northS.headers })).body) as string[][];
    expect(rows[0]).toContain('name');
    expect(rows[0]).not.toContain('creditLimit');
    expect(rows[1]).toContain('Acme');

    const hidden = await t.app.inject({
      method: 'POST',
      url: '/api/v1/exports',
      headers: northS.headers,
      payload: { kind: 'companies', format: 'csv', columns: ['name', 'creditLimit'] },
    });
    expect(hidden.statusCode).toBe(400);
    expect(json(hidden)).toMatchObject({ errors: [{ pointer: '/columns/1', in: 'body' }] });
  });
});

describe('exports: XLSX', () => {
  it('writes a workbook with the header and one row per record', async () => {
    const { job } = await exportAndRun(adminS, { kind: 'people', format: 'xlsx', columns: ['firstName', 'lastName'] });
    expect(job).toMatchObject({ status: 'succeeded', progress: { done: 30, total: 30 } });
    const file = await t.app.inject({ url: job.resultUrl, headers: adminS.headers });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.rowCount).toBe(31);
    expect(sheet.getRow(1).values).toEqual([undefined, 'firstName', 'lastName']);
    const formula = sheet.getColumn(1).values.find((v) => String(v).startsWith('=HYPERLINK'));
    expect(typeof formula).toBe('string'); // a plain string cell, not a formula
  });
});

describe('exports: bad requests', () => {
  it('answers 403 without export permission, 400 naming a bad field, 401 without a login', async () => {
    const denied = await t.app.inject({
      method: 'POST',
      url: '/api/v1/exports',
      headers: serviceS.headers,
      payload: { kind: 'people', format: 'csv' },
    });
    expect(denied.statusCode).toBe(403);
    expect(json(denied)).toMatchObject({ code: 'access.forbidden' });

    const badKind = await t.app.inject({
      method: 'POST',
      url: '/api/v1/exports',
      headers: adminS.headers,
      payload: { kind: 'unicorns', format: 'csv' },
    });
    expect(badKind.statusCode).toBe(400);
    expect(JSON.stringify(json(badKind))).toContain('/kind');

    const badColumn = await t.app.inject({
      method: 'POST',
      url: '/api/v1/exports',
      headers: adminS.headers,
      payload: { kind: 'people', format: 'csv', columns: ['nope'] },
    });
    expect(badColumn.statusCode).toBe(400);
    expect(json(badColumn)).toMatchObject({ errors: [{ pointer: '/columns/0' }] });

    const badFilter = await t.app.inject({
      method: 'POST',
      url: '/api/v1/exports',
      headers: adminS.headers,
      payload: { kind: 'people', format: 'csv', filter: 'nope:eq:1' },
    });
    expect(badFilter.statusCode).toBe(400);

    const anon = await t.app.inject({
      method: 'POST',
      url: '/api/v1/exports',
      payload: { kind: 'people', format: 'csv' },
    });
    expect(anon.statusCode).toBe(401);
    const queued = await t.services.database.db
      .selectFrom('jobs')
      .select('id')
      .where('status', '=', 'queued')
      .execute();
    expect(queued).toEqual([]);
  });
});

/** RFC 4180 CSV as rows (quoted cells, doubled quotes, CRLF or LF). */
function parse(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}
