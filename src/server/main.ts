/**
 * Runs Rapport: reads config, opens and migrates the database, bootstraps, listens, and shuts down gracefully
 * (SIGTERM/SIGINT stop accepting, drain in-flight requests and the outbox, hand a running job back to the queue, close the database).
 */

import { buildApp } from './app.ts';
import { bootstrap } from './bootstrap.ts';
import { type Config, InvalidConfigError, loadConfig } from './config.ts';
import { openDatabase } from './db/database.ts';
import { startInboundSmtp } from './modules/service/index.ts';
import { createServices } from './services.ts';

export async function start(overrides: Partial<Config> = {}): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env, overrides);
  } catch (err) {
    if (err instanceof InvalidConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const database = await openDatabase(config.databaseUrl);
  const services = createServices(database, config);
  const boot = await bootstrap(config, services, (m) => console.log(m));
  const app = await buildApp(config, services);
  services.mailer.start();
  // the outbox dispatch, webhook deliveries and reminders are recurring jobs on the runner
  services.jobRunner.start();
  // Inbound mail by SMTP: off unless RAPPORT_INBOUND_SMTP_PORT is set.
  const inboundSmtp =
    config.inboundSmtpPort === undefined
      ? undefined
      : await startInboundSmtp({
          port: config.inboundSmtpPort,
          host: config.inboundSmtpHost,
          domain: config.inboundDomain,
          maxBytes: config.inboundMaxBytes,
          receive: (raw, envelope) => services.inboundEmail.receiveEmail(raw, envelope),
          log: (level, msg, data) => app.log[level](data ?? {}, msg),
        });

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await inboundSmtp?.close();
    await services.mailer.stop();
    await services.jobRunner.stop();
    await database.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  const url = config.baseUrl;
  const lines = [
    ``,
    `  Rapport is running at ${url}  (database: ${database.dialect})`,
    `  API reference: ${url}/api/docs`,
  ];
  if (inboundSmtp) lines.push(`  Inbound mail (SMTP): ${config.inboundSmtpHost}:${inboundSmtp.port}`);
  if (boot.demo) {
    lines.push('', '  Demo workspace ready. Log in as any of these (password for all: rapport-demo):');
    for (const u of boot.demo.users.slice(0, 12))
      lines.push(`    ${u.email.padEnd(36)} ${u.role}${u.team ? ` (${u.team})` : ''}`);
  } else if (config.demo) {
    lines.push('', '  Demo logins: admin@demo.rapport.test / rapport-demo (and sales.north@…, manager@…, viewer@…)');
  }
  if (boot.adminCreated) lines.push('', `  First admin created: ${boot.adminCreated}`);
  console.log(`${lines.join('\n')}\n`);
}
