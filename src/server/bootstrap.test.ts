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

  it('has cases in the service desk queue, some still open', async () => {
    const service = await services.identity.actorForEmail('service@demo.rapport.test');
    const page = await services.cases.list(systemCtx(service), { queue: 'team', limit: 50 } as never);
    expect(page.data.length).toBeGreaterThan(0);
  });
});
