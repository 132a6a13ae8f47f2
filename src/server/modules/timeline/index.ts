export { timelineRoutes } from './timeline.routes.ts';
export type { TimelineEntry, TimelinePage } from './timeline.schemas.ts';
export { TimelineService } from './timeline.service.ts';
