import { Avatar, Group, SegmentedControl, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useMemo } from 'react';
import type { Person } from '../../../api/types.ts';
import { AnchorLink } from '../../../ui/links.tsx';
import { DuplicatesButton, ImportButton } from '../../imports/components/ImportButton.tsx';
import { RecordList, type RecordListConfig } from '../../records/components/RecordList.tsx';
import { personQueryOptions } from '../api/people.ts';
import { PeopleBoard } from './PeopleBoard.tsx';

const route = getRouteApi('/app/people');

export function PeopleListPage() {
  const search = route.useSearch();
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  const layoutSwitch = useMemo(
    () => (
      <SegmentedControl
        aria-label="Show people as"
        value={search.layout === 'board' ? 'board' : 'table'}
        onChange={(value) =>
          void navigate({ to: '/people', search: { ...search, layout: value === 'board' ? 'board' : undefined } })
        }
        data={[
          { value: 'table', label: 'Table' },
          { value: 'board', label: 'Board' },
        ]}
      />
    ),
    [navigate, search],
  );

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
      actions: (
        <>
          {layoutSwitch}
          <ImportButton kind="people" />
          <DuplicatesButton kind="people" />
        </>
      ),
    }),
    [navigate, queryClient, layoutSwitch],
  );

  if (search.layout === 'board') {
    return (
      <PeopleBoard
        search={search}
        actions={layoutSwitch}
        onOpen={(p) => void navigate({ to: '/people/$personId', params: { personId: p.id } })}
      />
    );
  }

  return (
    <RecordList<Person>
      config={config}
      search={search}
      onSearch={(next, options) => void navigate({ to: '/people', search: next, replace: options?.replace ?? false })}
    />
  );
}
