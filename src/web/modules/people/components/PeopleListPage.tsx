import { Avatar, Group, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useMemo } from 'react';
import type { Person } from '../../../api/types.ts';
import { AnchorLink } from '../../../ui/links.tsx';
import { RecordList, type RecordListConfig } from '../../records/components/RecordList.tsx';
import { personQueryOptions } from '../api/people.ts';

const route = getRouteApi('/app/people');

export function PeopleListPage() {
  const search = route.useSearch();
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  const config = useMemo<RecordListConfig<Person>>(
    () => ({
      object: 'people',
      title: 'People',
      singular: 'person',
      plural: 'people',
      nameFieldKeys: ['name', 'fullName', 'firstName', 'lastName'],
      exportNameColumns: ['firstName', 'lastName'],
      nameColumn: {
        label: 'Name',
        sortKey: 'name',
        render: (p) => (
          <Group gap="xs" wrap="nowrap">
            <Avatar name={p.fullName} color="initials" size={26} radius="xl" />
            <AnchorLink
              to="/people/$personId"
              params={{ personId: p.id }}
              size="sm"
              fw={500}
              c="dark"
              truncate
              onClick={(e) => e.stopPropagation()}
            >
              {p.fullName || `${p.firstName} ${p.lastName}`.trim()}
            </AnchorLink>
            {p.deletedAt ? (
              <Text span size="xs" c="dimmed">
                (deleted)
              </Text>
            ) : null}
          </Group>
        ),
      },
      defaultColumns: ['email', 'phone', 'companyId', 'lifecycleStage', 'ownerId', 'updatedAt'],
      emptyText: 'People are the customers and contacts you work with. Everyone you talk to belongs here.',
      onOpen: (p) => void navigate({ to: '/people/$personId', params: { personId: p.id } }),
      onCreate: () => void navigate({ to: '/people/new' }),
      onPrefetch: (p) => void queryClient.prefetchQuery(personQueryOptions(p.id)),
    }),
    [navigate, queryClient],
  );

  return (
    <RecordList<Person>
      config={config}
      search={search}
      onSearch={(next, options) => void navigate({ to: '/people', search: next, replace: options?.replace ?? false })}
    />
  );
}
