/**
 * The demo's accounts: a year of orders, invoices and payments for demo companies with ERP ids, sent through the ERP
 * sync; some customers overdue (watch) and one on credit hold. The seed's clock is fixed, so the figures are too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ctx } from '../platform/access/policy.ts';
import { createServices, type Services } from '../services.ts';
import { type TestDatabase, testConfig, testDatabase } from '../test/harness.ts';
import { ACCOUNT_COMPANIES, seedAccounts } from './accounts.ts';
import { DEFAULT_SEED_NOW } from './generate.ts';
import { seedWorkspace } from './seed.ts';

let db: TestDatabase;
let services: Services;
let ctx: Ctx;
const nowMs = Date.parse(DEFAULT_SEED_NOW);

beforeAll(async () => {
  db = await testDatabase();
  await seedWorkspace(db.database, { scale: 200, seed: 7, now: DEFAULT_SEED_NOW });
  services = createServices(db.database, testConfig(), { clock: () => new Date(nowMs) });
  ctx = { actor: await services.identity.actorForEmail('admin@demo.rapport.test'), requestId: 'test', ip: null };
  await seedAccounts(services, { nowMs, adminEmail: 'admin@demo.rapport.test' });
}, 120_000);
afterAll(() => db.drop());

describe('demo accounts', () => {
  it('gives demo companies ERP ids and a year of orders, invoices and payments', async () => {
    const linked = await services.companies.list(ctx, { filter: 'externalId:notEmpty', limit: 100 });
    expect(linked.total).toBe(ACCOUNT_COMPANIES);
    const invoices = await services.invoices.list(ctx, { limit: 1, sort: 'issuedAt' });
    expect(invoices.total).toBeGreaterThan(ACCOUNT_COMPANIES * 8);
    const oldest = Date.parse(invoices.data[0]!.issuedAt!);
    expect(nowMs - oldest).toBeGreaterThan(300 * 86_400_000);
    expect((await services.payments.list(ctx, { limit: 1 })).total).toBeGreaterThan(ACCOUNT_COMPANIES * 6);
    expect((await services.orders.list(ctx, { limit: 1, filter: 'status:eq:open' })).total).toBeGreaterThan(0);
  });

  it('has some customers overdue and exactly one on credit hold', async () => {
    const hold = await services.companies.list(ctx, { filter: 'creditStatus:eq:hold', limit: 10 });
    expect(hold.data).toHaveLength(1);
    expect(hold.data[0]!.credit).toMatchObject({ status: 'hold', reason: 'An invoice is more than 60 days overdue' });
    const watch = await services.companies.list(ctx, { filter: 'creditStatus:eq:watch', limit: 50 });
    expect(watch.data.length).toBeGreaterThan(0);
    const overview = await services.finance.overview(ctx);
    expect(overview.overdueBuckets.some((b) => b.bucket === '90+' && b.invoices > 0)).toBe(true);
    expect(overview.recentPayments.length).toBe(10);
  });

  it('running it again changes nothing (the sync is idempotent)', async () => {
    const before = (await services.invoices.list(ctx, { limit: 1 })).total;
    expect(await seedAccounts(services, { nowMs, adminEmail: 'admin@demo.rapport.test' })).toBe(0);
    expect((await services.invoices.list(ctx, { limit: 1 })).total).toBe(before);
  });
});
