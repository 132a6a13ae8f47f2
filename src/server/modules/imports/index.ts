export { importsRoutes } from './imports.routes.ts';
export { IMPORT_JOB, ImportsService, seedDemoImport } from './imports.service.ts';
