/** The performance page's URL state: the period, the grouping and the pipeline of the funnel. */
export interface PerformanceSearch {
  range?: 'quarter' | 'last-quarter' | 'year' | '12m';
  by?: 'team';
  pipeline?: string;
}

const RANGES = new Set(['quarter', 'last-quarter', 'year', '12m']);

export function validatePerformanceSearch(raw: Record<string, unknown>): PerformanceSearch {
  const out: PerformanceSearch = {};
  if (typeof raw.range === 'string' && RANGES.has(raw.range)) out.range = raw.range as PerformanceSearch['range'];
  if (raw.by === 'team') out.by = 'team';
  if (typeof raw.pipeline === 'string' && /^[\w-]{1,64}$/.test(raw.pipeline)) out.pipeline = raw.pipeline;
  return out;
}
