/**
 * The server under test, in its own process: the real app (buildApp) plus a bare hello-world route registered on the
 * same Fastify instance, the ceiling for HTTP throughput. Prints "READY <port>" when listening.
 */
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { openDatabase } from '../src/server/db/database.ts';
import { createServices } from '../src/server/services.ts';

const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', RAPPORT_WEB_DIST: '/nonexistent' });
const database = await openDatabase(config.databaseUrl, { poolSize: 20 });
const services = createServices(database, config);
const app = await buildApp({ ...config, loginRateLimit: 1_000_000 }, services);
app.get('/bench/hello', { config: { access: 'public' }, schema: { hide: true } }, async () => ({ hello: 'world' }));
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
console.log(`READY ${typeof address === 'object' && address ? address.port : 0}`);
process.on('SIGTERM', async () => {
  await app.close();
  await database.close();
  process.exit(0);
});
