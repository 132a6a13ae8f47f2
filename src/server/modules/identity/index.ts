export { CSRF_COOKIE, identityRoutes, SESSION_COOKIE } from './identity.routes.ts';
export { IdentityService, TOKEN_PREFIX, teamBriefs, userBriefs, userNames } from './identity.service.ts';
