export { workspaceRoutes } from './workspace.routes.ts';
export { MODULE_KEYS, type ModuleKey, Modules } from './workspace.schemas.ts';
export { DEFAULT_WORKSPACE, WorkspaceService } from './workspace.service.ts';
