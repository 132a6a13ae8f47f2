import type { ObjectName } from '../../api/types.ts';
import type { ListSearch } from './listSearch.ts';

/**
 * Where the user was on each list (filters, sort, view, columns, scroll and highlighted row), for this tab's session:
 * Escape on a record goes back to that list as it was, not to the bare list.
 */
interface Remembered {
  search: ListSearch;
  scrollTop: number;
  highlighted: number;
}

const memory = new Map<ObjectName, Remembered>();
const keyOf = (search: ListSearch) =>
  JSON.stringify(
    Object.entries(search)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => a.localeCompare(b)),
  );

/** The list's current search; scroll and highlight start over when the search changed. */
export function rememberListSearch(object: ObjectName, search: ListSearch): void {
  const was = memory.get(object);
  if (was && keyOf(was.search) === keyOf(search)) return;
  memory.set(object, { search, scrollTop: 0, highlighted: -1 });
}

export function rememberListPosition(object: ObjectName, position: { scrollTop?: number; highlighted?: number }): void {
  const was = memory.get(object);
  if (was) memory.set(object, { ...was, ...position });
}

/** The search to go back to (empty: the whole list). */
export function lastListSearch(object: ObjectName): ListSearch {
  return memory.get(object)?.search ?? {};
}

/** The scroll and highlight to restore when the list shows `search` again; null for any other search. */
export function listPositionFor(
  object: ObjectName,
  search: ListSearch,
): { scrollTop: number; highlighted: number } | null {
  const was = memory.get(object);
  return was && keyOf(was.search) === keyOf(search) ? { scrollTop: was.scrollTop, highlighted: was.highlighted } : null;
}
