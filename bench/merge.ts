/**
 * npm run bench:merge [-- --db sqlite|postgres|both] [--pairs 20] [--entries 1000] [--background 20000]
 *
 * Merging two people (docs/data-quality.md): on a fresh database (its own SQLite file under bench/.data, or its own
 * PostgreSQL database), P pairs of people, each person with E activities and their E timeline entries (written
 * straight into the tables, a thousand rows a statement), among B other people with a few entries each so the indexes
 * are not trivially small; planner statistics refreshed as the running app does. Then each pair is merged through the
 * merge service (every link moved and logged, the survivor updated, the other to the bin with a redirect, audit and
 * event, in one transaction) and timed: p50 / p95 / max. Prints a Markdown table for docs/benchmarks.md.
 * Target (issue 14): two people with 1,000 timeline entries each merged in ≤ 200 ms.
 */
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { bootstrap } from '../src/server/bootstrap.ts';
import { loadConfig } from '../src/server/config.ts';
import { insertRows } from '../src/server/db/bulk.ts';
import { openDatabase, refreshStatistics } from '../src/server/db/database.ts';
import { createServices } from '../src/server/services.ts';
import { freshDatabaseUrl } from './lib/fresh-db.ts';
import { stats } from './lib/stats.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'both' },
    pairs: { type: 'string', default: '20' },
    entries: { type: 'string', default: '1000' },
    background: { type: 'string', default: '20000' },
    'pg-url': { type: 'string', default: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
});
const P = Number(values.pairs);
const E = Number(values.entries);
const B = Number(values.background);
const dbs = values.db === 'both' ? ['sqlite', 'postgres'] : [values.db!];
const NOW = new Date('2026-12-01T12:00:00.000Z');
const pad = (i: number) => String(i).padStart(7, '0');

async function run(db: string) {
  const url = await freshDatabaseUrl(db, 'merge', values['pg-url']!);
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: url,
    LOG_LEVEL: 'silent',
    RAPPORT_WEB_DIST: '/nonexistent',
  });
  const database = await openDatabase(config.databaseUrl, { poolSize: 10 });
  const services = createServices(database, config, { clock: () => NOW });
  await bootstrap({ demo: false, adminEmail: undefined, adminPassword: undefined }, services);
  const u = await services.identity.createUserAsSystem({
    email: 'merge.bench@bench.rapport',
    name: 'Merge bench',
    password: 'bench-password-123',
    roleKey: 'admin',
    teamNames: [],
  });
  const ctx = { actor: await services.identity.actorFor(u.id), requestId: 'bench', ip: null };
  const at = NOW.toISOString();
  const dialect = database.dialect;

  // People: the pairs first (ids p-0000000 … p-(2P-1)), then the background.
  const total = 2 * P + B;
  for (let from = 0; from < total; from += 1000) {
    const people = [];
    for (let i = from; i < Math.min(total, from + 1000); i++) {
      const pair = i < 2 * P ? Math.floor(i / 2) : null;
      people.push({
        id: `p-${pad(i)}`,
        first_name: pair !== null ? 'Morgan' : `First${i}`,
        last_name: pair !== null ? `Pair${pair}` : `Last${i}`,
        name_sort: pair !== null ? `pair${pair} morgan` : `last${i} first${i}`,
        job_title: null,
        company_id: null,
        primary_email: `person${i}@example.com`,
        primary_phone: null,
        owner_id: u.id,
        team_id: null,
        tags: '[]',
        lifecycle_stage: 'customer',
        preferred_channel: null,
        preferred_language: null,
        consent: '{}',
        custom_fields: '{}',
        cadence_days: null,
        last_contact_at: at,
        last_contact_by: u.id,
        last_contact_channel: 'email',
        last_two_way_at: null,
        contact_due_at: null,
        value_tier: null,
        created_at: at,
        updated_at: at,
        deleted_at: null,
        address_line1: null,
        address_line2: null,
        city: null,
        region: null,
        postal_code: null,
        country: null,
      });
    }
    await insertRows(database.db, dialect, 'people', people);
    await insertRows(
      database.db,
      dialect,
      'person_emails',
      people.map((p) => ({
        id: `pe-${p.id}`,
        person_id: p.id,
        email: p.primary_email,
        label: 'work',
        position: 0,
      })),
    );
  }
  // Touchpoints: E for each person of a pair, 3 for each background person.
  let n = 0;
  const flush = async (acts: object[], entries: object[]) => {
    await insertRows(database.db, dialect, 'activities', acts as never[]);
    await insertRows(database.db, dialect, 'timeline', entries as never[]);
  };
  let acts: object[] = [];
  let entries: object[] = [];
  for (let i = 0; i < total; i++) {
    const count = i < 2 * P ? E : 3;
    for (let k = 0; k < count; k++) {
      const id = `a-${pad(n)}`;
      const when = new Date(NOW.getTime() - (n % 500_000) * 60_000).toISOString();
      acts.push({
        id,
        type: 'email',
        direction: 'outbound',
        channel: 'email',
        department: 'sales',
        subject: `Email ${k}`,
        body_html: null,
        occurred_at: when,
        duration_seconds: null,
        outcome: null,
        two_way: 0,
        person_id: `p-${pad(i)}`,
        company_id: null,
        subject_kind: null,
        subject_id: null,
        deal_id: null,
        case_id: null,
        promise_id: null,
        owner_id: u.id,
        team_id: null,
        created_at: when,
        updated_at: when,
        deleted_at: null,
      });
      entries.push({
        id: `t-${pad(n)}`,
        at: when,
        event_id: `e-${pad(n)}`,
        type: 'activity.logged',
        department: 'sales',
        person_id: `p-${pad(i)}`,
        company_id: null,
        subject_kind: null,
        subject_id: null,
        actor_id: u.id,
        object: 'activities',
        record_id: id,
        summary: `Email ${k}`,
        payload: '{}',
      });
      n++;
      if (acts.length === 1000) {
        await flush(acts, entries);
        acts = [];
        entries = [];
      }
    }
  }
  if (acts.length > 0) await flush(acts, entries);
  await refreshStatistics(database);

  const ms: number[] = [];
  for (let pair = 0; pair < P; pair++) {
    const started = performance.now();
    await services.merges.merge(ctx, 'people', {
      survivorId: `p-${pad(2 * pair)}`,
      mergedIds: [`p-${pad(2 * pair + 1)}`],
    });
    ms.push(performance.now() - started);
  }
  const moved = await database.db
    .selectFrom('timeline')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('person_id', '=', `p-${pad(0)}`)
    .executeTakeFirstOrThrow();
  if (Number(moved.n) < 2 * E) throw new Error(`the survivor has ${moved.n} timeline entries, not ${2 * E} or more`);
  await services.jobRunner.stop();
  await database.close();
  return { db, people: total, activities: n, ms: { ...stats(ms), max: Math.max(...ms) } };
}

const rows: string[] = [];
for (const db of dbs) {
  const r = await run(db);
  console.error(JSON.stringify(r));
  const f = (x: number) => x.toFixed(0);
  rows.push(
    `| ${db} | ${r.people.toLocaleString('en')} | ${r.activities.toLocaleString('en')} | ${f(r.ms.median)} | ${f(r.ms.p95)} | ${f(r.ms.max)} | ${r.ms.p95 <= 200 ? '✅' : '❌'} p95 ≤ 200 ms |`,
  );
}
console.log(
  `Merging two people with ${E.toLocaleString('en')} timeline entries each, ${P} pairs, ${cpus().length} cores`,
);
console.log('| Database | People | Activities | Median ms | p95 ms | Max ms | Target |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
