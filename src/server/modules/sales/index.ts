export { dealsKind } from './deals.kind.ts';
export { dealsRoutes } from './deals.routes.ts';
export { DealsService } from './deals.service.ts';
export { PerformanceService } from './performance.service.ts';
export { pipelinesRoutes } from './pipelines.routes.ts';
export { PipelinesService } from './pipelines.service.ts';
export { quotasRoutes } from './quotas.routes.ts';
export { QuotasService } from './quotas.service.ts';
export { SALES_METRICS, STAGE_CONVERSION } from './sales.metrics.ts';
