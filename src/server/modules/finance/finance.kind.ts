/**
 * Orders, invoices and payments as kinds of record. They come from the ERP (the book of record), so they have no owner
 * (whoever may read invoices reads every invoice), no custom fields and no writable fields through the record API:
 * the ERP sync (`erp-sync.service.ts`) writes them. Lists, filters, sorts, exports, history and field rules come from
 * the kernel like any kind.
 */
import { defineRecordKind } from '../../platform/records/kind.ts';
import { INVOICE_STATUSES, ORDER_STATUSES } from './finance.schemas.ts';

const companyField = {
  key: 'companyId',
  label: 'Company',
  type: 'reference',
  column: 'company_id',
  sortable: false,
  reference: 'companies',
} as const;
const personField = {
  key: 'personId',
  label: 'Person',
  type: 'reference',
  column: 'person_id',
  sortable: false,
  reference: 'people',
} as const;
const stamps = [
  { key: 'createdAt', label: 'Created', type: 'datetime', column: 'created_at', notNull: true },
  { key: 'updatedAt', label: 'Updated', type: 'datetime', column: 'updated_at', notNull: true },
] as const;
const auditOmit = ['id', 'company', 'invoice', 'overdueDays', 'version', 'createdAt', 'updatedAt', 'deletedAt'];
const anchors = (row: Record<string, unknown>) => ({
  personId: (row.person_id as string | null) ?? null,
  companyId: (row.company_id as string | null) ?? null,
});

export const ordersKind = defineRecordKind({
  name: 'orders',
  label: 'Orders',
  singularLabel: 'Order',
  eventPrefix: 'order',
  table: 'orders',
  owned: false,
  customFields: false,
  searchable: true,
  cards: true,
  module: 'accounts',
  // "SO-10023" or "10023" finds an order (the generic search document of `platform/records/search.ts`).
  search: { title: ['number'], subtitle: ['companyId', 'total', 'status'], terms: ['externalId'] },
  defaultSort: '-orderedAt',
  fields: [
    { key: 'number', label: 'Number', type: 'text', column: 'number', notNull: true },
    { key: 'externalId', label: 'ERP id', type: 'text', column: 'external_id', notNull: true },
    companyField,
    personField,
    { key: 'status', label: 'Status', type: 'select', column: 'status', options: ORDER_STATUSES, notNull: true },
    { key: 'orderedAt', label: 'Ordered', type: 'date', column: 'ordered_at', notNull: true },
    { key: 'total', label: 'Total', type: 'currency', column: 'total_minor', notNull: true },
    ...stamps,
  ],
  fieldPaths: { companyId: ['companyId', 'company'], total: ['total', 'lines'] },
  writable: [],
  auditOmit,
  exportColumns: [
    { key: 'id', field: null },
    { key: 'number' },
    { key: 'externalId' },
    { key: 'company', field: 'companyId' },
    { key: 'status' },
    { key: 'orderedAt' },
    { key: 'total' },
    { key: 'currency', field: 'total' },
    { key: 'createdAt' },
    { key: 'updatedAt' },
  ],
  insertDefaults: { lines: '[]' },
  summaryFields: ['number', 'status'],
  anchors,
});

export const invoicesKind = defineRecordKind({
  name: 'invoices',
  label: 'Invoices',
  singularLabel: 'Invoice',
  eventPrefix: 'invoice',
  table: 'invoices',
  owned: false,
  customFields: false,
  searchable: true,
  cards: true,
  module: 'accounts',
  search: { title: ['number'], subtitle: ['companyId', 'outstanding', 'status'], terms: ['externalId'] },
  defaultSort: '-issuedAt',
  fields: [
    { key: 'number', label: 'Number', type: 'text', column: 'number', notNull: true },
    { key: 'externalId', label: 'ERP id', type: 'text', column: 'external_id', notNull: true },
    companyField,
    personField,
    { key: 'status', label: 'Status', type: 'select', column: 'status', options: INVOICE_STATUSES, notNull: true },
    { key: 'issuedAt', label: 'Issued', type: 'date', column: 'issued_at', notNull: true },
    { key: 'dueAt', label: 'Due', type: 'date', column: 'due_at', notNull: true },
    { key: 'total', label: 'Total', type: 'currency', column: 'total_minor', notNull: true },
    { key: 'amountPaid', label: 'Paid', type: 'currency', column: 'amount_paid_minor', notNull: true },
    { key: 'outstanding', label: 'Outstanding', type: 'currency', column: 'outstanding_minor', notNull: true },
    ...stamps,
  ],
  fieldPaths: { companyId: ['companyId', 'company'], total: ['total', 'lines'] },
  writable: [],
  auditOmit,
  exportColumns: [
    { key: 'id', field: null },
    { key: 'number' },
    { key: 'externalId' },
    { key: 'company', field: 'companyId' },
    { key: 'status' },
    { key: 'issuedAt' },
    { key: 'dueAt' },
    { key: 'total' },
    { key: 'amountPaid' },
    { key: 'outstanding' },
    { key: 'currency', field: 'total' },
    { key: 'overdueDays', field: 'dueAt' },
    { key: 'createdAt' },
    { key: 'updatedAt' },
  ],
  insertDefaults: { lines: '[]' },
  summaryFields: ['number', 'status'],
  anchors,
});

export const paymentsKind = defineRecordKind({
  name: 'payments',
  label: 'Payments',
  singularLabel: 'Payment',
  eventPrefix: 'payment',
  table: 'payments',
  owned: false,
  customFields: false,
  searchable: false,
  cards: false,
  module: 'accounts',
  defaultSort: '-paidAt',
  fields: [
    { key: 'externalId', label: 'ERP id', type: 'text', column: 'external_id', notNull: true },
    companyField,
    personField,
    {
      key: 'invoiceId',
      label: 'Invoice',
      type: 'reference',
      column: 'invoice_id',
      sortable: false,
      reference: 'invoices',
    },
    { key: 'paidAt', label: 'Paid', type: 'date', column: 'paid_at', notNull: true },
    { key: 'amount', label: 'Amount', type: 'currency', column: 'amount_minor', notNull: true },
    { key: 'method', label: 'Method', type: 'text', column: 'method' },
    ...stamps,
  ],
  fieldPaths: { companyId: ['companyId', 'company'], invoiceId: ['invoiceId', 'invoice'] },
  writable: [],
  auditOmit,
  exportColumns: [
    { key: 'id', field: null },
    { key: 'externalId' },
    { key: 'company', field: 'companyId' },
    { key: 'invoice', field: 'invoiceId' },
    { key: 'paidAt' },
    { key: 'amount' },
    { key: 'currency', field: 'amount' },
    { key: 'method' },
    { key: 'createdAt' },
    { key: 'updatedAt' },
  ],
  insertDefaults: {},
  summaryFields: ['amount'],
  anchors,
});
