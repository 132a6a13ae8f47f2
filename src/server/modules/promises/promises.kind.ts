/**
 * Promises to customers as a kind of record on the kernel: list (filters, sorts, keyset pages), saved views, export
 * and field history come from the kernel like any kind's. A promise has its own record visibility (own / team / all
 * under `promises`, never the people's): it is its owner's and its team's. Its table has no bin and a promise is never
 * deleted; its writes (keep, break, renegotiate, tell the customer) stay in the promises service.
 */
import { defineRecordKind } from '../../platform/records/kind.ts';

export const promisesKind = defineRecordKind({
  name: 'promises',
  label: 'Promises',
  singularLabel: 'Promise',
  eventPrefix: 'promise',
  table: 'promises',
  owned: true,
  bin: false,
  fieldRules: false,
  touchpoint: true,
  lifecycle: ['created', 'updated'],
  customFields: false,
  // The list has always answered its total on every page.
  countEveryPage: true,
  searchable: false,
  cards: false,
  defaultSort: 'dueAt',
  fields: [
    { key: 'description', label: 'Promise', type: 'text', column: 'description', notNull: true },
    {
      key: 'status',
      label: 'Status',
      type: 'select',
      column: 'status',
      options: ['open', 'kept', 'broken', 'renegotiated'],
      notNull: true,
    },
    {
      key: 'department',
      label: 'Department',
      type: 'select',
      column: 'department',
      options: ['sales', 'marketing', 'service', 'accounts'],
      notNull: true,
    },
    { key: 'dueAt', label: 'Due', type: 'datetime', column: 'due_at', notNull: true },
    { key: 'ownerId', label: 'Owner', type: 'reference', column: 'owner_id', reference: 'users' },
    { key: 'teamId', label: 'Team', type: 'reference', column: 'team_id', reference: 'teams' },
    { key: 'personId', label: 'Person', type: 'reference', column: 'person_id', reference: 'people' },
    { key: 'companyId', label: 'Company', type: 'reference', column: 'company_id', reference: 'companies' },
    { key: 'resolvedAt', label: 'Resolved', type: 'datetime', column: 'resolved_at' },
    { key: 'customerToldAt', label: 'Customer told', type: 'datetime', column: 'customer_told_at' },
    { key: 'createdAt', label: 'Created', type: 'datetime', column: 'created_at', notNull: true },
    { key: 'updatedAt', label: 'Updated', type: 'datetime', column: 'updated_at', notNull: true },
  ],
  fieldPaths: {
    ownerId: ['ownerId', 'owner'],
    personId: ['personId', 'person'],
    companyId: ['companyId', 'company'],
  },
  writable: [],
  auditOmit: ['id', 'version', 'createdAt', 'updatedAt'],
  exportColumns: [
    { key: 'id', field: null },
    { key: 'description' },
    { key: 'status' },
    { key: 'department' },
    { key: 'dueAt' },
    { key: 'owner', field: 'ownerId' },
    { key: 'person', field: 'personId' },
    { key: 'company', field: 'companyId' },
    { key: 'resolvedAt' },
    { key: 'customerToldAt' },
    { key: 'createdAt' },
    { key: 'updatedAt' },
  ],
  insertDefaults: {},
  summaryFields: ['description'],
  anchors: (row) => ({
    personId: (row.person_id as string | null) ?? null,
    companyId: (row.company_id as string | null) ?? null,
  }),
});
