export { dealsKind } from './deals.kind.ts';
export { dealsRoutes } from './deals.routes.ts';
export { DealsService } from './deals.service.ts';
export { pipelinesRoutes } from './pipelines.routes.ts';
export { PipelinesService } from './pipelines.service.ts';
