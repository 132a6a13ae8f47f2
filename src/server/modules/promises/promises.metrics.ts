/** Promises' metrics in the metric registry, counted from `promise.kept` / `promise.broken` by the promise's owner. */
import { type MetricRegistry, str } from '../../platform/metrics/registry.ts';

export function registerPromisesMetrics(registry: MetricRegistry): void {
  registry.register({
    id: 'promises.kept_rate',
    name: 'Promises kept',
    definition:
      'Of the promises resolved in the period (marked kept or broken), the share that was kept, by the promise’s owner. A ratio from 0 to 1.',
    unit: 'ratio',
    direction: 'up',
    dimensions: ['user', 'team'],
    visibility: 'promises',
    events: ['promise.kept', 'promise.broken'],
    aggregate: 'ratio',
    contribute: (e) => ({
      numerator: e.type === 'promise.kept' ? 1 : 0,
      denominator: 1,
      userId: str(e.payload.ownerId) ?? e.actorId,
    }),
  });
}
