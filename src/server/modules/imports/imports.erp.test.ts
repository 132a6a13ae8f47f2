/**
 * Importing an ERP's CSV exports of invoices, orders and payments: rows go through the accounts module's ERP sync
 * (keyed by the ERP's ids, idempotent, explicit deletions), a chunk per transaction, with row/column/reason
 * rejections, all-or-nothing, the sync log, no undo, and the ERP sync's permissions. Amounts and dates as ERPs write
 * them are read by pure functions, checked here too.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, json, login, type Session, type TestContext, testApp } from '../../test/harness.ts';
import { parseAmount, parseTimestamp, toMinor } from './imports.erp.ts';

let t: TestContext;
let dataDir: string;
let adminS: Session;
let accountsS: Session;
let salesS: Session;

interface ImportBody {
  id: string;
  kind: string;
  status: string;
  headers: string[];
  mapping: Record<string, string | null>;
  targets: { key: string; label: string }[];
  counts: { total: number; created: number; updated: number; skipped: number; rejected: number };
  jobId: string | null;
  error: string | null;
  undoable: boolean;
  undoNote: string | null;
}
interface Rejection {
  row: number;
  column: string | null;
  reason: string;
}
interface InvoiceDto {
  id: string;
  externalId: string;
  number: string;
  status: string;
  issuedAt: string;
  dueAt: string;
  total: { amountMinor: number; currency: string };
  amountPaid: { amountMinor: number; currency: string };
  outstanding: { amountMinor: number; currency: string };
  company: { id: string; name: string } | null;
  version: number;
  deletedAt: string | null;
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'rapport-erp-imports-'));
  t = await testApp({ dataDir });
  t.services.imports.chunkSize = 2; // several transactions even with a small file
  const admin = await createUser(t.services, 'admin', null, 'admin');
  const accounts = await createUser(t.services, 'accounts', null, 'accounts');
  const sales = await createUser(t.services, 'sales', 'North', 'sales');
  [adminS, accountsS, salesS] = await Promise.all([
    login(t.app, admin.email),
    login(t.app, accounts.email),
    login(t.app, sales.email),
  ]);
  await t.app.inject({
    method: 'PATCH',
    url: '/api/v1/workspace',
    headers: adminS.headers,
    payload: { defaultCurrency: 'EUR' },
  });
  // The customers, as the ERP's API (or its pull connector) sends them.
  const res = await t.app.inject({
    method: 'PUT',
    url: '/api/v1/erp/companies',
    headers: adminS.headers,
    payload: {
      records: [
        { externalId: 'C-100', name: 'Northwind Traders', updatedAt: '2026-01-01T00:00:00Z' },
        { externalId: 'C-200', name: 'Globex', updatedAt: '2026-01-01T00:00:00Z' },
      ],
    },
  });
  expect(res.statusCode, res.body).toBe(200);
});

afterAll(async () => {
  await t.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function upload(session: Session, csv: string, kind: string, fileName = `${kind}.csv`) {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/imports?kind=${kind}&fileName=${fileName}`,
    headers: { ...session.headers, 'content-type': 'text/csv' },
    payload: csv,
  });
}

async function uploaded(csv: string, kind: string, session = accountsS): Promise<ImportBody> {
  const res = await upload(session, csv, kind);
  expect(res.statusCode, res.body).toBe(201);
  return json<ImportBody>(res);
}

async function get(id: string, session = accountsS): Promise<ImportBody> {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/imports/${id}`, headers: session.headers });
  expect(res.statusCode, res.body).toBe(200);
  return json<ImportBody>(res);
}

async function runToEnd(imp: ImportBody, options: Record<string, unknown> = {}, session = accountsS) {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1/imports/${imp.id}/run`,
    headers: session.headers,
    payload: { mapping: imp.mapping, ...options },
  });
  expect(res.statusCode, res.body).toBe(202);
  const started = json<ImportBody>(res);
  while (await t.services.jobRunner.runOnce('work', started.jobId!)) {
    /* until the job is done */
  }
  return get(imp.id, session);
}

async function importFile(csv: string, kind: string, options: Record<string, unknown> = {}) {
  return runToEnd(await uploaded(csv, kind), options);
}

async function rejections(id: string, phase = 'run'): Promise<Rejection[]> {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/v1/imports/${id}/rejections?phase=${phase}`,
    headers: accountsS.headers,
  });
  expect(res.statusCode, res.body).toBe(200);
  return json<{ data: Rejection[] }>(res).data;
}

async function invoice(externalId: string): Promise<InvoiceDto | undefined> {
  const res = await t.app.inject({
    url: `/api/v1/invoices?filter=externalId:eq:${externalId}`,
    headers: adminS.headers,
  });
  expect(res.statusCode, res.body).toBe(200);
  return json<{ data: InvoiceDto[] }>(res).data[0];
}

const INVOICES = [
  'Invoice No,Customer ID,Invoice Date,Due Date,Amount,Currency,Status,Amount Paid,Notes',
  'INV-1001,C-100,15/01/2026,14/02/2026,"1,240.50",EUR,Unpaid,0,first',
  'INV-1002,C-100,2026-01-20,2026-02-19,980.00,EUR,Paid,980.00,',
  'INV-1003,C-200,2026-01-22,2026-02-21,"2.500,00",EUR,Partially paid,"1.000,00",',
].join('\r\n');

describe('invoices from a CSV export', () => {
  it('suggests the mapping from the ERP’s headers and says undo is not offered', async () => {
    const imp = await uploaded(INVOICES, 'invoices');
    expect(imp.mapping).toEqual({
      'Invoice No': 'number',
      'Customer ID': 'companyExternalId',
      'Invoice Date': 'issuedAt',
      'Due Date': 'dueAt',
      Amount: 'total',
      Currency: 'currency',
      Status: 'status',
      'Amount Paid': 'amountPaid',
      Notes: null,
    });
    expect(imp.targets.map((x) => x.key)).toContain('externalId');
    expect(imp.undoable).toBe(false);
    expect(imp.undoNote).toMatch(/book of record/);
  });

  it('creates invoices visible through the accounts API, and importing the same file again changes nothing', async () => {
    const first = await importFile(INVOICES, 'invoices');
    expect(first).toMatchObject({
      status: 'succeeded',
      counts: { total: 3, created: 3, updated: 0, skipped: 0, rejected: 0 },
    });
    const one = (await invoice('INV-1001'))!;
    expect(one).toMatchObject({
      number: 'INV-1001',
      status: 'open',
      issuedAt: '2026-01-15',
      dueAt: '2026-02-14',
      total: { amountMinor: 124_050, currency: 'EUR' },
      outstanding: { amountMinor: 124_050, currency: 'EUR' },
      company: { name: 'Northwind Traders' },
    });
    expect((await invoice('INV-1003'))!).toMatchObject({
      status: 'open',
      total: { amountMinor: 250_000 },
      amountPaid: { amountMinor: 100_000 },
      company: { name: 'Globex' },
    });

    const again = await importFile(INVOICES, 'invoices');
    expect(again).toMatchObject({
      status: 'succeeded',
      counts: { total: 3, created: 0, updated: 0, skipped: 3, rejected: 0 },
    });
    expect((await invoice('INV-1001'))!.version).toBe(one.version);
  });

  it('updates a changed row, and a row marked deleted moves the invoice to the bin', async () => {
    const csv = [
      'Invoice No,Customer ID,Invoice Date,Due Date,Amount,Currency,Status,Amount Paid,Deleted',
      'INV-1001,C-100,2026-01-15,2026-02-14,1240.50,EUR,Paid,1240.50,no',
      'INV-1002,C-100,2026-01-20,2026-02-19,980.00,EUR,Paid,980.00,yes',
      'INV-1003,C-200,2026-01-22,2026-02-21,2500.00,EUR,Partially paid,1000.00,',
    ].join('\n');
    const done = await importFile(csv, 'invoices');
    expect(done.counts).toEqual({ total: 3, created: 0, updated: 2, skipped: 1, rejected: 0 });
    expect((await invoice('INV-1001'))!).toMatchObject({ status: 'paid', outstanding: { amountMinor: 0 } });
    expect(await invoice('INV-1002')).toBeUndefined(); // in the bin: lists leave it out
  });

  it('rejects a row naming a customer the ERP never sent, with its row, column and reason; the others land', async () => {
    const csv = [
      'Invoice No,Customer ID,Invoice Date,Due Date,Amount,Status',
      'INV-2001,C-100,2026-02-01,2026-03-01,100,open',
      'INV-2002,C-999,2026-02-01,2026-03-01,100,open',
      'INV-2003,C-200,2026-02-01,2026-01-01,abc,open',
      'INV-2004,C-200,2026-02-01,2026-01-01,50,open',
    ].join('\n');
    const done = await importFile(csv, 'invoices');
    expect(done.counts).toEqual({ total: 4, created: 1, updated: 0, skipped: 0, rejected: 3 });
    expect(await rejections(done.id)).toEqual([
      { row: 3, column: 'Customer ID', reason: expect.stringMatching(/^is no company the ERP has sent/) },
      { row: 4, column: 'Amount', reason: 'is not an amount (like 1240.50 or 1.240,50)' },
      { row: 5, column: 'Due Date', reason: 'is before issuedAt' },
    ]);
    // The default currency is the workspace's.
    expect((await invoice('INV-2001'))!.total).toEqual({ amountMinor: 10_000, currency: 'EUR' });
    expect(await invoice('INV-2002')).toBeUndefined();
  });

  it('all or nothing: one bad row and nothing is written', async () => {
    const csv = [
      'Invoice No,Customer ID,Invoice Date,Due Date,Amount,Currency,Status',
      'INV-3001,C-100,2026-03-01,2026-04-01,10,EUR,open',
      'INV-3002,C-100,2026-03-01,2026-04-01,10,EUR,open',
      'INV-3003,C-100,2026-03-01,2026-04-01,10,EUR,open',
      'INV-3004,C-404,2026-03-01,2026-04-01,10,EUR,open',
    ].join('\n');
    const done = await importFile(csv, 'invoices', { mode: 'all-or-nothing' });
    expect(done.status).toBe('failed');
    expect(done.error).toMatch(/nothing was imported/);
    expect(await rejections(done.id)).toEqual([
      { row: 5, column: 'Customer ID', reason: expect.stringMatching(/^is no company the ERP has sent/) },
    ]);
    for (const id of ['INV-3001', 'INV-3002', 'INV-3003']) expect(await invoice(id)).toBeUndefined();

    // Fixed, the same file lands whole (in one transaction).
    const fixed = await importFile(csv.replace('C-404', 'C-200'), 'invoices', { mode: 'all-or-nothing' });
    expect(fixed).toMatchObject({ status: 'succeeded', counts: { created: 4, rejected: 0 } });
    expect((await invoice('INV-3004'))!.company).toMatchObject({ name: 'Globex' });
  });

  it('a dry run says what each row would do and writes nothing', async () => {
    const csv = [
      'Invoice No,Customer ID,Invoice Date,Due Date,Amount,Status',
      'INV-3001,C-100,2026-03-01,2026-04-01,10,open',
      'INV-4001,C-100,2026-02-01,2026-03-01,100,open',
      'INV-4002,C-000,2026-02-01,2026-03-01,100,open',
    ].join('\n');
    const imp = await uploaded(csv, 'invoices');
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/imports/${imp.id}/dry-run`,
      headers: accountsS.headers,
      payload: { mapping: imp.mapping },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(json<{ counts: ImportBody['counts'] }>(res).counts).toEqual({
      total: 3,
      created: 1,
      updated: 0,
      skipped: 1,
      rejected: 1,
    });
    expect(await invoice('INV-4001')).toBeUndefined();
  });

  it('refuses a mapping without what an invoice needs, and undo', async () => {
    const imp = await uploaded('Invoice No,Amount\nINV-1,10\n', 'invoices');
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/imports/${imp.id}/run`,
      headers: accountsS.headers,
      payload: { mapping: imp.mapping },
    });
    expect(res.statusCode).toBe(422);
    expect(json<{ errors: { pointer: string; detail: string }[] }>(res).errors).toEqual([
      {
        pointer: '/mapping',
        detail: 'map a column to companyExternalId, issuedAt, dueAt, status to import invoices',
        in: 'body',
      },
    ]);

    const done = await importFile(
      'Invoice No,Customer ID,Invoice Date,Due Date,Amount,Status\nINV-5001,C-100,2026-01-01,2026-01-31,5,open\n',
      'invoices',
    );
    const undo = await t.app.inject({
      method: 'POST',
      url: `/api/v1/imports/${done.id}/undo`,
      headers: accountsS.headers,
    });
    expect(undo.statusCode).toBe(409);
    expect(json<{ code: string; detail: string }>(undo)).toMatchObject({
      code: 'imports.undo_unavailable',
      detail: expect.stringMatching(/book of record/),
    });
  });

  it('appears in the ERP sync log with its counts and rejected rows', async () => {
    const csv = [
      'Invoice No,Customer ID,Invoice Date,Due Date,Amount,Status',
      'INV-6001,C-100,2026-02-01,2026-03-01,100,open',
      'INV-6002,C-777,2026-02-01,2026-03-01,100,open',
    ].join('\n');
    const done = await importFile(csv, 'invoices');
    const res = await t.app.inject({ url: '/api/v1/erp/sync-runs', headers: accountsS.headers });
    expect(res.statusCode, res.body).toBe(200);
    const run = json<{ data: { trigger: string; importId: string | null; status: string; entities: unknown[] }[] }>(
      res,
    ).data.find((r) => r.importId === done.id);
    expect(run).toMatchObject({
      trigger: 'import',
      status: 'succeeded',
      entities: [
        {
          entity: 'invoices',
          rowsIn: 2,
          created: 1,
          updated: 0,
          unchanged: 0,
          rejected: 1,
          rejections: [
            {
              row: 3,
              externalId: 'INV-6002',
              errors: [{ field: 'Customer ID', detail: expect.stringMatching(/^is no company/) }],
            },
          ],
          error: null,
        },
      ],
    });
  });
});

describe('payments and orders', () => {
  it('payments name their invoice by its ERP id; an unknown invoice is rejected on its column', async () => {
    const csv = [
      'Payment No,Customer ID,Invoice No,Payment Date,Amount,Currency,Payment Method',
      'PAY-1,C-200,INV-1003,2026-02-10,500.00,EUR,Bank transfer',
      'PAY-2,C-200,INV-0000,2026-02-10,5.00,EUR,Card',
    ].join('\n');
    const imp = await uploaded(csv, 'payments');
    expect(imp.mapping).toMatchObject({
      'Payment No': 'externalId',
      'Customer ID': 'companyExternalId',
      'Invoice No': 'invoiceExternalId',
      'Payment Date': 'paidAt',
      Amount: 'amount',
      Currency: 'currency',
      'Payment Method': 'method',
    });
    const done = await runToEnd(imp);
    expect(done.counts).toEqual({ total: 2, created: 1, updated: 0, skipped: 0, rejected: 1 });
    expect(await rejections(done.id)).toEqual([
      { row: 3, column: 'Invoice No', reason: 'is no invoice the ERP has sent' },
    ]);
    const res = await t.app.inject({ url: '/api/v1/payments?filter=externalId:eq:PAY-1', headers: adminS.headers });
    expect(json<{ data: unknown[] }>(res).data[0]).toMatchObject({
      amount: { amountMinor: 50_000, currency: 'EUR' },
      method: 'Bank transfer',
      invoice: { name: 'INV-1003' },
      company: { name: 'Globex' },
    });
  });

  it('orders: the ERP’s status words, a currency with no minor unit, too many decimals rejected', async () => {
    const csv = [
      'Order Number,Customer No,Order Date,Order Total,Currency,Order Status',
      'SO-1,C-100,05.01.2026,"12,400",JPY,Shipped',
      'SO-2,C-100,2026-01-06,10.005,EUR,New',
      'SO-3,C-100,2026-01-07,10,EUR,Lost in the post',
    ].join('\n');
    const done = await importFile(csv, 'orders');
    expect(done.counts).toEqual({ total: 3, created: 1, updated: 0, skipped: 0, rejected: 2 });
    expect(await rejections(done.id)).toEqual([
      { row: 3, column: 'Order Total', reason: 'has more decimals than EUR has (2)' },
      { row: 4, column: 'Order Status', reason: expect.stringMatching(/^is not a status Rapport knows/) },
    ]);
    const res = await t.app.inject({ url: '/api/v1/orders?filter=externalId:eq:SO-1', headers: adminS.headers });
    expect(json<{ data: unknown[] }>(res).data[0]).toMatchObject({
      status: 'fulfilled',
      orderedAt: '2026-01-05',
      total: { amountMinor: 12_400, currency: 'JPY' },
    });
  });
});

describe('customers from a CSV export, then their invoices', () => {
  it('imports companies with their ERP id, matches them on it again (as the ERP wrote it), and invoices find them', async () => {
    const sessionCsv = (rows: string[]) => ['Customer No,Company Name,Website', ...rows].join('\n');
    const first = await uploaded(sessionCsv(['CUST-900,Initech,initech.example']), 'companies', adminS);
    expect(first.mapping).toMatchObject({ 'Customer No': 'externalId', 'Company Name': 'name', Website: 'domain' });
    const created = await runToEnd(first, { match: 'externalId', matchField: 'externalId' }, adminS);
    expect(created.counts).toMatchObject({ created: 1, rejected: 0 });
    // The same customer again, renamed in the ERP: matched on its ERP id (upper case, as stored), updated, not added.
    const again = await uploaded(sessionCsv(['CUST-900,Initech Ltd,initech.example']), 'companies', adminS);
    const updated = await runToEnd(
      again,
      { match: 'externalId', matchField: 'externalId', update: 'overwrite' },
      adminS,
    );
    expect(updated.counts).toMatchObject({ created: 0, updated: 1, rejected: 0 });
    const found = json<{ data: { name: string; externalId: string }[] }>(
      await t.app.inject({ url: '/api/v1/companies?filter=externalId:eq:CUST-900', headers: adminS.headers }),
    ).data;
    expect(found).toEqual([expect.objectContaining({ name: 'Initech Ltd', externalId: 'CUST-900' })]);
    // Only companies match on their ERP id.
    const people = await uploaded('First Name,Customer No\nAda,CUST-900\n', 'people', adminS);
    const refused = await t.app.inject({
      method: 'POST',
      url: `/api/v1/imports/${people.id}/run`,
      headers: adminS.headers,
      payload: {
        mapping: { 'First Name': 'firstName', 'Customer No': null },
        match: 'externalId',
        matchField: 'externalId',
      },
    });
    expect(refused.statusCode).toBe(422);
    expect(json<{ errors: { pointer: string }[] }>(refused).errors.map((e) => e.pointer)).toContain('/matchField');
    // The ERP's invoices now find their customer by that id.
    const invoices = await importFile(
      'Invoice No,Customer ID,Invoice Date,Due Date,Amount,Status\nINV-9001,CUST-900,2026-02-01,2026-03-01,75,open\n',
      'invoices',
    );
    expect(invoices.counts).toMatchObject({ created: 1, rejected: 0 });
    expect((await invoice('INV-9001'))!.company?.name).toBe('Initech Ltd');
  });
});

describe('the worked example of docs/accounts.md', () => {
  it('imports docs/examples/erp-invoices.csv and erp-payments.csv as the page says', async () => {
    const res = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/erp/companies',
      headers: adminS.headers,
      payload: {
        records: [
          { externalId: 'C-88', name: 'Northwind Traders GmbH', updatedAt: '2026-01-01T00:00:00Z' },
          { externalId: 'C-89', name: 'Globex UK', updatedAt: '2026-01-01T00:00:00Z' },
        ],
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    const invoices = await readFile(new URL('../../../../docs/examples/erp-invoices.csv', import.meta.url), 'utf8');
    const imp = await uploaded(invoices, 'invoices');
    expect(Object.values(imp.mapping).every(Boolean)).toBe(true); // every header is suggested
    expect((await runToEnd(imp)).counts).toEqual({ total: 5, created: 4, updated: 0, skipped: 1, rejected: 0 });
    expect((await importFile(invoices, 'invoices')).counts).toEqual({
      total: 5,
      created: 0,
      updated: 0,
      skipped: 5,
      rejected: 0,
    });
    expect((await invoice('INV-2026-0041'))!).toMatchObject({
      status: 'open',
      total: { amountMinor: 1_240_000, currency: 'EUR' },
    });
    expect((await invoice('INV-2026-0043'))!).toMatchObject({
      amountPaid: { amountMinor: 100_000 },
      outstanding: { amountMinor: 415_050, currency: 'EUR' },
    });
    expect(await invoice('INV-2026-0039')).toBeUndefined();
    const payments = await readFile(new URL('../../../../docs/examples/erp-payments.csv', import.meta.url), 'utf8');
    expect((await importFile(payments, 'payments')).counts).toEqual({
      total: 2,
      created: 2,
      updated: 0,
      skipped: 0,
      rejected: 0,
    });
  });
});

describe('access', () => {
  it('a role that may not write invoices through the ERP sync gets 403 saying why', async () => {
    const res = await upload(salesS, INVOICES, 'invoices');
    expect(res.statusCode).toBe(403);
    expect(json<{ detail: string }>(res).detail).toMatch(
      /Writing invoices from the ERP .* creates and updates them: your role may not create invoices/,
    );
    // The same role still imports people.
    expect((await upload(salesS, 'First Name\nAda\n', 'people')).statusCode).toBe(201);
  });

  it('offers no ERP kind while the accounts module is off', async () => {
    const off = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/workspace',
      headers: adminS.headers,
      payload: { modules: { accounts: false } },
    });
    expect(off.statusCode, off.body).toBe(200);
    try {
      const res = await upload(accountsS, INVOICES, 'invoices');
      expect(res.statusCode).toBe(422);
      expect(json<{ errors: { pointer: string; detail: string }[] }>(res).errors[0]).toMatchObject({
        pointer: '/kind',
        detail: 'invoices can be imported only while the accounts module is on',
      });
    } finally {
      await t.app.inject({
        method: 'PATCH',
        url: '/api/v1/workspace',
        headers: adminS.headers,
        payload: { modules: { accounts: true } },
      });
    }
  });
});

describe('reading ERP cells (pure)', () => {
  it('reads amounts as ERPs write them', () => {
    expect(parseAmount('1,240.50')).toBe('1240.50');
    expect(parseAmount('1.240,50')).toBe('1240.50');
    expect(parseAmount('1 240,50')).toBe('1240.50');
    expect(parseAmount("1'240.50")).toBe('1240.50');
    expect(parseAmount('€ 1,240.50')).toBe('1240.50');
    expect(parseAmount('EUR 12')).toBe('12');
    expect(parseAmount('12,5')).toBe('12.5');
    expect(parseAmount('12,400')).toBe('12400');
    expect(parseAmount('1.234.567')).toBe('1234567');
    expect(parseAmount('(15.00)')).toBe('-15.00');
    expect(parseAmount('abc')).toBeUndefined();
    expect(parseAmount('1,2,3.4.5')).toBeUndefined();
  });

  it('any amount written with either convention reads back exactly in minor units', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 12 }), fc.boolean(), (cents, german) => {
        const whole = Math.floor(cents / 100)
          .toString()
          .replace(/\B(?=(\d{3})+(?!\d))/g, german ? '.' : ',');
        const frac = String(cents % 100).padStart(2, '0');
        const cell = `${whole}${german ? ',' : '.'}${frac}`;
        const decimal = parseAmount(cell);
        expect(decimal).toBeDefined();
        expect(toMinor(decimal!, 'EUR')).toEqual({ value: cents });
      }),
    );
  });

  it('reads when the ERP last changed a row', () => {
    expect(parseTimestamp('2026-03-05T14:30:00Z')).toBe('2026-03-05T14:30:00.000Z');
    expect(parseTimestamp('2026-03-05 14:30')).toBe('2026-03-05T14:30:00.000Z');
    expect(parseTimestamp('2026-03-05T14:30:00+01:00')).toBe('2026-03-05T13:30:00.000Z');
    expect(parseTimestamp('05/03/2026 14:30')).toBe('2026-03-05T14:30:00.000Z');
    expect(parseTimestamp('05.03.2026')).toBe('2026-03-05T00:00:00.000Z');
    expect(parseTimestamp('yesterday')).toBeUndefined();
  });
});
