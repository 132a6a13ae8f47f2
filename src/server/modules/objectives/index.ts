export { objectivesRoutes } from './objectives.routes.ts';
export { ObjectivesService } from './objectives.service.ts';
