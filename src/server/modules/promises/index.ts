export { promisesRoutes } from './promises.routes.ts';
export type { CustomerPromise, PromiseMetrics } from './promises.schemas.ts';
export { type ClaimedPromise, PromisesService } from './promises.service.ts';
