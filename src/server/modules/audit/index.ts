export { AuditService, auditRoutes } from './audit.routes.ts';
