export { CSRF_COOKIE, identityRoutes, SESSION_COOKIE } from './identity.routes.ts';
export { IdentityService, TOKEN_PREFIX, teamBriefs, userBriefs } from './identity.service.ts';
