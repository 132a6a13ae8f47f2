import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrap } from './bootstrap.ts';
import { systemCtx } from './platform/access/policy.ts';
import { createServices, type Services } from './services.ts';
import { type TestDatabase, testConfig, testDatabase } from './test/harness.ts';

let db: TestDatabase;
let services: Services;

beforeAll(async () => {
  db = await testDatabase();
  services = createServices(db.database, testConfig());
  await bootstrap({ demo: true, adminEmail: undefined, adminPassword: undefined }, services);
}, 180_000);
afterAll(() => db.drop());

describe('the demo workspace on first start', () => {
  it('states objectives measured from its own history: a baseline from the last quarter and a target', async () => {
    const admin = await services.identity.actorForEmail('admin@demo.rapport.test');
    const { data } = await services.objectives.list(systemCtx(admin));
    expect(data.map((o) => o.metricId).sort()).toEqual(['sales.win_rate', 'service.fcr_rate', 'service.sla_met_rate']);
    for (const o of data) {
      expect(o.baseline, o.name).toBeGreaterThan(0);
      expect(o.target, o.name).toBeGreaterThan(0);
      expect(o.current, o.name).not.toBeUndefined();
    }
    const fcr = data.find((o) => o.metricId === 'service.fcr_rate')!;
    expect(fcr.target).toBeCloseTo(fcr.baseline! * 1.1);
  });

  it('has answered the set-up: the metrics it watches make up its first dashboard', async () => {
    const status = await services.setup.status();
    expect(status).toMatchObject({ completed: true, businessKind: 'b2b-services' });
    expect(status.watchedMetrics).toContain('service.fcr_rate');
    // The starter was not applied on top of the demo's own configuration.
    expect(status.has.pipelines).toBe(2);
  });

  it('has a custom dashboard shared with everyone, whose widgets all compute for a rep', async () => {
    const rep = await services.identity.actorForEmail('sales.north@demo.rapport.test');
    const ctx = systemCtx(rep);
    const { data } = await services.dashboards.list(ctx);
    const sales = data.find((d) => d.name === 'Sales this quarter');
    expect(sales).toMatchObject({ visibility: 'everyone', canEdit: false });
    const computed = await services.dashboards.data(ctx, sales!.id);
    expect(computed.widgets).toHaveLength(sales!.widgetCount);
    expect(computed.widgets.filter((w) => w.error)).toEqual([]);
    const trend = computed.widgets.find((w) => w.kind === 'trend')!;
    expect(trend.objective?.name).toBe('Win one deal in three');
    expect(computed.widgets.find((w) => w.kind === 'records')!.records!.rows.length).toBeGreaterThan(0);
  });

  it('has cases in the service desk queue, some still open', async () => {
    const service = await services.identity.actorForEmail('service@demo.rapport.test');
    const page = await services.cases.list(systemCtx(service), { queue: 'team', limit: 50 } as never);
    expect(page.data.length).toBeGreaterThan(0);
  });
});
