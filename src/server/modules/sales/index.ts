export { pipelinesRoutes } from './pipelines.routes.ts';
export { PipelinesService } from './pipelines.service.ts';
