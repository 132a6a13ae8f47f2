import { Badge, Group } from '@mantine/core';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import type { CustomerPromise } from '../../../api/types.ts';
import { AnchorLink, ButtonLink } from '../../../ui/links.tsx';
import { can, useMe } from '../../auth/hooks/useMe.ts';
import { type QuickFilter, QuickFilters } from '../../records/components/QuickFilters.tsx';
import { RecordList, type RecordListConfig } from '../../records/components/RecordList.tsx';

const route = getRouteApi('/app/promises');

/** The presets of the promises list, with date bounds taken when the page opens (they go into the URL as they are). */
export function promisePresets(userId: string, at: dayjs.Dayjs = dayjs()): QuickFilter[] {
  const open = 'status:eq:open';
  return [
    { label: 'Mine', filters: [`ownerId:eq:${userId}`, open] },
    { label: 'Overdue', filters: [open, `dueAt:lt:${at.toISOString()}`] },
    {
      label: 'Due this week',
      filters: [
        open,
        `dueAt:gte:${at.startOf('day').toISOString()}`,
        `dueAt:lt:${at.startOf('day').add(7, 'day').toISOString()}`,
      ],
    },
    { label: 'Broken', filters: ['status:eq:broken'] },
  ];
}

/**
 * `/promises`: every promise to a customer you may see, as a list with saved views, filters, columns, export and
 * keyboard. Promises are made on their customer's page, so the list has no New button.
 */
export function PromisesListPage() {
  const search = route.useSearch();
  const navigate = useNavigate();
  const me = useMe();
  const go = (next: typeof search, replace = false) => void navigate({ to: '/promises', search: next, replace });
  const presets = useMemo(() => promisePresets(me.user.id), [me.user.id]);

  const config = useMemo<RecordListConfig<CustomerPromise>>(
    () => ({
      object: 'promises',
      title: 'Promises',
      singular: 'promise',
      plural: 'promises',
      nameFieldKeys: ['description'],
      exportNameColumns: ['description'],
      nameColumn: {
        label: 'Promise',
        sortKey: 'description',
        render: (p) => (
          <Group gap="xs" wrap="nowrap">
            <AnchorLink
              to="/promises/$itemId"
              params={{ itemId: p.id }}
              size="sm"
              fw={500}
              c="dark"
              truncate
              onClick={(e) => e.stopPropagation()}
            >
              {p.description}
            </AnchorLink>
            {p.overdue ? (
              <Badge size="xs" color="red" variant="light">
                Overdue
              </Badge>
            ) : null}
          </Group>
        ),
      },
      defaultColumns: ['status', 'dueAt', 'ownerId', 'personId', 'companyId', 'department'],
      emptyText:
        'Promises are what we told a customer we would do, by when ("the revised quote by Wednesday"). Record one from the person or company it was made to; it is tracked here until kept, broken or renegotiated.',
      emptyAction: can(me, 'people', 'read') ? (
        <ButtonLink to="/people" variant="default">
          Open a person to record a promise
        </ButtonLink>
      ) : undefined,
      onOpen: (p) => void navigate({ to: '/promises/$itemId', params: { itemId: p.id } }),
      filterOnly: ['teamId'],
      noBin: true,
      excel: true,
      toolbar: (
        <QuickFilters
          presets={presets}
          search={search}
          onSearch={(next) => void navigate({ to: '/promises', search: next, replace: true })}
        />
      ),
    }),
    [navigate, presets, search, me],
  );

  return (
    <RecordList<CustomerPromise>
      config={config}
      search={search}
      onSearch={(next, options) => go(next, options?.replace ?? false)}
    />
  );
}
