import { type Static, type TSchema, Type } from 'typebox';
import { SubjectId, SubjectKind } from '../../platform/records/links.ts';
import { StringEnum } from '../../platform/schema.ts';
import { ACTIVITY_TYPES, DEPARTMENTS } from '../activities/index.ts';
import { Ref } from '../identity/index.ts';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const DATE_OR_DATE_TIME = '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:?\\d{2}))?$';

export const TimelineEntry = Type.Object(
  {
    id: Type.String(),
    at: Type.String(),
    type: Type.String({ description: 'Event type, e.g. activity.logged, person.updated' }),
    department: Nullable(Type.String()),
    summary: Type.String(),
    actor: Nullable(Ref),
    object: Type.String({ description: 'What the entry is about: activities, people, companies, …' }),
    recordId: Type.String(),
    personId: Nullable(Type.String()),
    companyId: Nullable(Type.String()),
    person: Nullable(Ref),
    payload: Type.Record(Type.String(), Type.Unknown()),
  },
  { title: 'TimelineEntry' },
);
export type TimelineEntry = Static<typeof TimelineEntry>;

export const TimelinePage = Type.Object(
  {
    data: Type.Array(TimelineEntry),
    nextCursor: Nullable(Type.String()),
  },
  { title: 'TimelinePage' },
);
export type TimelinePage = Static<typeof TimelinePage>;

export const TimelineQuery = Type.Object({
  department: Type.Optional(Type.Array(StringEnum(DEPARTMENTS), { maxItems: 4, description: 'Repeatable' })),
  type: Type.Optional(
    Type.Array(Type.String({ pattern: '^[a-z][a-z_]*(\\.[a-z][a-z_]*)?$', maxLength: 64 }), {
      maxItems: 20,
      description: 'Event type prefix (activity, person, company) or exact type (activity.logged); repeatable',
    }),
  ),
  activityType: Type.Optional(
    Type.Array(StringEnum(ACTIVITY_TYPES), { maxItems: 7, description: 'Only activities of these types; repeatable' }),
  ),
  from: Type.Optional(Type.String({ pattern: DATE_OR_DATE_TIME, description: 'From this date or time (inclusive)' })),
  to: Type.Optional(Type.String({ pattern: DATE_OR_DATE_TIME, description: 'Up to this date (whole day) or time' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 1000 })),
});
export type TimelineQuery = Static<typeof TimelineQuery>;

export const SubjectTimelineQuery = Type.Object({
  subjectKind: SubjectKind,
  subjectId: SubjectId,
  ...TimelineQuery.properties,
});
export type SubjectTimelineQuery = Static<typeof SubjectTimelineQuery>;
