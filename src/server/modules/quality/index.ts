export { registerQualityMetrics } from './quality.metrics.ts';
export { qualityRoutes } from './quality.routes.ts';
export { DEFAULT_STALE_MONTHS, staleCutoff } from './quality.score.ts';
export { QualityService } from './quality.service.ts';
