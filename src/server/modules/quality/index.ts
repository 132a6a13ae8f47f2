export { registerQualityMetrics } from './quality.metrics.ts';
export { qualityRoutes } from './quality.routes.ts';
export { QualityService } from './quality.service.ts';
