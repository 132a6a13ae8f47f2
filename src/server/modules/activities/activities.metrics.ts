/** Activities' metrics in the metric registry, counted from `activity.logged` events by their author and team. */
import type { MetricRegistry } from '../../platform/metrics/registry.ts';

export function registerActivitiesMetrics(registry: MetricRegistry): void {
  registry.register({
    id: 'activities.logged',
    name: 'Activities logged',
    definition:
      'How many activities (calls, emails, meetings, visits, notes...) happened in the period (counted on the day they happened), by the person who logged them.',
    unit: 'count',
    direction: 'up',
    dimensions: ['user', 'team'],
    visibility: 'people',
    events: ['activity.logged'],
    aggregate: 'sum',
    contribute: () => ({ numerator: 1 }),
  });
}
