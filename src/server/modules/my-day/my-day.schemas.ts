import { type Static, type TSchema, Type } from 'typebox';
import { StringEnum } from '../../platform/schema.ts';
import { Ref } from '../identity/index.ts';
import { CustomerPromise } from '../promises/index.ts';
import { Task } from '../tasks/index.ts';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const NOTIFICATION_KINDS = [
  'task_reminder',
  'promise_reminder',
  'promise_overdue',
  'webhook_disabled',
  'sla_warning',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const Notification = Type.Object(
  {
    id: Type.String(),
    kind: Type.String({ description: `One of ${NOTIFICATION_KINDS.join(', ')} (more kinds may come)` }),
    title: Type.String(),
    body: Nullable(Type.String()),
    link: Nullable(Type.String({ description: 'Path in the web app, e.g. /promises/<id>' })),
    record: Nullable(Type.Object({ object: Type.String(), id: Type.String() })),
    createdAt: Type.String(),
    readAt: Nullable(Type.String()),
  },
  { title: 'Notification' },
);
export type Notification = Static<typeof Notification>;

export const NotificationList = Type.Object({
  data: Type.Array(Notification),
  unread: Type.Integer({ description: 'How many of your notifications are unread' }),
});
export type NotificationList = Static<typeof NotificationList>;

export const NotificationQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  unreadOnly: Type.Optional(Type.Boolean()),
});
export type NotificationQuery = Static<typeof NotificationQuery>;

export const ReadAllResult = Type.Object({ updated: Type.Integer() });

export const GOING_COLD_SCOPES = ['me', 'team', 'all'] as const;
export const GOING_COLD_OBJECTS = ['people', 'companies'] as const;

export const GoingColdQuery = Type.Object({
  scope: Type.Optional(
    StringEnum(GOING_COLD_SCOPES, {
      description:
        'me: records you own (default); team: your teams (all you see when you are in none); all: all you see',
    }),
  ),
  object: Type.Optional(StringEnum(GOING_COLD_OBJECTS, { description: 'Default people' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});
export type GoingColdQuery = Static<typeof GoingColdQuery>;

export const GoingColdItem = Type.Object(
  {
    object: StringEnum(GOING_COLD_OBJECTS),
    id: Type.String(),
    name: Type.String(),
    owner: Nullable(Ref),
    valueTier: Nullable(Type.String()),
    lastContact: Nullable(Type.Object({ at: Type.String(), by: Nullable(Ref), channel: Nullable(Type.String()) })),
    contactDueAt: Type.String(),
    daysOverdue: Type.Integer({ description: 'Whole days since the contact was due' }),
  },
  { title: 'GoingColdItem' },
);
export type GoingColdItem = Static<typeof GoingColdItem>;

export const GoingColdList = Type.Object({
  data: Type.Array(GoingColdItem),
  total: Type.Integer(),
  totalCapped: Type.Boolean(),
});
export type GoingColdList = Static<typeof GoingColdList>;

export const MyDay = Type.Object(
  {
    tasks: Type.Array(Task, { description: 'Your open tasks that are overdue or due today, oldest first' }),
    promises: Type.Array(CustomerPromise, {
      description: 'Your open promises that are overdue or due in the next 7 days, soonest first',
    }),
    goingCold: Type.Object({
      people: Type.Array(GoingColdItem, { description: 'Up to 10 people you own, most overdue first' }),
      companies: Type.Array(GoingColdItem, { description: 'Up to 10 companies you own, most overdue first' }),
    }),
    counts: Type.Object({
      overdueTasks: Type.Integer(),
      tasksDueToday: Type.Integer({ description: 'Open, due later today' }),
      overduePromises: Type.Integer(),
      promisesDueThisWeek: Type.Integer({ description: 'Open, due in the next 7 days and not yet overdue' }),
      goingColdPeople: Type.Integer(),
      goingColdCompanies: Type.Integer(),
      unreadNotifications: Type.Integer(),
    }),
  },
  { title: 'MyDay' },
);
export type MyDay = Static<typeof MyDay>;
