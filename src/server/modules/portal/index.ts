export { PORTAL_ERRORS } from './portal.errors.ts';
export { registerPortalMetrics } from './portal.metrics.ts';
export { PORTAL_CSRF_COOKIE, PORTAL_PREFIX, PORTAL_SESSION_COOKIE, portalRoutes } from './portal.routes.ts';
export { PortalService } from './portal.service.ts';
export { PortalAuthService, type PortalCustomer } from './portal-auth.service.ts';
export { PortalRequestsService } from './portal-requests.service.ts';
export { portalStaffRoutes } from './portal-staff.routes.ts';
export { PortalVisitsService } from './portal-visits.service.ts';
