export { qualityRoutes } from './quality.routes.ts';
export { QualityService } from './quality.service.ts';
