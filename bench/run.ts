/**
 * npm run bench [-- --scale small|medium|large] [--db sqlite|postgres|both] [--only a,b] [--quick]
 *
 * Seeds (once) a deterministic dataset per database and scale, starts the real server in its own process, runs every
 * scenario against its ceiling in the same run, prints a table and writes docs/benchmarks.md and bench/results/*.json.
 * Targets are reported, never enforced: the test suite does not time anything.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { openDatabase } from '../src/server/db/database.ts';
import { type BenchDb, type BenchScale, ensureDataset } from './lib/dataset.ts';
import { login, request } from './lib/http.ts';
import { writeReport } from './lib/report.ts';
import type { BenchContext, Samples, ScenarioResult } from './lib/scenario.ts';
import { SCENARIOS } from './scenarios/index.ts';

const { values } = parseArgs({
  options: {
    scale: { type: 'string' },
    db: { type: 'string', default: 'both' },
    only: { type: 'string' },
    quick: { type: 'boolean', default: false },
    'pg-url': { type: 'string', default: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
});

const quick = values.quick ?? false;
const scale = (values.scale ?? (quick ? 'small' : 'medium')) as BenchScale;
if (!['small', 'medium', 'large'].includes(scale)) throw new Error('--scale is small, medium or large');
const dbs: BenchDb[] = values.db === 'both' ? ['sqlite', 'postgres'] : [values.db as BenchDb];
const only = values.only?.split(',').map((s) => s.trim());
const pgUrl = values['pg-url']!;
const log = (m: string) => console.log(m);

async function startServer(url: string): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn('node', ['bench/server.ts'], {
    env: { ...process.env, DATABASE_URL: url, RAPPORT_DEMO: 'false' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /READY (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`bench server exited (${code})`)));
  });
  return { child, base: `http://127.0.0.1:${port}` };
}

async function pickSamples(url: string): Promise<Samples> {
  const database = await openDatabase(url, { migrate: false });
  const db = database.db;
  const rnd = sql`random()`;
  const people = await sql<{
    id: string;
    last_name: string;
  }>`select id, last_name from people where deleted_at is null order by ${rnd} limit 500`.execute(db);
  const companies = await sql<{
    id: string;
  }>`select id from companies where deleted_at is null order by ${rnd} limit 200`.execute(db);
  const phones = await sql<{ e164: string }>`select e164 from person_phones order by ${rnd} limit 300`.execute(db);
  const emails = await sql<{ email: string }>`select email from person_emails order by ${rnd} limit 300`.execute(db);
  const busy = await sql<{ person_id: string }>`select person_id from timeline where person_id is not null
    group by person_id order by count(*) desc limit 50`.execute(db);
  await database.close();
  const prefixes = people.rows
    .map((p, i) => p.last_name.slice(0, 2 + (i % 3)).toLowerCase())
    .filter((p) => p.length >= 2);
  return {
    personIds: people.rows.map((r) => r.id),
    companyIds: companies.rows.map((r) => r.id),
    phones: phones.rows.map((r) => r.e164),
    emails: emails.rows.map((r) => r.email),
    namePrefixes: prefixes,
    busyPersonIds: busy.rows.length > 0 ? busy.rows.map((r) => r.person_id) : people.rows.slice(0, 50).map((r) => r.id),
  };
}

const started = new Date();
const all: { db: BenchDb; scale: BenchScale; seedMs: number; results: ScenarioResult[] }[] = [];
for (const dbKind of dbs) {
  const ds = await ensureDataset(dbKind, scale, pgUrl, log);
  const samples = await pickSamples(ds.url);
  const { child, base } = await startServer(ds.url);
  const raw = await openDatabase(ds.url, { migrate: false });
  const results: ScenarioResult[] = [];
  try {
    const admin = await login(base, 'admin@demo.rapport.test', 'rapport-demo');
    const routes = (await request(base, 'GET', '/api/openapi.json')).body;
    const ctx: BenchContext = {
      base,
      admin,
      raw: raw.db,
      dialect: raw.dialect,
      quick,
      samples,
      serverPid: child.pid!,
      http: (method, path, body, session) => request(base, method, path, (session ?? admin).headers, body),
      log,
    };
    for (const s of SCENARIOS) {
      if (only && !only.includes(s.name)) continue;
      if (s.requires && !routes.includes(`"${s.requires.replace(':id', '{id}')}"`)) {
        log(`- ${s.name}: skipped (${s.requires} is not in this build)`);
        continue;
      }
      log(`- ${dbKind}/${scale} ${s.name}…`);
      try {
        const r = await s.run(ctx);
        results.push(r);
        log(
          `  ${Object.entries(r.figures)
            .map(([k, v]) => `${k} ${v.toFixed(2)}`)
            .join(', ')}${r.ratio ? `; ratio ${r.ratio.toFixed(2)}` : ''}`,
        );
      } catch (err) {
        log(`  failed: ${err instanceof Error ? err.message : String(err)}`);
        results.push({
          name: s.name,
          unit: 'ms',
          figures: {},
          targets: [{ label: 'ran', pass: false }],
          note: String(err),
        });
      }
    }
  } finally {
    child.kill('SIGTERM');
    await raw.close();
  }
  all.push({ db: dbKind, scale, seedMs: ds.seedMs, results });
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
mkdirSync('bench/results', { recursive: true });
const stamp = started.toISOString().replace(/[:.]/g, '-');
writeFileSync(`bench/results/${stamp}-${scale}.json`, JSON.stringify({ started, machine, quick, runs: all }, null, 2));
const table = writeReport({ started, machine, quick, only, runs: all });
console.log(`\n${table}`);
