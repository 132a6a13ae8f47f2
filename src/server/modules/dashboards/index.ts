export { dashboardsRoutes } from './dashboards.routes.ts';
export { DashboardsService, periodRange } from './dashboards.service.ts';
