import { type ComboboxItem, type OptionsFilter, Select, type SelectProps } from '@mantine/core';
import { useMemo } from 'react';
import { countryMatches, countryName, countryOptions } from '../../shared/countries.ts';

/** Matches a typed search against a country's name (any word of it) or its exact code ("de", "Germ", "kingdom"). */
const filter: OptionsFilter = ({ options, search }) =>
  (options as ComboboxItem[]).filter((o) => countryMatches({ value: String(o.value), label: o.label }, search));

/**
 * A searchable country picker: names in the browser's language, stored as the ISO 3166-1 alpha-2 code. A stored code
 * the list does not know (imported data) stays selectable, shown as itself, so opening a form never changes it.
 */
export function CountrySelect({ value, ...props }: Omit<SelectProps, 'data' | 'filter'>) {
  const data = useMemo(() => {
    const options = countryOptions();
    if (value && !options.some((o) => o.value === value)) options.unshift({ value, label: countryName(value) });
    return options;
  }, [value]);
  return (
    <Select
      searchable
      clearable
      data={data}
      filter={filter}
      value={value}
      nothingFoundMessage="No country by that name"
      {...props}
    />
  );
}
