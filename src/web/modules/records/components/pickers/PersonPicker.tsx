import { Loader, Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { Person, Ref } from '../../../../api/types.ts';
import { fetchList } from '../../api/records.ts';

type Props = Omit<SelectProps, 'data' | 'value' | 'onChange' | 'searchValue' | 'onSearchChange'> & {
  value: string | null;
  onChange: (value: string | null, person: Ref | null) => void;
  /** The selected person's name, when already known (from the record). */
  selected?: Ref | null;
};

/** Searches people on the server by name, email or phone (`q=`) as you type. */
export function PersonPicker({ value, onChange, selected, ...rest }: Props) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const [picked, setPicked] = useState<Ref | null>(selected ?? null);
  const selectedLabel = picked && picked.id === value ? picked.name : selected?.id === value ? selected.name : null;
  const q = debounced === selectedLabel ? '' : debounced;
  const query = useQuery({
    queryKey: ['people', 'picker', q],
    queryFn: ({ signal }) => fetchList<Person>('/people', { q: q || undefined, limit: 20 }, signal),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });

  const data = useMemo(() => {
    const options = (query.data?.data ?? []).map((p) => ({ value: p.id, label: p.fullName || 'Someone' }));
    if (value && selectedLabel && !options.some((o) => o.value === value)) {
      options.unshift({ value, label: selectedLabel });
    }
    return options;
  }, [query.data, value, selectedLabel]);

  return (
    <Select
      searchable
      clearable
      nothingFoundMessage={query.isFetching ? 'Searching…' : 'Nobody matches'}
      placeholder="Search people"
      {...rest}
      data={data}
      value={value}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      rightSection={query.isFetching ? <Loader size={14} /> : undefined}
      onChange={(next, option) => {
        const ref = next && option ? { id: next, name: option.label } : null;
        setPicked(ref);
        onChange(next, ref);
      }}
    />
  );
}
