/**
 * Tasks as a kind of record on the kernel: list (filters, sorts, keyset pages), saved views, export and field history
 * come from the kernel like any kind's. A task has its own record visibility (own / team / all under `tasks`, never
 * the people's): its owner is its assignee, and its creator sees it too; its team's members with team visibility.
 * Its table has no bin (a delete removes the task for good). Writes stay in the tasks service (complete, reminders).
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
  ownerColumn: 'assignee_id',
  alsoVisibleTo: ['created_by'],
  bin: false,
  fieldRules: false,
  touchpoint: true,
  customFields: false,
  // The list has always answered its total on every page.
  countEveryPage: true,
  searchable: false,
  cards: false,
  defaultSort: 'dueAt',
  fields: [
    { key: 'title', label: 'Title', type: 'text', column: 'title', notNull: true },
    { key: 'status', label: 'Status', type: 'select', column: 'status', options: TASK_STATUSES, notNull: true },
    { key: 'priority', label: 'Priority', type: 'select', column: 'priority', options: TASK_PRIORITIES },
    { key: 'dueAt', label: 'Due', type: 'datetime', column: 'due_at', missingLast: true },
    { key: 'assigneeId', label: 'Assignee', type: 'reference', column: 'assignee_id', reference: 'users' },
    { key: 'teamId', label: 'Team', type: 'reference', column: 'team_id', reference: 'teams' },
    { key: 'personId', label: 'Person', type: 'reference', column: 'person_id', reference: 'people' },
    { key: 'companyId', label: 'Company', type: 'reference', column: 'company_id', reference: 'companies' },
    { key: 'notes', label: 'Notes', type: 'text', column: 'notes', sortable: false },
    { key: 'remindAt', label: 'Reminder', type: 'datetime', column: 'remind_at' },
    { key: 'createdById', label: 'Created by', type: 'reference', column: 'created_by', reference: 'users' },
    { key: 'completedAt', label: 'Completed', type: 'datetime', column: 'completed_at' },
    { key: 'createdAt', label: 'Created', type: 'datetime', column: 'created_at', notNull: true },
    { key: 'updatedAt', label: 'Updated', type: 'datetime', column: 'updated_at', notNull: true },
  ],
  fieldPaths: {
    assigneeId: ['assigneeId', 'assignee'],
    personId: ['personId', 'person'],
    companyId: ['companyId', 'company'],
    createdById: ['createdById', 'createdBy'],
  },
  writable: [],
  auditOmit: ['id', 'version', 'createdAt', 'updatedAt'],
  exportColumns: [
    { key: 'id', field: null },
    { key: 'title' },
    { key: 'status' },
    { key: 'priority' },
    { key: 'dueAt' },
    { key: 'assignee', field: 'assigneeId' },
    { key: 'person', field: 'personId' },
    { key: 'company', field: 'companyId' },
    { key: 'notes' },
    { key: 'remindAt' },
    { key: 'createdBy', field: 'createdById' },
    { key: 'completedAt' },
    { key: 'createdAt' },
    { key: 'updatedAt' },
  ],
  insertDefaults: {},
  summaryFields: ['title'],
  anchors: (row) => ({
    personId: (row.person_id as string | null) ?? null,
    companyId: (row.company_id as string | null) ?? null,
  }),
});
