export { importsRoutes } from './imports.routes.ts';
export { IMPORT_JOB, ImportsService } from './imports.service.ts';
