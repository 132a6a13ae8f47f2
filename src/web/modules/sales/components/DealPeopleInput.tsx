import { ActionIcon, Button, Group, Loader, Select, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { Person } from '../../../api/types.ts';
import { fetchList } from '../../records/api/records.ts';
import { DEAL_ROLE_LABELS, DEAL_ROLES, type DealRole } from '../api/deals.ts';

export interface DealPersonValue {
  personId: string;
  name: string | null;
  role: DealRole;
}

/** Finds a person by name, email or phone as you type (the people list's quick search). */
function PersonSearch({
  onPick,
  exclude,
}: {
  onPick: (person: { id: string; name: string }) => void;
  exclude: string[];
}) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const query = useQuery({
    queryKey: ['people', 'picker', debounced],
    queryFn: ({ signal }) => fetchList<Person>('/people', { q: debounced || undefined, limit: 20 }, signal),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  const data = useMemo(
    () =>
      (query.data?.data ?? [])
        .filter((p) => !exclude.includes(p.id))
        .map((p) => ({ value: p.id, label: p.fullName || 'Someone' })),
    [query.data, exclude],
  );
  return (
    <Select
      label="Add a person"
      searchable
      placeholder="Search people"
      data={data}
      value={null}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      nothingFoundMessage={query.isFetching ? 'Searching…' : 'Nobody matches'}
      rightSection={query.isFetching ? <Loader size={14} /> : undefined}
      onChange={(id, option) => {
        if (id && option) onPick({ id, name: option.label });
        setSearch('');
      }}
    />
  );
}

/** The people in the buying decision, each with their role (decision maker, champion, influencer, user, blocker). */
export function DealPeopleInput({
  value,
  onChange,
}: {
  value: DealPersonValue[];
  onChange: (next: DealPersonValue[]) => void;
}) {
  const [adding, setAdding] = useState(false);
  const roles = DEAL_ROLES.map((r) => ({ value: r, label: DEAL_ROLE_LABELS[r] }));
  return (
    <Stack gap="xs">
      {value.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nobody yet: add who decides, who champions the deal, and who might block it.
        </Text>
      ) : (
        value.map((p, i) => (
          <Group key={p.personId} gap="xs" wrap="nowrap" align="flex-end">
            <Text size="sm" style={{ flex: 1, minWidth: 0 }} truncate pb={8}>
              {p.name ?? 'Someone'}
            </Text>
            <Select
              label={`Role of ${p.name ?? 'this person'}`}
              w={170}
              allowDeselect={false}
              data={roles}
              value={p.role}
              onChange={(role) =>
                role && onChange(value.map((q, j) => (j === i ? { ...q, role: role as DealRole } : q)))
              }
            />
            <ActionIcon
              variant="subtle"
              color="gray"
              size="lg"
              aria-label={`Remove ${p.name ?? 'this person'}`}
              onClick={() => onChange(value.filter((_, j) => j !== i))}
            >
              <IconTrash size={16} aria-hidden />
            </ActionIcon>
          </Group>
        ))
      )}
      {adding ? (
        <PersonSearch
          exclude={value.map((p) => p.personId)}
          onPick={(person) => {
            onChange([...value, { personId: person.id, name: person.name, role: 'influencer' }]);
            setAdding(false);
          }}
        />
      ) : (
        <Button
          variant="subtle"
          size="compact-sm"
          w="fit-content"
          leftSection={<IconPlus size={14} aria-hidden />}
          onClick={() => setAdding(true)}
        >
          Add a person
        </Button>
      )}
    </Stack>
  );
}
