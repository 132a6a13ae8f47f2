import { Avatar, Group, Loader, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { Spotlight } from '@mantine/spotlight';
import { IconBuildingSkyscraper, IconPlus, IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import type { SearchHit } from '../../../api/types.ts';
import { can, useMe } from '../../auth/hooks/useMe.ts';
import { search } from '../../search/api/search.ts';
import { CardLine } from '../../search/components/CardBits.tsx';

const GROUPS: { kind: SearchHit['kind']; label: string }[] = [
  { kind: 'people', label: 'People' },
  { kind: 'companies', label: 'Companies' },
];

/**
 * Cmd/Ctrl-K from anywhere (and the top bar box): `/search` over people and companies, grouped by kind, each with its
 * compact context card. Arrows move, Enter opens. Names, emails, domains and phone numbers in any format work.
 */
export function GlobalSearch() {
  const me = useMe();
  const navigate = useNavigate();
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query.trim(), 150);

  const results = useQuery({
    queryKey: ['search', debounced],
    queryFn: ({ signal }) => search(debounced, signal),
    enabled: debounced.length > 0,
    staleTime: 30_000,
    placeholderData: keepPreviousData,
  });

  const hits = debounced ? (results.data ?? []) : [];
  const nothing = debounced && !results.isFetching && results.isSuccess && hits.length === 0;
  const open = (hit: SearchHit) => {
    setQuery('');
    if (hit.kind === 'people') void navigate({ to: '/people/$personId', params: { personId: hit.id } });
    else void navigate({ to: '/companies/$companyId', params: { companyId: hit.id } });
  };

  return (
    <Spotlight.Root query={query} onQueryChange={setQuery} shortcut={['mod + K']} scrollable maxHeight={560} size="lg">
      <Spotlight.Search
        placeholder="Search by name, email, phone or website"
        aria-label="Search people and companies"
        leftSection={results.isFetching ? <Loader size={16} /> : <IconSearch size={18} aria-hidden />}
      />
      <Spotlight.ActionsList aria-label="Search results">
        {!debounced ? (
          <Spotlight.ActionsGroup label="Create">
            {can(me, 'people', 'create') ? (
              <Spotlight.Action
                label="New person"
                leftSection={<IconPlus size={18} aria-hidden />}
                onClick={() => navigate({ to: '/people/new' })}
              />
            ) : null}
            {can(me, 'companies', 'create') ? (
              <Spotlight.Action
                label="New company"
                leftSection={<IconPlus size={18} aria-hidden />}
                onClick={() => navigate({ to: '/companies/new' })}
              />
            ) : null}
          </Spotlight.ActionsGroup>
        ) : null}
        {GROUPS.map(({ kind, label }) => {
          const group = hits.filter((h) => h.kind === kind);
          if (group.length === 0) return null;
          return (
            <Spotlight.ActionsGroup key={kind} label={label}>
              {group.map((hit) => (
                <Spotlight.Action
                  key={`${hit.kind}:${hit.id}`}
                  onClick={() => open(hit)}
                  data-testid="search-hit"
                  data-record={`${hit.kind}:${hit.id}`}
                >
                  <Group wrap="nowrap" gap="sm" w="100%" align="flex-start">
                    {kind === 'people' ? (
                      <Avatar name={hit.title} color="initials" size={32} radius="xl" />
                    ) : (
                      <Avatar color="gray" size={32} radius="md">
                        <IconBuildingSkyscraper size={16} aria-hidden />
                      </Avatar>
                    )}
                    <div style={{ minWidth: 0, flex: 1 }}>
                      <Text size="sm" fw={500} truncate>
                        {hit.title}
                      </Text>
                      {hit.subtitle ? (
                        <Text size="xs" c="dimmed" truncate>
                          {hit.subtitle}
                        </Text>
                      ) : null}
                      <CardLine card={hit.card} />
                    </div>
                  </Group>
                </Spotlight.Action>
              ))}
            </Spotlight.ActionsGroup>
          );
        })}
        {nothing ? (
          <Spotlight.Empty>
            Nobody you can see matches “{debounced}”. Try part of a name, an email, a phone number or a website.
          </Spotlight.Empty>
        ) : null}
        {results.isError ? (
          <Spotlight.Empty>Search is not available right now. Try again in a moment.</Spotlight.Empty>
        ) : null}
      </Spotlight.ActionsList>
    </Spotlight.Root>
  );
}
