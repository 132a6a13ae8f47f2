/**
 * Start-up work on a database: built-in roles and the workspace row, the first admin from the environment, and the
 * demo workspace when asked for and the database is empty.
 */
import type { Config } from './config.ts';
import { analyze } from './db/database.ts';
import { DEMO_EMAIL_DOMAIN } from './seed/generate.ts';
import { isEmpty, type SeedResult, seedWorkspace } from './seed/seed.ts';
import { seedSelfService } from './seed/self-service.ts';
import type { Services } from './services.ts';

export interface BootstrapResult {
  demo?: SeedResult;
  adminCreated?: string;
}

export async function bootstrap(
  config: Pick<Config, 'demo' | 'adminEmail' | 'adminPassword'>,
  services: Services,
  log: (msg: string) => void = () => {},
): Promise<BootstrapResult> {
  const result: BootstrapResult = {};
  if (config.demo && (await isEmpty(services.database))) {
    log('Seeding the demo workspace (first start only)…');
    result.demo = await seedWorkspace(services.database, { scale: 'demo' }); // search documents included
    // The knowledge base and the portal's customers, written through the services like real use.
    await seedSelfService(services, `admin@${DEMO_EMAIL_DOMAIN}`);
    // The seed writes its history straight into the event log: the metric rollups are built from it once, so the
    // demo's metrics and objectives have a past from the first start.
    await services.metricRollups.rebuild();
    await analyze(services.database);
  }
  await services.identity.ensureBuiltinRoles();
  await services.workspace.ensure();
  if (config.adminEmail && config.adminPassword && (await services.identity.userCount()) === 0) {
    await services.identity.createUserAsSystem({
      email: config.adminEmail,
      name: 'Administrator',
      password: config.adminPassword,
      roleKey: 'admin',
    });
    result.adminCreated = config.adminEmail;
  }
  return result;
}
