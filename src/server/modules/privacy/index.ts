export { privacyRoutes } from './privacy.routes.ts';
export { PrivacyService, RETENTION_CTX, RETENTION_FLAG, RETENTION_JOB } from './privacy.service.ts';
