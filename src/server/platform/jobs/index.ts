export { jobsRoutes } from './jobs.routes.ts';
export type { Job } from './jobs.schemas.ts';
export { JobsService, jobDto } from './jobs.service.ts';
export {
  JobCancelled,
  type JobContext,
  type JobHandler,
  type JobResult,
  type JobRow,
  JobRunner,
  PermanentJobError,
} from './runner.ts';
