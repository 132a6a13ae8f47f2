/**
 * The demo's accounts: a year of orders, invoices and payments for some demo companies, sent through the ERP sync the
 * way an ERP would (so events, timelines and credit statuses come out as in real use). Most invoices are paid a few
 * days before they fall due; some customers pay late (overdue now, on watch) and the first one has not paid for months
 * (on credit hold by the default rules). Deterministic for a given day.
 */
import type { Ctx } from '../platform/access/policy.ts';
import type { Services } from '../services.ts';

const DAY = 86_400_000;
export const ACCOUNT_COMPANIES = 24;

/** A small deterministic generator (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PRODUCTS: [string, number][] = [
  ['Team plan (annual, per seat)', 360_00],
  ['Onboarding package', 2_500_00],
  ['Training day', 950_00],
  ['Premium support (annual)', 4_800_00],
  ['Custom integration (per day)', 1_100_00],
];

export async function seedAccounts(services: Services, opts: { nowMs: number; adminEmail: string }): Promise<number> {
  const ctx: Ctx = { actor: await services.identity.actorForEmail(opts.adminEmail), requestId: 'seed', ip: null };
  const currency = (await services.workspace.get()).defaultCurrency;
  const companies = (await services.companies.list(ctx, { sort: 'name', limit: ACCOUNT_COMPANIES })).data;
  const random = rng(20_41);
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const updatedAt = new Date(opts.nowMs).toISOString();
  const orders: Record<string, unknown>[] = [];
  const invoices: Record<string, unknown>[] = [];
  const payments: Record<string, unknown>[] = [];
  for (const [k, company] of companies.entries()) {
    const externalId = `C-${1000 + k}`;
    await services.companies.update(ctx, company.id, {
      externalId,
      // A limit the customer's usual business stays well within (the hold comes from late payment).
      creditLimit: { amountMinor: (k % 4 === 2 ? 150_000_00 : 80_000_00) + k * 1_000_00, currency },
    });
    // The first customer stopped paying four months ago (hold); every fifth pays late (watch).
    const stopped = k === 0;
    const late = k % 5 === 3;
    for (let m = 11; m >= 0; m--) {
      if (random() < 0.15 && m > 0) continue; // not every customer orders every month
      const orderedMs = opts.nowMs - (m * 30 + 5 + Math.floor(random() * 10)) * DAY;
      const number = `${1000 + k}-${String(12 - m).padStart(2, '0')}`;
      const lines = Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
        const [product, price] = PRODUCTS[Math.floor(random() * PRODUCTS.length)]!;
        return { product, quantity: 1 + Math.floor(random() * 5), unitPrice: { amountMinor: price, currency } };
      });
      const total = lines.reduce((s, l) => s + l.quantity * l.unitPrice.amountMinor, 0);
      const dueMs = orderedMs + 30 * DAY;
      const open = m === 0 && k % 3 === 0;
      orders.push({
        externalId: `SO-${number}`,
        companyExternalId: externalId,
        number: `SO-${number}`,
        orderedAt: day(orderedMs),
        status: open ? 'open' : 'fulfilled',
        total: { amountMinor: total, currency },
        lines,
        updatedAt,
      });
      if (open) continue;
      const unpaid = (stopped && m <= 4) || (late && m === 1) || dueMs > opts.nowMs;
      invoices.push({
        externalId: `INV-${number}`,
        companyExternalId: externalId,
        number: `INV-${number}`,
        issuedAt: day(orderedMs),
        dueAt: day(dueMs),
        total: { amountMinor: total, currency },
        amountPaid: { amountMinor: unpaid ? 0 : total, currency },
        status: unpaid ? 'open' : 'paid',
        lines,
        updatedAt,
      });
      if (!unpaid) {
        payments.push({
          externalId: `PAY-${number}`,
          companyExternalId: externalId,
          invoiceExternalId: `INV-${number}`,
          paidAt: day(Math.min(opts.nowMs - DAY, dueMs - Math.floor(random() * 8) * DAY)),
          amount: { amountMinor: total, currency },
          method: random() < 0.8 ? 'transfer' : 'card',
          updatedAt,
        });
      }
    }
  }
  let written = 0;
  for (const [kind, records] of [
    ['orders', orders],
    ['invoices', invoices],
    ['payments', payments],
  ] as const) {
    for (let i = 0; i < records.length; i += 1000) {
      const r = await services.finance.sync(ctx, kind, records.slice(i, i + 1000));
      if (r.rejected.length > 0) throw new Error(`Demo ${kind} rejected: ${JSON.stringify(r.rejected[0])}`);
      written += r.created;
    }
  }
  return written;
}
