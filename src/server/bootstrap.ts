/**
 * Start-up work on a database: built-in roles and the workspace row, the first admin from the environment, and the
 * demo workspace when asked for and the database is empty.
 */
import type { Config } from './config.ts';
import { analyze } from './db/database.ts';
import { seedDemoImport } from './modules/imports/index.ts';
import { systemCtx } from './platform/access/policy.ts';
import { seedAccounts } from './seed/accounts.ts';
import { DEMO_EMAIL_DOMAIN } from './seed/generate.ts';
import { isEmpty, type SeedResult, seedNow, seedWorkspace } from './seed/seed.ts';
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
    // A year of orders, invoices and payments, sent through the ERP sync as an ERP would.
    await seedAccounts(services, { nowMs: seedNow('demo'), adminEmail: `admin@${DEMO_EMAIL_DOMAIN}` });
    // The knowledge base and the portal's customers, written through the services like real use.
    await seedSelfService(services, `admin@${DEMO_EMAIL_DOMAIN}`);
    // The seed writes its history straight into the event log: the metric rollups are built from it once, so the
    // demo's metrics and objectives have a past from the first start.
    await services.metricRollups.rebuild();
    await demoObjectives(services);
    await demoDashboard(services);
    await analyze(services.database);
    // A sample file waits on the import page, uploaded by the demo admin, to map, dry run and run.
    const admin = await services.identity.actorForEmail(`admin@${DEMO_EMAIL_DOMAIN}`);
    await seedDemoImport(services.imports, systemCtx(admin));
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

const DAY = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The demo's objectives, stated the way a business would and measured from the seeded history: a baseline over the
 * last quarter, a target at the end of the next one. A newcomer sees at once what "objectives first" means.
 */
async function demoObjectives(services: Services): Promise<void> {
  const admin = await services.identity.actorForEmail(`admin@${DEMO_EMAIL_DOMAIN}`);
  const manager = await services.identity.actorForEmail(`manager@${DEMO_EMAIL_DOMAIN}`).catch(() => admin);
  const service = await services.identity.actorForEmail(`service@${DEMO_EMAIL_DOMAIN}`).catch(() => admin);
  const ctx = systemCtx(admin);
  const today = Date.now();
  const baseline = { baselineFrom: day(today - 91 * DAY), baselineTo: day(today - DAY) };
  const period = { startDate: day(today), endDate: day(today + 182 * DAY) };
  await services.objectives.create(ctx, {
    name: 'Raise first-contact resolution by 10%',
    problem: 'Customers who have to come back twice are the ones who leave: resolve more at the first contact.',
    metricId: 'service.fcr_rate',
    ...baseline,
    target: { relativeChange: 0.1 },
    ...period,
    ownerId: service.id,
    // What moves it, each measured on its own: first contact itself, fewer cases coming back, and cheaper cases.
    keyResults: [
      { metricId: 'service.fcr_rate', target: { relativeChange: 0.1 }, weight: 2 },
      { metricId: 'service.reopen_rate', target: { relativeChange: -0.25 }, weight: 1 },
      { metricId: 'service.cost_per_case', target: { relativeChange: -0.15 }, weight: 1 },
    ],
  });
  await services.objectives.create(ctx, {
    name: 'Meet the SLA on 95% of cases',
    problem: 'Late answers are the first thing complaints mention.',
    metricId: 'service.sla_met_rate',
    ...baseline,
    target: { value: 0.95 },
    ...period,
    ownerId: service.id,
  });
  await services.objectives.create(ctx, {
    name: 'Win one deal in three',
    problem: 'Too much time goes into proposals that are lost: qualify earlier.',
    metricId: 'sales.win_rate',
    ...baseline,
    target: { value: 0.33 },
    ...period,
    ownerId: manager.id,
  });
  // The demo business has answered the set-up already: a B2B services company watching these metrics.
  await services.setup.apply(ctx, {
    businessKind: 'b2b-services',
    applyStarter: false,
    watchedMetrics: [
      'service.fcr_rate',
      'service.sla_met_rate',
      'sales.win_rate',
      'sales.won_amount',
      'customers.new',
      'service.cases_opened',
    ],
  });
}

/**
 * A custom dashboard in the demo, built by the sales manager and shared with everyone: what a team lead watches, every
 * number counting what the reader may see (a rep opening it sees the rep's own).
 */
async function demoDashboard(services: Services): Promise<void> {
  const admin = await services.identity.actorForEmail(`admin@${DEMO_EMAIL_DOMAIN}`);
  const manager = await services.identity.actorForEmail(`manager@${DEMO_EMAIL_DOMAIN}`).catch(() => admin);
  const ctx = systemCtx(manager);
  const pipeline = (await services.pipelines.list())[0];
  const winRate = (await services.objectives.list(ctx)).data.find((o) => o.metricId === 'sales.win_rate');
  await services.dashboards.create(ctx, {
    name: 'Sales this quarter',
    description: 'Revenue won, the win rate against our objective, who is winning and where the pipeline stands.',
    visibility: 'everyone',
    widgets: [
      { kind: 'metric', title: 'Revenue won', metricId: 'sales.won_amount', period: 'this_quarter' },
      { kind: 'metric', title: 'Deals won', metricId: 'sales.won_count', period: 'this_quarter' },
      { kind: 'metric', title: 'Win rate', metricId: 'sales.win_rate', period: 'last_90_days' },
      { kind: 'metric', title: 'New customers', metricId: 'customers.new', period: 'last_30_days' },
      {
        kind: 'trend',
        title: 'Win rate against the objective',
        metricId: 'sales.win_rate',
        period: 'this_year',
        size: 'medium',
        ...(winRate ? { objectiveId: winRate.id } : {}),
      },
      {
        kind: 'bar',
        title: 'Revenue won by person',
        metricId: 'sales.won_amount',
        by: 'user',
        period: 'this_quarter',
        size: 'medium',
      },
      ...(pipeline
        ? [
            {
              kind: 'funnel' as const,
              title: `${pipeline.name}: deals by stage`,
              pipelineId: pipeline.id,
              size: 'medium' as const,
            },
          ]
        : []),
      { kind: 'records', title: 'Latest deals', object: 'deals', limit: 8, size: 'medium' },
    ],
  });
}
