export { setupRoutes } from './setup.routes.ts';
export { SetupService } from './setup.service.ts';
export { BUSINESS_KINDS, type BusinessKind, STARTERS } from './setup.starters.ts';
