/**
 * Activities (every touchpoint) as a kind of record: their name, labels and fields for the access policy's screens and
 * `/meta/objects`. An activity is seen where the person or company it is about is (the 360° view), so it has no
 * visibility of its own; logging, lists and the timeline stay in the activities and timeline services, and this
 * declaration is in the touchpoints of `modules/kinds.ts`, not in the kernel registry.
 */
import { defineRecordKind } from '../../platform/records/kind.ts';

export const activitiesKind = defineRecordKind({
  name: 'activities',
  label: 'Activities',
  singularLabel: 'Activity',
  eventPrefix: 'activity',
  table: 'activities',
  owned: false,
  customFields: false,
  searchable: false,
  cards: false,
  defaultSort: '-occurredAt',
  fields: [
    { key: 'type', label: 'Type', type: 'text', column: 'type', notNull: true },
    { key: 'subject', label: 'Subject', type: 'text', column: 'subject', notNull: true },
    { key: 'direction', label: 'Direction', type: 'text', column: 'direction' },
    { key: 'channel', label: 'Channel', type: 'text', column: 'channel' },
    { key: 'department', label: 'Department', type: 'text', column: 'department', notNull: true },
    { key: 'occurredAt', label: 'When', type: 'datetime', column: 'occurred_at', notNull: true },
    { key: 'outcome', label: 'Outcome', type: 'text', column: 'outcome' },
    { key: 'ownerId', label: 'Logged by', type: 'reference', column: 'owner_id', reference: 'users' },
    { key: 'personId', label: 'Person', type: 'reference', column: 'person_id', reference: 'people' },
    { key: 'companyId', label: 'Company', type: 'reference', column: 'company_id', reference: 'companies' },
    { key: 'createdAt', label: 'Created', type: 'datetime', column: 'created_at', notNull: true },
  ],
  fieldPaths: {},
  writable: [],
  auditOmit: ['id', 'version', 'createdAt', 'updatedAt', 'deletedAt'],
  exportColumns: [],
  insertDefaults: {},
  summaryFields: ['subject'],
  anchors: (row) => ({
    personId: (row.person_id as string | null) ?? null,
    companyId: (row.company_id as string | null) ?? null,
  }),
});
