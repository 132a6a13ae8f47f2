/** People's metrics in the metric registry, counted from lifecycle changes in `person.created` / `person.updated`. */
import type { MetricEvent, MetricRegistry } from '../../platform/metrics/registry.ts';

/** Whether the event made the person a customer: created as one, or their lifecycle stage changed to customer. */
function becameCustomer(e: MetricEvent): boolean {
  if (e.type === 'person.created') return e.payload.lifecycleStage === 'customer';
  const changes = e.payload.changes as Record<string, { from?: unknown; to?: unknown }> | undefined;
  const stage = changes?.lifecycleStage;
  return stage !== undefined && stage.to === 'customer' && stage.from !== 'customer';
}

export function registerPeopleMetrics(registry: MetricRegistry): void {
  registry.register({
    id: 'customers.new',
    name: 'New customers',
    definition:
      'How many people became customers in the period: added with the lifecycle stage customer, or moved to it, by the user who made the change.',
    unit: 'count',
    direction: 'up',
    dimensions: ['user', 'team'],
    visibility: 'people',
    events: ['person.created', 'person.updated'],
    aggregate: 'sum',
    contribute: (e) => (becameCustomer(e) ? { numerator: 1 } : undefined),
  });
}
