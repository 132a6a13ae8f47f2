/**
 * The server under test, in its own process: the real app (buildApp) plus a bare hello-world route registered on the
 * same Fastify instance, the ceiling for HTTP throughput. Prints "READY <port>" when listening.
 *
 * Its background work runs as in production (the job runner: reminders, outbox dispatch, webhooks), on the dataset's clock: the
 * datasets are generated with a fixed "now" (DEFAULT_SEED_NOW), and the job sees that instant plus the time since
 * this process started, with the job's own marks of earlier runs undone first. So every run finds the same due
 * reminders and overdue promises whatever the calendar says, instead of a month more of them each month.
 */
import { sql } from 'kysely';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { openDatabase } from '../src/server/db/database.ts';
import { DEFAULT_SEED_NOW } from '../src/server/seed/generate.ts';
import { createServices } from '../src/server/services.ts';

const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', RAPPORT_WEB_DIST: '/nonexistent' });
const database = await openDatabase(config.databaseUrl, { poolSize: 20 });

// The seed marks reminders due before its "now" as sent; what a job marked since (at or after it) is undone.
const seededAt = DEFAULT_SEED_NOW;
await sql`update tasks set reminded_at = null where reminded_at >= ${seededAt}`.execute(database.db);
await sql`update promises set reminded_at = null where reminded_at >= ${seededAt}`.execute(database.db);
await sql`update promises set overdue_notified_at = null where overdue_notified_at is not null`.execute(database.db);
await sql`delete from notifications`.execute(database.db);
const startedAt = Date.now();
const services = createServices(database, config, {
  clock: () => new Date(Date.parse(seededAt) + (Date.now() - startedAt)),
});
const app = await buildApp({ ...config, loginRateLimit: 1_000_000 }, services);
services.jobRunner.start();
app.get('/bench/hello', { config: { access: 'public' }, schema: { hide: true } }, async () => ({ hello: 'world' }));
// The process's memory, sampled by the export scenario while its job runs.
app.get('/bench/memory', { config: { access: 'public' }, schema: { hide: true } }, async () => process.memoryUsage());
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
console.log(`READY ${typeof address === 'object' && address ? address.port : 0}`);
process.on('SIGTERM', async () => {
  await app.close();
  await services.jobRunner.stop();
  await database.close();
  process.exit(0);
});
