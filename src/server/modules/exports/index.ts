export { exportsRoutes } from './exports.routes.ts';
export { EXPORT_JOB, ExportsService } from './exports.service.ts';
