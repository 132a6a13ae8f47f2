import { type Static, type TSchema, Type } from 'typebox';
import { kernelQuery } from '../../platform/http.ts';
import { SubjectId, SubjectKind } from '../../platform/records/links.ts';
import { StringEnum } from '../../platform/schema.ts';
import { Ref } from '../identity/index.ts';

export const TASK_STATUSES = ['open', 'done', 'cancelled'] as const;
export const TASK_PRIORITIES = ['low', 'normal', 'high'] as const;
export const DUE_WINDOWS = ['overdue', 'today', 'week'] as const;

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const DateTime = (description: string) =>
  Type.String({ minLength: 10, maxLength: 40, description: `${description} (ISO-8601; stored in UTC)` });

export const Task = Type.Object(
  {
    id: Type.String(),
    title: Type.String(),
    notes: Nullable(Type.String()),
    dueAt: Nullable(Type.String()),
    remindAt: Nullable(Type.String()),
    remindedAt: Nullable(Type.String({ description: 'When the reminder went to the assignee' })),
    priority: StringEnum(TASK_PRIORITIES),
    status: StringEnum(TASK_STATUSES),
    overdue: Type.Boolean({ description: 'Open and past its due time' }),
    assigneeId: Nullable(Type.String()),
    assignee: Nullable(Ref),
    teamId: Nullable(Type.String()),
    personId: Nullable(Type.String()),
    person: Nullable(Ref),
    companyId: Nullable(Type.String()),
    company: Nullable(Ref),
    subjectKind: Nullable(SubjectKind),
    subjectId: Nullable(SubjectId),
    createdById: Nullable(Type.String()),
    createdBy: Nullable(Ref),
    completedAt: Nullable(Type.String()),
    version: Type.Integer(),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { title: 'Task' },
);
export type Task = Static<typeof Task>;

export const CreateTask = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200 }),
    notes: Type.Optional(Nullable(Type.String({ maxLength: 10_000 }))),
    dueAt: Type.Optional(Nullable(DateTime('When it is due'))),
    remindAt: Type.Optional(Nullable(DateTime('When to remind the assignee'))),
    priority: Type.Optional(StringEnum(TASK_PRIORITIES)),
    assigneeId: Type.Optional(Type.String({ maxLength: 64, description: 'An active user; default: you' })),
    personId: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
    companyId: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
    subjectKind: Type.Optional(Nullable(SubjectKind)),
    subjectId: Type.Optional(Nullable(SubjectId)),
  },
  { additionalProperties: false },
);
export type CreateTask = Static<typeof CreateTask>;

export const UpdateTask = Type.Object(
  {
    ...Type.Partial(CreateTask).properties,
    status: Type.Optional(StringEnum(TASK_STATUSES)),
  },
  { additionalProperties: false },
);
export type UpdateTask = Static<typeof UpdateTask>;

export const TaskListQuery = Type.Object({
  ...kernelQuery('Quick search in the title'),
  assignee: Type.Optional(Type.String({ maxLength: 64, description: '`me` or a user id' })),
  status: Type.Optional(StringEnum(TASK_STATUSES)),
  due: Type.Optional(
    StringEnum(DUE_WINDOWS, {
      description: 'overdue: open and past due; today: due today; week: due from today to 7 days on (workspace time)',
    }),
  ),
  personId: Type.Optional(Type.String({ maxLength: 64 })),
  companyId: Type.Optional(Type.String({ maxLength: 64 })),
  subjectKind: Type.Optional(SubjectKind),
  subjectId: Type.Optional(SubjectId),
});
export type TaskListQuery = Static<typeof TaskListQuery>;

/** What a record's context card learns from tasks. */
export interface CardFacts {
  counts: Record<string, number>;
  flags: { key: string; label: string; tone: 'info' | 'warning' | 'danger' }[];
}
export interface CardSubject {
  kind: 'people' | 'companies';
  ids: string[];
}
