import { Avatar, Group, Loader, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { Spotlight } from '@mantine/spotlight';
import { IconBuildingSkyscraper, IconPlus, IconSearch } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { api } from '../../../api/client.ts';
import type { Company, ListPage, Person } from '../../../api/types.ts';
import { can, useMe } from '../../auth/hooks/useMe.ts';

/** Cmd/Ctrl-K from anywhere: people and companies through their list endpoints (`q=`). */
export function GlobalSearch() {
  const me = useMe();
  const navigate = useNavigate();
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query.trim(), 200);
  const canPeople = can(me, 'people', 'read');
  const canCompanies = can(me, 'companies', 'read');

  const people = useQuery({
    queryKey: ['search', 'people', debounced],
    queryFn: ({ signal }) => api.get<ListPage<Person>>('/people', { q: debounced, limit: 6 }, signal),
    enabled: canPeople && debounced.length > 0,
    staleTime: 30_000,
  });
  const companies = useQuery({
    queryKey: ['search', 'companies', debounced],
    queryFn: ({ signal }) => api.get<ListPage<Company>>('/companies', { q: debounced, limit: 6 }, signal),
    enabled: canCompanies && debounced.length > 0,
    staleTime: 30_000,
  });

  const loading = people.isFetching || companies.isFetching;
  const peopleHits = debounced ? (people.data?.data ?? []) : [];
  const companyHits = debounced ? (companies.data?.data ?? []) : [];
  const nothing = debounced && !loading && peopleHits.length === 0 && companyHits.length === 0;

  return (
    <Spotlight.Root query={query} onQueryChange={setQuery} shortcut={['mod + K']} scrollable maxHeight={480}>
      <Spotlight.Search
        placeholder="Search people and companies"
        aria-label="Search people and companies"
        leftSection={loading ? <Loader size={16} /> : <IconSearch size={18} aria-hidden />}
      />
      <Spotlight.ActionsList>
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
        {peopleHits.length > 0 ? (
          <Spotlight.ActionsGroup label="People">
            {peopleHits.map((p) => (
              <Spotlight.Action
                key={p.id}
                onClick={() => navigate({ to: '/people/$personId', params: { personId: p.id } })}
              >
                <Group wrap="nowrap" gap="sm" w="100%">
                  <Avatar name={p.fullName} color="initials" size={30} radius="xl" />
                  <div style={{ minWidth: 0 }}>
                    <Text size="sm" truncate>
                      {p.fullName}
                    </Text>
                    <Text size="xs" c="dimmed" truncate>
                      {[p.jobTitle, p.company?.name, p.emails?.[0]?.email].filter(Boolean).join(' · ')}
                    </Text>
                  </div>
                </Group>
              </Spotlight.Action>
            ))}
          </Spotlight.ActionsGroup>
        ) : null}
        {companyHits.length > 0 ? (
          <Spotlight.ActionsGroup label="Companies">
            {companyHits.map((c) => (
              <Spotlight.Action
                key={c.id}
                onClick={() => navigate({ to: '/companies/$companyId', params: { companyId: c.id } })}
              >
                <Group wrap="nowrap" gap="sm" w="100%">
                  <Avatar color="gray" size={30} radius="md">
                    <IconBuildingSkyscraper size={16} aria-hidden />
                  </Avatar>
                  <div style={{ minWidth: 0 }}>
                    <Text size="sm" truncate>
                      {c.name}
                    </Text>
                    <Text size="xs" c="dimmed" truncate>
                      {[c.domain, c.industry].filter(Boolean).join(' · ')}
                    </Text>
                  </div>
                </Group>
              </Spotlight.Action>
            ))}
          </Spotlight.ActionsGroup>
        ) : null}
        {nothing ? <Spotlight.Empty>No people or companies match “{debounced}”.</Spotlight.Empty> : null}
        {people.isError || companies.isError ? (
          <Spotlight.Empty>Search is not available right now. Try again in a moment.</Spotlight.Empty>
        ) : null}
      </Spotlight.ActionsList>
    </Spotlight.Root>
  );
}
