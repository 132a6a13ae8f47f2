import { Loader, Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { Ref } from '../../../../api/types.ts';
import { searchCompanies } from '../../../companies/api/companies.ts';

type Props = Omit<SelectProps, 'data' | 'value' | 'onChange' | 'searchValue' | 'onSearchChange'> & {
  value: string | null;
  onChange: (value: string | null, company: Ref | null) => void;
  /** The selected company's name, when already known (from the record). */
  selected?: Ref | null;
  /** A company to leave out (a company cannot be its own parent). */
  excludeId?: string;
};

/** Searches companies on the server with `q=` as you type. */
export function CompanyPicker({ value, onChange, selected, excludeId, ...rest }: Props) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const [picked, setPicked] = useState<Ref | null>(selected ?? null);
  const selectedLabel = picked && picked.id === value ? picked.name : selected?.id === value ? selected.name : null;
  const query = useQuery({
    queryKey: ['companies', 'picker', debounced === selectedLabel ? '' : debounced],
    queryFn: () => searchCompanies(debounced === selectedLabel ? '' : debounced, 20),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });

  const data = useMemo(() => {
    const options = (query.data?.data ?? [])
      .filter((c) => c.id !== excludeId)
      .map((c) => ({ value: c.id, label: c.name ?? '' }));
    if (value && selectedLabel && !options.some((o) => o.value === value)) {
      options.unshift({ value, label: selectedLabel });
    }
    return options;
  }, [query.data, value, selectedLabel, excludeId]);

  return (
    <Select
      searchable
      clearable
      nothingFoundMessage={query.isFetching ? 'Searching…' : 'No company matches'}
      placeholder="Search companies"
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
