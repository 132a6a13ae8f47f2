/**
 * Accounts' metrics in the metric registry, counted from the ERP sync's events on the day they happened (a new
 * record's event carries its own date: an invoice counts on its issue date, a payment on its payment date). Amounts
 * are summed in minor units as the ERP sends them, in the workspace's currency (as the sales metrics are). Bounded
 * by company visibility: the figures are about customers.
 */
import { type MetricRegistry, num, str } from '../../platform/metrics/registry.ts';

const changeTo = (changes: unknown, field: string): { from: unknown; to: unknown } | undefined => {
  const c = (changes as Record<string, { from: unknown; to: unknown }> | undefined)?.[field];
  return c && typeof c === 'object' ? c : undefined;
};

export function registerFinanceMetrics(registry: MetricRegistry): void {
  registry.register(
    {
      id: 'accounts.revenue',
      name: 'Revenue invoiced',
      definition:
        'The total of the invoices issued in the period, by issue date; an invoice the ERP later voids is taken off on the day it is voided (and added back if un-voided).',
      unit: 'money',
      direction: 'up',
      dimensions: ['user', 'team'],
      visibility: 'companies',
      events: ['invoice.created', 'invoice.updated'],
      aggregate: 'sum',
      contribute: (e) => {
        const amount = num(e.payload.amountMinor);
        if (amount === null) return undefined;
        if (e.type === 'invoice.created') return e.payload.status === 'void' ? undefined : { numerator: amount };
        const status = changeTo(e.payload.changes, 'status');
        if (status?.to === 'void') return { numerator: -amount };
        if (status?.from === 'void') return { numerator: amount };
        return undefined;
      },
    },
    {
      id: 'accounts.payments_received',
      name: 'Payments received',
      definition: 'The total of the payments the ERP reports, by payment date.',
      unit: 'money',
      direction: 'up',
      dimensions: ['user', 'team'],
      visibility: 'companies',
      events: ['payment.created'],
      aggregate: 'sum',
      contribute: (e) => {
        const amount = num(e.payload.amountMinor);
        return amount === null ? undefined : { numerator: amount };
      },
    },
    {
      id: 'accounts.days_to_pay',
      name: 'Days to pay',
      definition:
        'For the payments received in the period against an invoice, the average number of days from the invoice’s issue date to the payment (the flow behind days sales outstanding).',
      unit: 'days',
      direction: 'down',
      dimensions: ['user', 'team'],
      visibility: 'companies',
      events: ['payment.created'],
      aggregate: 'mean',
      contribute: (e) => {
        const days = num(e.payload.daysToPay);
        return days === null ? undefined : { numerator: days, denominator: 1 };
      },
    },
    {
      id: 'accounts.invoices_overdue',
      name: 'Invoices gone overdue',
      definition:
        'How many invoices were found overdue (open, money outstanding, past due) for the first time in the period.',
      unit: 'count',
      direction: 'down',
      dimensions: ['user', 'team'],
      visibility: 'companies',
      events: ['invoice.overdue'],
      aggregate: 'sum',
      contribute: () => ({ numerator: 1 }),
    },
    {
      id: 'accounts.customers_put_on_hold',
      name: 'Customers put on hold',
      definition: 'How many times a company went on credit hold in the period, by the credit rules or by hand.',
      unit: 'count',
      direction: 'down',
      dimensions: ['user', 'team'],
      visibility: 'companies',
      events: ['company.credit_status_changed'],
      aggregate: 'sum',
      contribute: (e) => (str(e.payload.toStatus) === 'hold' ? { numerator: 1 } : undefined),
    },
  );
}
