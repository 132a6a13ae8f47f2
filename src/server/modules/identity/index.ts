export { accountRoutes } from './account.routes.ts';
export { AccountService } from './account.service.ts';
export { CSRF_COOKIE, identityRoutes, SESSION_COOKIE } from './identity.routes.ts';
export { Ref } from './identity.schemas.ts';
export {
  activeTeamMemberIds,
  IdentityService,
  mailRecipients,
  TOKEN_PREFIX,
  teamBriefs,
  teamNameSql,
  userBriefs,
  userNameSql,
  userNames,
} from './identity.service.ts';
