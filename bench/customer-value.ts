/**
 * npm run bench:customer-value [-- --db sqlite|postgres|both] [--companies 200000] [--orders-per-company 5]
 *
 * Customer value and churn risk kept on the company (docs/accounts.md): on a fresh database (its own SQLite file under
 * bench/.data, or its own PostgreSQL database), C companies with a spread of order histories (written straight into
 * the tables, a thousand rows a statement: the ERP sync's own cost is bench/erp-sync.ts), a tenth with an overdue
 * invoice; then the full recompute (the nightly `customer-value.refresh` job) and the incremental one (one company,
 * as an ERP batch or a case change does it, p50/p95 over 200 companies). Prints a Markdown table for
 * docs/benchmarks.md. Target (issue 15): 200,000 companies recomputed in full in ≤ 60 s.
 */
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { bootstrap } from '../src/server/bootstrap.ts';
import { loadConfig } from '../src/server/config.ts';
import { insertRows } from '../src/server/db/bulk.ts';
import { openDatabase } from '../src/server/db/database.ts';
import { createServices } from '../src/server/services.ts';
import { freshDatabaseUrl } from './lib/fresh-db.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'both' },
    companies: { type: 'string', default: '200000' },
    'orders-per-company': { type: 'string', default: '5' },
    'pg-url': { type: 'string', default: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
});
const C = Number(values.companies);
const PER = Number(values['orders-per-company']);
const dbs = values.db === 'both' ? ['sqlite', 'postgres'] : [values.db!];
const NOW = new Date('2026-12-01T12:00:00.000Z');
const DAY = 86_400_000;

const freshUrl = (db: string) => freshDatabaseUrl(db, 'customer-value', values['pg-url']!);

const pad = (i: number) => String(i).padStart(7, '0');
const dayOf = (daysAgo: number) => new Date(NOW.getTime() - daysAgo * DAY).toISOString().slice(0, 10);

async function run(db: string) {
  const url = await freshUrl(db);
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: url,
    LOG_LEVEL: 'silent',
    RAPPORT_WEB_DIST: '/nonexistent',
  });
  const database = await openDatabase(config.databaseUrl, { poolSize: 10 });
  const services = createServices(database, config, { clock: () => NOW });
  await bootstrap({ demo: false, adminEmail: undefined, adminPassword: undefined }, services);
  const currency = (await services.workspace.get()).defaultCurrency;
  const at = NOW.toISOString();
  const loadStarted = performance.now();
  for (let from = 0; from < C; from += 5000) {
    const companies = [];
    const orders = [];
    const invoices = [];
    for (let i = from; i < Math.min(C, from + 5000); i++) {
      const id = `c-${pad(i)}`;
      companies.push({
        id,
        name: `Customer ${i}`,
        name_sort: `customer ${pad(i)}`,
        tags: '[]',
        custom_fields: '{}',
        created_at: at,
        updated_at: at,
      });
      // Histories from weekly buyers to customers who stopped a year ago.
      const gap = 7 + (i % 60);
      const lapse = (i % 7) * 60;
      for (let k = 0; k < PER; k++) {
        orders.push({
          id: `o-${pad(i)}-${k}`,
          external_id: `SO-${pad(i)}-${k}`,
          company_id: id,
          person_id: null,
          currency,
          number: `SO-${pad(i)}-${k}`,
          status: 'fulfilled',
          ordered_at: dayOf(lapse + k * gap),
          total_minor: 10_000 + (i % 97) * 1_000,
          version: 1,
          created_at: at,
          updated_at: at,
          deleted_at: null,
        });
      }
      if (i % 10 === 0) {
        invoices.push({
          id: `i-${pad(i)}`,
          external_id: `INV-${pad(i)}`,
          company_id: id,
          person_id: null,
          currency,
          number: `INV-${pad(i)}`,
          status: 'open',
          issued_at: dayOf(60),
          due_at: dayOf(30),
          total_minor: 50_000,
          amount_paid_minor: 0,
          outstanding_minor: 50_000,
          overdue_noted_at: at,
          version: 1,
          created_at: at,
          updated_at: at,
          deleted_at: null,
        });
      }
    }
    await insertRows(database.db, database.dialect, 'companies', companies);
    await insertRows(database.db, database.dialect, 'orders', orders);
    await insertRows(database.db, database.dialect, 'invoices', invoices);
  }
  const loadSeconds = (performance.now() - loadStarted) / 1000;

  const fullStarted = performance.now();
  const valued = await services.finance.recomputeAllValues();
  const fullSeconds = (performance.now() - fullStarted) / 1000;
  if (valued !== C) throw new Error(`valued ${valued} of ${C} companies`);
  const risky = await database.db
    .selectFrom('companies')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('churn_risk', 'in', ['medium', 'high'])
    .executeTakeFirstOrThrow();

  const one: number[] = [];
  for (let k = 0; k < 200; k++) {
    const id = `c-${pad(Math.floor((k * C) / 200))}`;
    const started = performance.now();
    await database.db.transaction().execute((trx) => services.finance.recomputeValues(trx, [id]));
    one.push(performance.now() - started);
  }
  one.sort((a, b) => a - b);
  await services.jobRunner.stop();
  await database.close();
  return {
    db,
    loadSeconds,
    fullSeconds,
    highRisk: Number(risky.n),
    p50: one[Math.floor(one.length * 0.5)]!,
    p95: one[Math.floor(one.length * 0.95)]!,
  };
}

const rows: string[] = [];
for (const db of dbs) {
  const r = await run(db);
  console.error(JSON.stringify(r));
  rows.push(
    `| ${db} | ${C.toLocaleString('en')} | ${(C * PER).toLocaleString('en')} | ${r.fullSeconds.toFixed(1)} s (${Math.round(C / r.fullSeconds).toLocaleString('en')}/s) | ${r.p50.toFixed(1)} ms / ${r.p95.toFixed(1)} ms | ${r.highRisk.toLocaleString('en')} |`,
  );
}
console.log(`Customer value, ${C.toLocaleString('en')} companies, ${PER} orders each, ${cpus().length} cores`);
console.log(
  '| Database | Companies | Orders | Full recompute | One company (p50 / p95) | At churn risk (medium or high) |',
);
console.log('|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
