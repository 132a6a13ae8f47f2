export { dayWindows, shortDate, startOfDay } from './day.ts';
export { tasksRoutes } from './tasks.routes.ts';
export { type CardFacts, type CardSubject, Task } from './tasks.schemas.ts';
export { type ClaimedTaskReminder, parseInstant, TasksService } from './tasks.service.ts';
