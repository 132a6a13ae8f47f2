export { GoingColdService } from './going-cold.service.ts';
export { myDayRoutes } from './my-day.routes.ts';
export type { GoingColdItem, MyDay, Notification } from './my-day.schemas.ts';
export { MyDayService } from './my-day.service.ts';
export { type NewNotification, NotificationsService } from './notifications.service.ts';
export { RemindersJob, type RemindersResult } from './reminders.job.ts';
