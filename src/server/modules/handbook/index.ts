export { HANDBOOK_ERRORS } from './handbook.errors.ts';
export { handbookRoutes } from './handbook.routes.ts';
export { type HandbookEntry, PROCESS_KINDS, type ProcessKind } from './handbook.schemas.ts';
export { HandbookService } from './handbook.service.ts';
