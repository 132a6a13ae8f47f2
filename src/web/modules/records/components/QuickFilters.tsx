import { Button, Group } from '@mantine/core';
import type { ListSearch } from '../listSearch.ts';

export interface QuickFilter {
  label: string;
  /** The list filters it sets (field:op:value), replacing the current ones. */
  filters: string[];
}

/** A filter's identity for "is this preset on": date bounds move with the clock, so only their field and op count. */
const shape = (filter: string) => {
  const [field, op, ...rest] = filter.split(':');
  return /At$/.test(field ?? '') && (op === 'lt' || op === 'lte' || op === 'gt' || op === 'gte')
    ? `${field}:${op}`
    : `${field}:${op}:${rest.join(':')}`;
};
const same = (a: string[], b: string[]) => a.map(shape).sort().join('\n') === b.map(shape).sort().join('\n');

/** Presets above a list ("Assigned to me", "Overdue"): one click sets the filters, another clears them. */
export function QuickFilters({
  presets,
  search,
  onSearch,
}: {
  presets: QuickFilter[];
  search: ListSearch;
  onSearch: (next: ListSearch) => void;
}) {
  const current = search.filter ?? [];
  return (
    <Group gap={6} wrap="wrap" role="group" aria-label="Quick filters">
      {presets.map((p) => {
        const on = current.length > 0 && same(current, p.filters);
        return (
          <Button
            key={p.label}
            size="compact-sm"
            radius="xl"
            variant={on ? 'light' : 'default'}
            aria-pressed={on}
            onClick={() => onSearch({ ...search, view: undefined, filter: on ? undefined : p.filters })}
          >
            {p.label}
          </Button>
        );
      })}
    </Group>
  );
}
