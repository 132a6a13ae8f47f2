export { viewsRoutes } from './views.routes.ts';
export { type FieldCatalogue, ViewsService } from './views.service.ts';
