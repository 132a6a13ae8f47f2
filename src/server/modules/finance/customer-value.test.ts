/** Customer value arithmetic on hand-built order histories. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { customerValue } from './customer-value.ts';

const TODAY = '2027-06-30';
const ago = (days: number) => new Date(Date.parse(TODAY) - days * 86_400_000).toISOString().slice(0, 10);

describe('customer value', () => {
  it('a monthly customer for two years is a champion with a CLV from AOV, frequency and retention', () => {
    const orders = Array.from({ length: 24 }, (_, i) => ({ orderedAt: ago(10 + i * 30), totalMinor: 1_000_00 }));
    const v = customerValue(orders, TODAY);
    expect(v).toMatchObject({
      lifetimeRevenueMinor: 24_000_00,
      last12MonthsMinor: 12 * 1_000_00,
      orders: 24,
      averageOrderMinor: 1_000_00,
      ordersLast12Months: 12,
      recencyDays: 10,
      usualIntervalDays: 30,
      rfm: { recency: 5, frequency: 5, monetary: 3, segment: 'champions' },
      retention: 0.8,
      churnRisk: { level: 'low', reasons: [] },
    });
    // 1,000.00 × 12 × 0.8 / 0.2 = 48,000.00
    expect(v.clvMinor).toBe(48_000_00);
  });

  it('a customer who stopped ordering and pays late is at risk, with the reasons', () => {
    const orders = [200, 230, 260, 290, 320, 350, 380, 410].map((d) => ({ orderedAt: ago(d), totalMinor: 5_000_00 }));
    const v = customerValue(orders, TODAY, { overdueInvoices: 2 });
    expect(customerValue(orders, TODAY, { overdueInvoices: 2, openComplaints: 1 }).churnRisk.reasons).toEqual([
      'No order for 200 days (usually every 30 days)',
      '2 overdue invoices',
      '1 open complaint (cases)',
    ]);
    expect(v.rfm.segment).toBe('at_risk');
    expect(v.recencyDays).toBe(200);
    expect(v.churnRisk.level).toBe('high');
    expect(v.churnRisk.reasons).toEqual(['No order for 200 days (usually every 30 days)', '2 overdue invoices']);
    // Ordered in both windows (6 in the last year, 2 before): retention 0.8; 5,000.00 × 6 × 0.8 / 0.2 = 120,000.00.
    expect(v.clvMinor).toBe(120_000_00);
  });

  it('falling spend, a new customer, and no orders at all', () => {
    const falling = customerValue(
      [
        { orderedAt: ago(400), totalMinor: 10_000_00 },
        { orderedAt: ago(500), totalMinor: 10_000_00 },
        { orderedAt: ago(20), totalMinor: 2_000_00 },
      ],
      TODAY,
    );
    expect(falling.churnRisk.reasons).toContain('Spend fell by half or more on the year before');
    expect(customerValue([{ orderedAt: ago(5), totalMinor: 300_00 }], TODAY)).toMatchObject({
      rfm: { segment: 'new' },
      retention: 0.5,
      clvMinor: 300_00,
    });
    expect(customerValue([], TODAY)).toMatchObject({
      orders: 0,
      averageOrderMinor: null,
      rfm: { segment: 'none' },
      clvMinor: 0,
      churnRisk: { level: 'low' },
    });
  });

  it('scores stay within 1 to 5, revenue adds up, and CLV is never negative, whatever the history', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ d: fc.integer({ min: 0, max: 1500 }), t: fc.integer({ min: 0, max: 1e9 }) }), {
          maxLength: 60,
        }),
        (raw) => {
          const v = customerValue(
            raw.map((o) => ({ orderedAt: ago(o.d), totalMinor: o.t })),
            TODAY,
          );
          for (const s of [v.rfm.recency, v.rfm.frequency, v.rfm.monetary]) expect(s >= 1 && s <= 5).toBe(true);
          expect(v.lifetimeRevenueMinor).toBe(raw.reduce((s, o) => s + o.t, 0));
          expect(v.last12MonthsMinor).toBeLessThanOrEqual(v.lifetimeRevenueMinor);
          expect(v.clvMinor).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });
});
