/**
 * Tasks as a kind of record: their name, labels and fields for the access policy's screens and `/meta/objects`. A
 * task has its own record visibility (own / team / all under `tasks`, never the people's): it is its assignee's or its
 * creator's, and its team's. Lists, history and writes stay in the tasks service (its table has no bin and its owner
 * is the assignee), so this declaration is not in the kernel registry of `modules/kinds.ts` but in its touchpoints.
 */
import { defineRecordKind } from '../../platform/records/kind.ts';
import { TASK_PRIORITIES, TASK_STATUSES } from './tasks.schemas.ts';

export const tasksKind = defineRecordKind({
  name: 'tasks',
  label: 'Tasks',
  singularLabel: 'Task',
  eventPrefix: 'task',
  table: 'tasks',
  owned: true,
  customFields: false,
  searchable: false,
  cards: false,
  defaultSort: 'dueAt',
  fields: [
    { key: 'title', label: 'Title', type: 'text', column: 'title', notNull: true },
    { key: 'status', label: 'Status', type: 'select', column: 'status', options: TASK_STATUSES, notNull: true },
    { key: 'priority', label: 'Priority', type: 'select', column: 'priority', options: TASK_PRIORITIES },
    { key: 'dueAt', label: 'Due', type: 'datetime', column: 'due_at' },
    { key: 'assigneeId', label: 'Assignee', type: 'reference', column: 'assignee_id', reference: 'users' },
    { key: 'teamId', label: 'Team', type: 'reference', column: 'team_id', reference: 'teams' },
    { key: 'personId', label: 'Person', type: 'reference', column: 'person_id', reference: 'people' },
    { key: 'companyId', label: 'Company', type: 'reference', column: 'company_id', reference: 'companies' },
    { key: 'completedAt', label: 'Completed', type: 'datetime', column: 'completed_at' },
    { key: 'createdAt', label: 'Created', type: 'datetime', column: 'created_at', notNull: true },
    { key: 'updatedAt', label: 'Updated', type: 'datetime', column: 'updated_at', notNull: true },
  ],
  fieldPaths: {},
  writable: [],
  auditOmit: ['id', 'version', 'createdAt', 'updatedAt'],
  exportColumns: [],
  insertDefaults: {},
  summaryFields: ['title'],
  anchors: (row) => ({
    personId: (row.person_id as string | null) ?? null,
    companyId: (row.company_id as string | null) ?? null,
  }),
});
