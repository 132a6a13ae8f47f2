export { duplicatesRoutes } from './duplicates.routes.ts';
export { DuplicatesService, SCAN_JOB } from './duplicates.service.ts';
