export { metricsRoutes } from './metrics.routes.ts';
export { MetricsService } from './metrics.service.ts';
export { type MetricDef, type MetricEvent, MetricRegistry } from './registry.ts';
export { MetricRollups, ROLLUP_CONSUMER, rollupsOf } from './rollups.ts';
