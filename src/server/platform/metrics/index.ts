export { metricsMarkdown } from './docs.ts';
export { metricsRoutes } from './metrics.routes.ts';
export { addDays, daysBetween, isDate, MetricsService, weekOf } from './metrics.service.ts';
export { type MetricDef, type MetricEvent, MetricRegistry } from './registry.ts';
export { MetricRollups, ROLLUP_CONSUMER, rollupsOf } from './rollups.ts';
