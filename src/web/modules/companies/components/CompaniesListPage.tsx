import { Avatar, Group, Text } from '@mantine/core';
import { IconBuildingSkyscraper } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useMemo } from 'react';
import type { Company } from '../../../api/types.ts';
import { AnchorLink } from '../../../ui/links.tsx';
import { DuplicatesButton, ImportButton } from '../../imports/components/ImportButton.tsx';
import { RecordList, type RecordListConfig } from '../../records/components/RecordList.tsx';
import { companyQueryOptions } from '../api/companies.ts';

const route = getRouteApi('/app/companies');

export function CompaniesListPage() {
  const search = route.useSearch();
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  const config = useMemo<RecordListConfig<Company>>(
    () => ({
      object: 'companies',
      title: 'Companies',
      singular: 'company',
      plural: 'companies',
      nameFieldKeys: ['name'],
      exportNameColumns: ['name'],
      nameColumn: {
        label: 'Name',
        sortKey: 'name',
        render: (c) => (
          <Group gap="xs" wrap="nowrap">
            <Avatar color="gray" size={26} radius="md">
              <IconBuildingSkyscraper size={14} aria-hidden />
            </Avatar>
            <AnchorLink
              to="/companies/$companyId"
              params={{ companyId: c.id }}
              size="sm"
              fw={500}
              c="dark"
              truncate
              onClick={(e) => e.stopPropagation()}
            >
              {c.name}
            </AnchorLink>
            {c.deletedAt ? (
              <Text span size="xs" c="dimmed">
                (deleted)
              </Text>
            ) : null}
          </Group>
        ),
      },
      defaultColumns: ['domain', 'industry', 'size', 'city', 'ownerId', 'updatedAt'],
      emptyText: 'Companies are the organisations your people work for: customers, prospects and partners.',
      onOpen: (c) => void navigate({ to: '/companies/$companyId', params: { companyId: c.id } }),
      onCreate: () => void navigate({ to: '/companies/new' }),
      onPrefetch: (c) => void queryClient.prefetchQuery(companyQueryOptions(c.id)),
      actions: (
        <>
          <ImportButton kind="companies" />
          <DuplicatesButton kind="companies" />
        </>
      ),
    }),
    [navigate, queryClient],
  );

  return (
    <RecordList<Company>
      config={config}
      search={search}
      onSearch={(next, options) =>
        void navigate({ to: '/companies', search: next, replace: options?.replace ?? false })
      }
    />
  );
}
