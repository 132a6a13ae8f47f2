/**
 * The ERP pull connector against a real HTTP server on loopback serving a JSON feed of companies and a CSV feed of
 * invoices: the first run creates, the second changes nothing, a bad row is rejected with its reason (named by the
 * feed's own field), the auth header is sent and never answered back in full, the schedule enqueues a run once, and
 * private targets are refused unless allowed. The field mapping (pure) is checked with properties.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, json, login, type Session, type TestContext, testApp } from '../../test/harness.ts';
import { ERP_TARGETS, feedFieldOf, feedRows, getPath, mapRow } from './erp-feed.ts';

let t: TestContext;
let admin: Session;
let sales: Session;
let server: Server;
let base: string;
const seen: { url: string; headers: IncomingHttpHeaders }[] = [];

const companies = [
  {
    id: 'C-1',
    company_name: 'Northwind Traders',
    changed: '2026-01-01T10:00:00Z',
    limit: { cents: 500000, cur: 'EUR' },
  },
  { id: 'C-2', company_name: 'Globex', changed: '2026-01-01T10:00:00Z', limit: null },
];
let invoicesCsv = [
  'Invoice No;Customer;Issued;Due;Total cents;Paid cents;State;Changed',
  'INV-1;C-1;2026-01-05;2026-02-04;124000;0;open;2026-01-05T09:00:00Z',
  'INV-2;C-2;2026-01-06;2026-02-05;5000;5000;paid;2026-01-06T09:00:00Z',
  'INV-3;C-1;2026-01-07;not a date;100;0;open;2026-01-07T09:00:00Z',
  'INV-4;C-404;2026-01-07;2026-02-07;100;0;open;2026-01-07T09:00:00Z',
].join('\n');

const connection = () => ({
  entities: {
    companies: {
      url: `${base}/companies.json`,
      format: 'json',
      recordsPath: 'result.customers',
      fields: {
        externalId: 'id',
        name: 'company_name',
        updatedAt: 'changed',
        'creditLimit.amountMinor': 'limit.cents',
        'creditLimit.currency': 'limit.cur',
      },
    },
    invoices: {
      url: `${base}/invoices.csv`,
      format: 'csv',
      delimiter: ';',
      fields: {
        externalId: 'Invoice No',
        number: 'Invoice No',
        companyExternalId: 'Customer',
        issuedAt: 'Issued',
        dueAt: 'Due',
        'total.amountMinor': 'Total cents',
        'amountPaid.amountMinor': 'Paid cents',
        status: 'State',
        updatedAt: 'Changed',
      },
      defaults: { 'total.currency': 'EUR', 'amountPaid.currency': 'EUR' },
    },
  },
  auth: { header: 'Authorization', value: 'Bearer erp-secret-k9Qz' },
  schedule: null,
});

interface Run {
  id: string;
  jobId: string;
  status: string;
  trigger: string;
  entities: {
    entity: string;
    rowsIn: number;
    created: number;
    updated: number;
    unchanged: number;
    rejected: number;
    rejections: { row: number; externalId: string | null; errors: { field: string; detail: string }[] }[];
    error: string | null;
  }[];
}

/** Starts a run through the API and works it off with the job runner, as the background loop would. */
async function runSync(): Promise<Run> {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/erp/sync', headers: admin.headers });
  expect(res.statusCode, res.body).toBe(202);
  const queued = json<Run>(res);
  while (await t.services.jobRunner.runOnce('work', queued.jobId)) {}
  const done = await t.app.inject({ url: `/api/v1/erp/sync-runs/${queued.id}`, headers: admin.headers });
  return json<Run>(done);
}

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    if (req.headers.authorization !== 'Bearer erp-secret-k9Qz') {
      res.writeHead(401).end('no');
    } else if (req.url === '/companies.json') {
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ result: { customers: companies } }));
    } else if (req.url === '/invoices.csv') {
      res.writeHead(200, { 'content-type': 'text/csv' }).end(invoicesCsv);
    } else if (req.url === '/moved') {
      res.writeHead(302, { location: '/companies.json' }).end();
    } else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t = await testApp({ webhookAllowPrivate: true });
  admin = await login(t.app, (await createUser(t.services, 'admin', 'North')).email);
  sales = await login(t.app, (await createUser(t.services, 'sales', 'North')).email);
});

afterAll(async () => {
  await t?.close();
  await new Promise((resolve) => server.close(resolve));
});

describe('ERP pull connector', () => {
  it('answers 409 before a connection is set, and refuses the settings to roles that may not change invoices', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/erp/sync', headers: admin.headers });
    expect(res.statusCode).toBe(409);
    expect(json<{ code: string }>(res).code).toBe('erp.not_configured');
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/erp/connection',
      headers: sales.headers,
      payload: connection(),
    });
    expect(put.statusCode).toBe(403);
  });

  it('saves the connection and never answers the secret in full', async () => {
    const res = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/erp/connection',
      headers: admin.headers,
      payload: connection(),
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).not.toContain('erp-secret');
    expect(json<{ auth: unknown; configured: boolean }>(res)).toMatchObject({
      configured: true,
      auth: { header: 'Authorization', valueHint: '…k9Qz' },
    });
    // Saved again without the value: the stored secret is kept.
    const again = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/erp/connection',
      headers: admin.headers,
      payload: { ...connection(), auth: { header: 'Authorization' } },
    });
    expect(json<{ auth: unknown }>(again).auth).toEqual({ header: 'Authorization', valueHint: '…k9Qz' });
  });

  it('refuses an unknown mapping target, a bad cron and a bad URL, naming each', async () => {
    const c = connection();
    const res = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/erp/connection',
      headers: admin.headers,
      payload: {
        ...c,
        entities: {
          ...c.entities,
          orders: { url: 'ftp://erp.example/orders', format: 'json', fields: { totl: 'x' } },
        },
        schedule: 'every now and then',
      },
    });
    expect(res.statusCode).toBe(422);
    const pointers = json<{ errors: { pointer: string }[] }>(res).errors.map((e) => e.pointer);
    expect(pointers).toEqual(
      expect.arrayContaining(['/entities/orders/url', '/entities/orders/fields/totl', '/schedule']),
    );
  });

  it('creates on the first run, with the auth header sent; a bad row is rejected with its reason', async () => {
    seen.length = 0;
    const run = await runSync();
    expect(run.status).toBe('succeeded');
    expect(seen.map((s) => [s.url, s.headers.authorization])).toEqual([
      ['/companies.json', 'Bearer erp-secret-k9Qz'],
      ['/invoices.csv', 'Bearer erp-secret-k9Qz'],
    ]);
    expect(run.entities.map((e) => [e.entity, e.rowsIn, e.created, e.updated, e.unchanged, e.rejected])).toEqual([
      ['companies', 2, 2, 0, 0, 0],
      ['invoices', 4, 2, 0, 0, 2],
    ]);
    expect(run.entities[1]!.rejections).toEqual([
      { row: 3, externalId: 'INV-3', errors: [{ field: 'Due', detail: 'must match format "date"' }] },
      {
        row: 4,
        externalId: 'INV-4',
        errors: [
          {
            field: 'Customer',
            detail: 'is no company the ERP has sent (send its companies first, or set the company’s ERP id in Rapport)',
          },
        ],
      },
    ]);
    const invoices = await t.app.inject({ url: '/api/v1/invoices?sort=number', headers: admin.headers });
    expect(
      json<{ data: { number: string; total: { amountMinor: number; currency: string }; company: { name: string } }[] }>(
        invoices,
      ).data.map((i) => [i.number, i.total.amountMinor, i.total.currency, i.company.name]),
    ).toEqual([
      ['INV-1', 124000, 'EUR', 'Northwind Traders'],
      ['INV-2', 5000, 'EUR', 'Globex'],
    ]);
  });

  it('changes nothing on the second run, and updates what the feed changed on the third', async () => {
    const second = await runSync();
    expect(second.entities.map((e) => [e.entity, e.created, e.updated, e.unchanged, e.rejected])).toEqual([
      ['companies', 0, 0, 2, 0],
      ['invoices', 0, 0, 2, 2],
    ]);
    invoicesCsv = invoicesCsv.replace(
      'INV-1;C-1;2026-01-05;2026-02-04;124000;0;open;2026-01-05T09:00:00Z',
      'INV-1;C-1;2026-01-05;2026-02-04;124000;124000;paid;2026-02-01T09:00:00Z',
    );
    const third = await runSync();
    expect(third.entities[1]).toMatchObject({ created: 0, updated: 1, unchanged: 1, rejected: 2 });
    const log = await t.app.inject({ url: '/api/v1/erp/sync-runs', headers: sales.headers });
    expect(log.statusCode).toBe(200);
    expect(json<{ data: Run[] }>(log).data.map((r) => r.id)).toEqual([third.id, second.id, expect.any(String)]);
  });

  it('logs a feed that cannot be read (HTTP error, redirect) as a failed run, the other feeds still pulled', async () => {
    const c = connection();
    await t.app.inject({
      method: 'PUT',
      url: '/api/v1/erp/connection',
      headers: admin.headers,
      payload: { ...c, entities: { ...c.entities, companies: { ...c.entities.companies, url: `${base}/moved` } } },
    });
    const run = await runSync();
    expect(run.status).toBe('failed');
    expect(run.entities.map((e) => [e.entity, e.error])).toEqual([
      ['companies', 'HTTP 302: redirects are not followed'],
      ['invoices', null],
    ]);
  });

  it('shows a run whose job ended without finishing it as failed, and does not let it block the next', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/erp/sync', headers: admin.headers });
    const queued = json<Run>(res);
    // The instance running it died on its last attempt: the job failed, the run row was never finished.
    await t.db.database.db
      .updateTable('jobs')
      .set({ status: 'failed', error: 'lease lapsed' })
      .where('id', '=', queued.jobId)
      .execute();
    const shown = json<Run & { error: string }>(
      await t.app.inject({ url: `/api/v1/erp/sync-runs/${queued.id}`, headers: admin.headers }),
    );
    expect(shown).toMatchObject({ status: 'failed', error: 'The run stopped before it finished (its job failed)' });
    // The next run is not refused as "running": it runs (the companies feed still redirects, from the test above).
    const next = await runSync();
    expect(next.entities.map((e) => [e.entity, e.error])).toEqual([
      ['companies', 'HTTP 302: redirects are not followed'],
      ['invoices', null],
    ]);
  });

  it('queues a run on its schedule, once, and not while one is queued', async () => {
    const res = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/erp/connection',
      headers: admin.headers,
      payload: { ...connection(), schedule: '*/15 * * * *' },
    });
    expect(json<{ schedule: string; nextRunAt: string | null }>(res)).toMatchObject({
      schedule: '*/15 * * * *',
      nextRunAt: expect.any(String),
    });
    // Make it due, then let two "instances" fire due schedules: one wins.
    await t.db.database.db
      .updateTable('job_schedules')
      .set({ next_run_at: '2000-01-01T00:00:00.000Z' })
      .where('name', '=', 'erp.pull')
      .execute();
    const fired = await Promise.all([t.services.jobRunner.fireDueSchedules(), t.services.jobRunner.fireDueSchedules()]);
    expect(fired.reduce((a, b) => a + b, 0)).toBe(1);
    while (await t.services.jobRunner.runOnce('recurring')) {}
    const runs = json<{ data: Run[] }>(await t.app.inject({ url: '/api/v1/erp/sync-runs', headers: admin.headers }));
    expect(runs.data[0]).toMatchObject({ trigger: 'schedule', status: 'queued' });
    const busy = await t.app.inject({ method: 'POST', url: '/api/v1/erp/sync', headers: admin.headers });
    expect(busy.statusCode).toBe(409);
    expect(json<{ code: string }>(busy).code).toBe('erp.sync_running');
    while (await t.services.jobRunner.runOnce('work', runs.data[0]!.jobId)) {}
    await t.app.inject({
      method: 'PUT',
      url: '/api/v1/erp/connection',
      headers: admin.headers,
      payload: { ...connection(), schedule: null },
    });
    const left = await t.db.database.db
      .selectFrom('job_schedules')
      .select('name')
      .where('name', '=', 'erp.pull')
      .execute();
    expect(left).toEqual([]);
  });
});

describe('ERP pull connector guard', () => {
  it('refuses loopback feeds unless private targets are allowed', async () => {
    const strict = await testApp({ webhookAllowPrivate: false });
    try {
      const who = await login(strict.app, (await createUser(strict.services, 'admin', 'North')).email);
      const res = await strict.app.inject({
        method: 'PUT',
        url: '/api/v1/erp/connection',
        headers: who.headers,
        payload: connection(),
      });
      expect(res.statusCode).toBe(422);
      expect(json<{ errors: { pointer: string; detail: string }[] }>(res).errors[0]).toMatchObject({
        pointer: '/entities/companies/url',
        detail: 'must not point at a loopback, private or link-local address',
      });
    } finally {
      await strict.close();
    }
  });
});

describe('ERP feed mapping (pure)', () => {
  it('reads every target from its mapped field, converting amounts and flags; empty cells are left out', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 20 }),
        fc.integer({ min: 0, max: 1e12 }),
        fc.constantFrom('true', '1', 'yes', 'false', '0', '', 'no'),
        (id, cents, deleted) => {
          const row = { 'Invoice No': id, Cents: String(cents), Gone: deleted, Empty: '' };
          const out = mapRow('invoices', row, {
            fields: { externalId: 'Invoice No', 'total.amountMinor': 'Cents', deleted: 'Gone', number: 'Empty' },
            defaults: { 'total.currency': 'EUR' },
          }) as Record<string, unknown>;
          expect(out.externalId).toBe(id);
          expect(out.total).toEqual({ amountMinor: cents, currency: 'EUR' });
          expect(out.deleted).toBe(['true', '1', 'yes'].includes(deleted) ? true : undefined);
          expect('number' in out).toBe(false);
        },
      ),
    );
  });

  it('maps a rejection pointer back to the feed field, and reads JSON paths and CSV rows', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ERP_TARGETS.invoices), fc.string({ minLength: 1 }), (target, feed) => {
        const pointer = `/records/7/${target.split('.').join('/')}`;
        expect(feedFieldOf(pointer, { fields: { [target]: feed } })).toBe(feed);
        expect(feedFieldOf(pointer, {})).toBe(target);
      }),
    );
    expect(getPath({ a: { b: { c: 1 } }, 'x.y': 2 }, 'a.b.c')).toBe(1);
    expect(getPath({ a: { b: { c: 1 } }, 'x.y': 2 }, 'x.y')).toBe(2);
    expect(feedRows('a,b\n1,2\n\n3,4\n', { format: 'csv' })).toEqual([
      { a: '1', b: '2' },
      { a: '3', b: '4' },
    ]);
    expect(feedRows('{"data":[{"a":1}]}', { format: 'json' })).toEqual([{ a: 1 }]);
    expect(() => feedRows('{"nope":1}', { format: 'json' })).toThrow(/records, data or items/);
    expect(() => feedRows('{', { format: 'json' })).toThrow(/not valid JSON/);
  });
});
