export { duplicatesRoutes } from './duplicates.routes.ts';
export { DuplicatesService } from './duplicates.service.ts';
