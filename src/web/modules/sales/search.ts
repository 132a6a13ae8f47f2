import { type ListSearch, validateListSearch } from '../records/listSearch.ts';

/**
 * `/deals` in the URL: which pipeline, board or table, and the board's filters (owner, team, close date, tags); the
 * table keeps the list's own state (view, q, filter, sort, cols).
 */
export interface DealsSearch extends ListSearch {
  pipeline?: string;
  layout?: 'table';
  owner?: string;
  team?: string;
  /** Expected close on or after (YYYY-MM-DD). */
  closeFrom?: string;
  closeTo?: string;
  tag?: string[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

export function validateDealsSearch(raw: Record<string, unknown>): DealsSearch {
  const { layout: _layout, ...list } = validateListSearch(raw);
  const out: DealsSearch = list;
  const pipeline = text(raw.pipeline);
  if (pipeline) out.pipeline = pipeline;
  if (raw.layout === 'table') out.layout = 'table';
  const owner = text(raw.owner);
  if (owner) out.owner = owner;
  const team = text(raw.team);
  if (team) out.team = team;
  const closeFrom = text(raw.closeFrom);
  if (closeFrom && DATE.test(closeFrom)) out.closeFrom = closeFrom;
  const closeTo = text(raw.closeTo);
  if (closeTo && DATE.test(closeTo)) out.closeTo = closeTo;
  const tags = (Array.isArray(raw.tag) ? raw.tag : [raw.tag]).map(text).filter((t): t is string => Boolean(t));
  if (tags.length) out.tag = tags;
  return out;
}

/** The board's filters in the API's `field:op:value` form, for the board and for the same deals as a table. */
export function boardFilters(search: DealsSearch): string[] {
  const out: string[] = [];
  if (search.owner) out.push(`ownerId:eq:${search.owner}`);
  if (search.team) out.push(`teamId:eq:${search.team}`);
  if (search.closeFrom) out.push(`expectedCloseDate:gte:${search.closeFrom}`);
  if (search.closeTo) out.push(`expectedCloseDate:lte:${search.closeTo}`);
  for (const tag of search.tag ?? []) out.push(`tags:eq:${tag}`);
  return out;
}

export interface ForecastSearch {
  pipeline?: string;
  /** 2027-Q1 or 2027-03. */
  period?: string;
  by?: 'team';
}

export function validateForecastSearch(raw: Record<string, unknown>): ForecastSearch {
  const out: ForecastSearch = {};
  const pipeline = text(raw.pipeline);
  if (pipeline) out.pipeline = pipeline;
  const period = text(raw.period);
  if (period && /^\d{4}-(Q[1-4]|\d{2})$/.test(period)) out.period = period;
  if (raw.by === 'team') out.by = 'team';
  return out;
}
