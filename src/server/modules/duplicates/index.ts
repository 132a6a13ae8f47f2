export { duplicatesRoutes } from './duplicates.routes.ts';
export { DuplicatesService, SCAN_JOB } from './duplicates.service.ts';
export { mergeRoutes } from './merge.routes.ts';
export { MergeService } from './merge.service.ts';
