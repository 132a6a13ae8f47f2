export { registerPromisesMetrics } from './promises.metrics.ts';
export { promisesRoutes } from './promises.routes.ts';
export { CustomerPromise, type PromiseMetrics } from './promises.schemas.ts';
export { type ClaimedPromise, PromisesService } from './promises.service.ts';
