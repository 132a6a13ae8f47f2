/**
 * npm run bench:erp-sync [-- --db sqlite|postgres|both] [--invoices 10000] [--companies 1000]
 *
 * The ERP sync's throughput: on a fresh database (its own SQLite file under bench/.data, or its own PostgreSQL
 * database), the real server listening on loopback, an API token of an admin, `PUT /api/v1/erp/companies` then
 * `PUT /api/v1/erp/invoices` in batches of 1,000 over HTTP, one after the other as an ERP's sync would send them.
 * Times the first load (all created), the replay of the same batches (all unchanged) and a second version of every
 * invoice (all updated: paid). Prints a Markdown table for docs/benchmarks.md. Targets (issue 15): 100k invoices
 * created in ≤ 30 s on SQLite and ≤ 45 s on PostgreSQL.
 */
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { buildApp } from '../src/server/app.ts';
import { bootstrap } from '../src/server/bootstrap.ts';
import { loadConfig } from '../src/server/config.ts';
import { openDatabase } from '../src/server/db/database.ts';
import { createServices } from '../src/server/services.ts';
import { freshDatabaseUrl } from './lib/fresh-db.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'both' },
    invoices: { type: 'string', default: '10000' },
    companies: { type: 'string', default: '1000' },
    'pg-url': { type: 'string', default: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
});
const N = Number(values.invoices);
const C = Number(values.companies);
const BATCH = 1000;
const dbs = values.db === 'both' ? ['sqlite', 'postgres'] : [values.db!];

const freshUrl = (db: string) => freshDatabaseUrl(db, 'erp-sync', values['pg-url']!);

const company = (i: number, v: number) => ({
  externalId: `C-${i}`,
  name: `Customer ${i}`,
  creditLimit: { amountMinor: 5_000_000, currency: 'EUR' },
  updatedAt: new Date(Date.UTC(2026, 0, 1, 0, v)).toISOString(),
});
const invoice = (i: number, v: number) => ({
  externalId: `INV-${i}`,
  companyExternalId: `C-${i % C}`,
  number: `INV-${i}`,
  issuedAt: '2026-10-01',
  dueAt: '2026-10-31',
  total: { amountMinor: 10_000 + (i % 997) * 100, currency: 'EUR' },
  amountPaid: { amountMinor: v === 1 ? 0 : 10_000 + (i % 997) * 100, currency: 'EUR' },
  status: v === 1 ? 'open' : 'paid',
  lines: [{ product: 'Widget', quantity: 1 + (i % 5), unitPrice: { amountMinor: 10_000, currency: 'EUR' } }],
  updatedAt: new Date(Date.UTC(2026, 0, 1, 0, v)).toISOString(),
});

async function run(db: string) {
  const url = await freshUrl(db);
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: url,
    LOG_LEVEL: 'silent',
    RAPPORT_WEB_DIST: '/nonexistent',
  });
  const database = await openDatabase(config.databaseUrl, { poolSize: 10 });
  const services = createServices(database, config, { clock: () => new Date('2026-12-01T12:00:00.000Z') });
  await bootstrap({ demo: false, adminEmail: undefined, adminPassword: undefined }, services);
  const u = await services.identity.createUserAsSystem({
    email: 'erp.bench@bench.rapport',
    name: 'ERP bench',
    password: 'bench-password-123',
    roleKey: 'admin',
    teamNames: [],
  });
  const actor = await services.identity.actorFor(u.id);
  const token = await services.identity.createToken(
    { actor, requestId: 'bench', ip: null },
    {
      name: 'ERP',
      scopes: { companies: 'write', orders: 'write', invoices: 'write', payments: 'write' },
      expiresInDays: 1,
    },
  );
  const app = await buildApp({ ...config, loginRateLimit: 1_000_000 }, services);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/v1/erp`;
  const headers = { authorization: `Bearer ${token.token}`, 'content-type': 'application/json' };

  const send = async (kind: string, records: object[]) => {
    const res = await fetch(`${base}/${kind}`, { method: 'PUT', headers, body: JSON.stringify({ records }) });
    if (res.status !== 200) throw new Error(`${kind}: ${res.status} ${await res.text()}`);
    const r = (await res.json()) as { created: number; updated: number; unchanged: number; rejected: unknown[] };
    if (r.rejected.length > 0) throw new Error(`${kind}: rejected ${JSON.stringify(r.rejected[0])}`);
    return r;
  };
  const pass = async (kind: string, count: number, make: (i: number) => object) => {
    const started = performance.now();
    const totals = { created: 0, updated: 0, unchanged: 0 };
    for (let from = 0; from < count; from += BATCH) {
      const records = [];
      for (let i = from; i < Math.min(count, from + BATCH); i++) records.push(make(i));
      const r = await send(kind, records);
      totals.created += r.created;
      totals.updated += r.updated;
      totals.unchanged += r.unchanged;
    }
    return { seconds: (performance.now() - started) / 1000, ...totals };
  };

  const companies = await pass('companies', C, (i) => company(i, 1));
  const created = await pass('invoices', N, (i) => invoice(i, 1));
  const replayed = await pass('invoices', N, (i) => invoice(i, 1));
  const updated = await pass('invoices', N, (i) => invoice(i, 2));
  await app.close();
  await services.jobRunner.stop();
  await database.close();
  return { db, companies, created, replayed, updated };
}

const rows: string[] = [];
for (const db of dbs) {
  const r = await run(db);
  const rate = (s: { seconds: number }, n: number) => `${s.seconds.toFixed(1)} s (${Math.round(n / s.seconds)}/s)`;
  console.error(JSON.stringify(r));
  rows.push(
    `| ${db} | ${N.toLocaleString('en')} | ${rate(r.companies, C)} | ${rate(r.created, N)} | ${rate(r.replayed, N)} | ${rate(r.updated, N)} |`,
  );
}
console.log(
  `ERP sync, ${N.toLocaleString('en')} invoices for ${C.toLocaleString('en')} companies, batches of ${BATCH}, ${cpus().length} cores`,
);
console.log('| Database | Invoices | Companies created | Invoices created | Replayed (unchanged) | Updated (paid) |');
console.log('|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
