/** The state of a list page, kept in the URL so every view can be shared: `?view=&q=&filter=a:eq:b&sort=-updatedAt&cols=email,phone`. */
export interface ListSearch {
  view?: string;
  q?: string;
  filter?: string[];
  sort?: string;
  cols?: string;
  /** Include records in the bin (to find and restore them). */
  deleted?: boolean;
  /** The same records on a board instead of the table (people by lifecycle stage). */
  layout?: 'board' | 'table';
}

function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function validateListSearch(raw: Record<string, unknown>): ListSearch {
  const out: ListSearch = {};
  const view = str(raw.view);
  if (view) out.view = view;
  const q = str(raw.q);
  if (q) out.q = q;
  const filters = (Array.isArray(raw.filter) ? raw.filter : [raw.filter])
    .map((f) => str(f))
    .filter((f): f is string => Boolean(f));
  if (filters.length) out.filter = filters;
  const sort = str(raw.sort);
  if (sort) out.sort = sort;
  const cols = str(raw.cols);
  if (cols !== undefined) out.cols = cols;
  if (raw.deleted === true || raw.deleted === 'true' || raw.deleted === '1') out.deleted = true;
  if (raw.layout === 'board' || raw.layout === 'table') out.layout = raw.layout;
  return out;
}

export function columnsFromSearch(search: ListSearch, defaults: string[]): string[] {
  if (search.cols === undefined) return defaults;
  return search.cols.split(',').filter(Boolean);
}

export interface ParsedFilter {
  field: string;
  op: FilterOp;
  value: string;
}

export const FILTER_OPS = [
  'eq',
  'ne',
  'contains',
  'startsWith',
  'gt',
  'gte',
  'lt',
  'lte',
  'in',
  'empty',
  'notEmpty',
] as const;
export type FilterOp = (typeof FILTER_OPS)[number];

export const VALUELESS_OPS: ReadonlySet<FilterOp> = new Set(['empty', 'notEmpty']);

/** `field:op:value`; the value may itself contain colons. */
export function parseFilter(text: string): ParsedFilter | null {
  const first = text.indexOf(':');
  if (first < 1) return null;
  const second = text.indexOf(':', first + 1);
  const field = text.slice(0, first);
  const op = (second === -1 ? text.slice(first + 1) : text.slice(first + 1, second)) as FilterOp;
  if (!FILTER_OPS.includes(op)) return null;
  const value = second === -1 ? '' : text.slice(second + 1);
  return { field, op, value };
}

export function formatFilter(filter: ParsedFilter): string {
  return VALUELESS_OPS.has(filter.op) ? `${filter.field}:${filter.op}` : `${filter.field}:${filter.op}:${filter.value}`;
}

/** `-updatedAt` → { key: 'updatedAt', dir: 'desc' }. */
export function parseSort(sort: string | undefined): { key: string; dir: 'asc' | 'desc' } | null {
  if (!sort) return null;
  return sort.startsWith('-') ? { key: sort.slice(1), dir: 'desc' } : { key: sort, dir: 'asc' };
}

/** Search params for the router: repeated keys for arrays (`filter=a&filter=b`), plain strings otherwise. */
export function parseSearchParams(searchStr: string): Record<string, unknown> {
  const params = new URLSearchParams(searchStr.startsWith('?') ? searchStr.slice(1) : searchStr);
  const out: Record<string, unknown> = {};
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    out[key] = all.length > 1 ? all : all[0];
  }
  return out;
}

export function stringifySearchParams(search: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(search)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value) params.append(key, String(item));
    } else if (typeof value === 'object') {
      params.append(key, JSON.stringify(value));
    } else {
      params.append(key, String(value));
    }
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
