export { auditRoutes } from './audit.routes.ts';
export { AuditService, CONFIG_OBJECTS, type ConfigChange, type ConfigObject } from './audit.service.ts';
