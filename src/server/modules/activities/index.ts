export { registerActivitiesMetrics } from './activities.metrics.ts';
export { activitiesRoutes } from './activities.routes.ts';
export {
  ACTIVITY_CHANNELS,
  ACTIVITY_TYPES,
  type Activity,
  type CreateActivity,
  DEPARTMENTS,
  type UpdateActivity,
} from './activities.schemas.ts';
export { ActivitiesService, summaryOf as activitySummary } from './activities.service.ts';
