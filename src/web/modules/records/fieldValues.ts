import type { FieldMeta, FieldType } from '../../api/types.ts';
import type { FilterOp } from './listSearch.ts';

/** Reference fields and the object their ids point at. */
export const REFERENCE_KINDS: Record<string, 'user' | 'team' | 'company' | 'stage' | 'pipeline'> = {
  ownerId: 'user',
  assigneeId: 'user',
  createdById: 'user',
  teamId: 'team',
  companyId: 'company',
  parentId: 'company',
  stageId: 'stage',
  pipelineId: 'pipeline',
};

/** Export columns are named after what they show: `companyId` exports as `company` (its name). */
export const EXPORT_COLUMN_ALIASES: Record<string, string> = {
  companyId: 'company',
  personId: 'person',
  ownerId: 'owner',
  assigneeId: 'assignee',
  createdById: 'createdBy',
  teamId: 'team',
  parentId: 'parent',
  stageId: 'stage',
  pipelineId: 'pipeline',
};

/** The embedded object the API returns beside a reference id (`companyId` → `company`). */
const REFERENCE_OBJECTS: Record<string, string> = {
  ownerId: 'owner',
  assigneeId: 'assignee',
  createdById: 'createdBy',
  personId: 'person',
  teamId: 'team',
  companyId: 'company',
  parentId: 'parent',
  stageId: 'stage',
  pipelineId: 'pipeline',
};

/** List fields the API returns inside an object of the record (a company's credit and customer value). */
const NESTED_PATHS: Record<string, string> = {
  creditStatus: 'credit.status',
  lifetimeRevenue: 'value.lifetimeRevenue',
  last12MonthsRevenue: 'value.last12MonthsRevenue',
  clv: 'value.clv',
  rfmSegment: 'value.rfmSegment',
  churnRisk: 'value.churnRisk',
};

const ADDRESS_KEYS = new Set(['line1', 'line2', 'city', 'region', 'postalCode', 'country']);

/** Reads a list column's value from a record: custom fields, first email/phone, embedded references. */
export function readField(record: object, key: string): unknown {
  const r = record as Record<string, unknown>;
  if (key.startsWith('cf.')) {
    const custom = r.customFields as Record<string, unknown> | undefined;
    return custom?.[key.slice(3)];
  }
  if (key === 'email' && Array.isArray(r.emails)) return (r.emails[0] as { email?: string } | undefined)?.email;
  if (key === 'phone' && Array.isArray(r.phones)) return (r.phones[0] as { number?: string } | undefined)?.number;
  if (key === 'lastContactAt' && r.lastContact !== undefined)
    return (r.lastContact as { at?: string } | null)?.at ?? null;
  if (ADDRESS_KEYS.has(key)) return (r.address as Record<string, unknown> | null | undefined)?.[key];
  const embedded = REFERENCE_OBJECTS[key];
  if (embedded && r[embedded] !== undefined) return r[embedded];
  const path = key.includes('.') ? key : r[key] === undefined ? NESTED_PATHS[key] : undefined;
  if (path) {
    return path.split('.').reduce<unknown>((acc, part) => (acc as Record<string, unknown> | undefined)?.[part], r);
  }
  return r[key];
}

export const OP_LABELS: Record<FilterOp, string> = {
  eq: 'is',
  ne: 'is not',
  contains: 'contains',
  startsWith: 'starts with',
  gt: 'greater than',
  gte: 'at least',
  lt: 'less than',
  lte: 'at most',
  in: 'is any of',
  empty: 'is empty',
  notEmpty: 'is not empty',
};

const DATE_OP_LABELS: Partial<Record<FilterOp, string>> = {
  eq: 'is on',
  gt: 'is after',
  gte: 'is on or after',
  lt: 'is before',
  lte: 'is on or before',
};

const TAG_OP_LABELS: Partial<Record<FilterOp, string>> = {
  contains: 'has',
  in: 'has any of',
};

export function opLabel(type: FieldType | undefined, op: FilterOp): string {
  if (type === 'date' || type === 'datetime') return DATE_OP_LABELS[op] ?? OP_LABELS[op];
  if (type === 'multiSelect') return TAG_OP_LABELS[op] ?? OP_LABELS[op];
  return OP_LABELS[op];
}

export function opsFor(field: FieldMeta): FilterOp[] {
  switch (field.type) {
    case 'number':
    case 'currency':
      return ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'empty', 'notEmpty'];
    case 'date':
    case 'datetime':
      return ['gt', 'lt', 'gte', 'lte', 'eq', 'empty', 'notEmpty'];
    case 'boolean':
      return ['eq'];
    case 'select':
      return ['eq', 'ne', 'in', 'empty', 'notEmpty'];
    case 'multiSelect':
      return ['contains', 'in', 'empty', 'notEmpty'];
    case 'reference':
      return ['eq', 'ne', 'in', 'empty', 'notEmpty'];
    default:
      return ['contains', 'eq', 'ne', 'startsWith', 'empty', 'notEmpty'];
  }
}

/** Options of a select field; the lifecycle stage has a known set even when the server sends none. */
export function optionsFor(field: FieldMeta): string[] {
  if (field.options?.length) return field.options;
  if (field.key === 'lifecycleStage') return ['lead', 'prospect', 'customer', 'former_customer'];
  if (field.key === 'preferredChannel') return ['email', 'phone', 'sms', 'whatsapp', 'post', 'in_person'];
  if (field.key === 'size') return ['1-10', '11-50', '51-200', '201-1000', '1000+'];
  return [];
}

/** The column width a field type usually needs. */
export function columnWidth(field: FieldMeta): number {
  switch (field.type) {
    case 'boolean':
      return 110;
    case 'date':
    case 'number':
    case 'currency':
      return 140;
    case 'datetime':
      return 170;
    case 'multiSelect':
    case 'email':
    case 'url':
      return 220;
    case 'longText':
      return 260;
    default:
      return 180;
  }
}
