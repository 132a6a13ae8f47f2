export { type DigestResult, ObjectivesDigest } from './objectives.digest.ts';
export { objectivesRoutes } from './objectives.routes.ts';
export { Target as ObjectiveTarget } from './objectives.schemas.ts';
export { ObjectivesService, type PreparedObjective } from './objectives.service.ts';
