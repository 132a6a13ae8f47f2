import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errors, IdParams } from '../../platform/http.ts';
import type { GoingColdService } from './going-cold.service.ts';
import {
  GoingColdList,
  GoingColdQuery,
  MyDay,
  Notification,
  NotificationList,
  NotificationQuery,
  ReadAllResult,
} from './my-day.schemas.ts';
import type { MyDayService } from './my-day.service.ts';
import type { NotificationsService } from './notifications.service.ts';

export const myDayRoutes: FastifyPluginAsyncTypebox<{
  myDay: MyDayService;
  goingCold: GoingColdService;
  notifications: NotificationsService;
}> = async (app, { myDay, goingCold, notifications }) => {
  app.get(
    '/my-day',
    {
      config: { access: 'authenticated' },
      schema: {
        operationId: 'getMyDay',
        tags: ['my-day'],
        summary: 'Your tasks due today and overdue, promises due this week, records going cold, and counts',
        response: { 200: MyDay, ...errors(401) },
      },
    },
    async (request) => myDay.get(request.ctx()),
  );

  app.get(
    '/going-cold',
    {
      // The people or companies list behind it checks the role (403) and applies record visibility.
      config: { access: 'authenticated' },
      schema: {
        operationId: 'listGoingCold',
        tags: ['my-day'],
        summary: 'People or companies whose next two-way contact is overdue, most overdue first',
        querystring: GoingColdQuery,
        response: { 200: GoingColdList, ...errors(400, 401, 403) },
      },
    },
    async (request) => goingCold.list(request.ctx(), request.query),
  );

  app.get(
    '/notifications',
    {
      config: { access: 'authenticated' },
      schema: {
        operationId: 'listNotifications',
        tags: ['notifications'],
        summary: 'Your notifications, unread first, newest first',
        querystring: NotificationQuery,
        response: { 200: NotificationList, ...errors(400, 401) },
      },
    },
    async (request) => notifications.list(request.ctx(), request.query),
  );

  app.post(
    '/notifications/read-all',
    {
      config: { access: 'authenticated' },
      schema: {
        operationId: 'markAllNotificationsRead',
        tags: ['notifications'],
        summary: 'Mark all your notifications read',
        response: { 200: ReadAllResult, ...errors(401, 403) },
      },
    },
    async (request) => notifications.readAll(request.ctx()),
  );

  app.post(
    '/notifications/:id/read',
    {
      config: { access: 'authenticated' },
      schema: {
        operationId: 'markNotificationRead',
        tags: ['notifications'],
        summary: 'Mark one of your notifications read',
        params: IdParams,
        response: { 200: Notification, ...errors(401, 403, 404) },
      },
    },
    async (request) => notifications.markRead(request.ctx(), request.params.id),
  );
};
