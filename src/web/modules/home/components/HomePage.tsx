import { Avatar, Group, Paper, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconBuildingSkyscraper, IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import type { Company, Person } from '../../../api/types.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { formatTotal, fromNow } from '../../../ui/format.ts';
import { AnchorLink, ButtonLink } from '../../../ui/links.tsx';
import { PageHeader } from '../../../ui/PageHeader.tsx';
import { StageBadge } from '../../../ui/StageBadge.tsx';
import { can, useMe } from '../../auth/hooks/useMe.ts';
import { fetchList } from '../../records/api/records.ts';

function greeting(): string {
  const hour = new Date().getHours();
  if (hour < 12) return 'Good morning';
  if (hour < 18) return 'Good afternoon';
  return 'Good evening';
}

function MyPeople({ userId }: { userId: string }) {
  const filter = [`ownerId:eq:${userId}`];
  const query = useQuery({
    queryKey: ['people', 'list', 'home', userId],
    queryFn: () => fetchList<Person>('/people', { filter, sort: '-updatedAt', limit: 8 }),
  });
  return (
    <Paper withBorder radius="md" p="md">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          Your people
        </Title>
        {query.data && query.data.total > 0 ? (
          <AnchorLink to="/people" search={{ filter, sort: '-updatedAt' }} size="sm">
            All {formatTotal(query.data.total, query.data.totalCapped)}
          </AnchorLink>
        ) : null}
      </Group>
      {query.isPending ? (
        <Stack gap="xs">
          <Skeleton height={28} />
          <Skeleton height={28} />
          <Skeleton height={28} />
        </Stack>
      ) : query.isError ? (
        <ErrorAlert error={query.error} title="Your people could not load" onRetry={() => query.refetch()} />
      ) : query.data.data.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nobody is assigned to you yet. People you own show up here, most recently changed first.
        </Text>
      ) : (
        <Stack gap="xs">
          {query.data.data.map((p) => (
            <Group key={p.id} justify="space-between" wrap="nowrap" gap="sm">
              <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
                <Avatar name={p.fullName} color="initials" size={30} radius="xl" />
                <div style={{ minWidth: 0 }}>
                  <AnchorLink to="/people/$personId" params={{ personId: p.id }} size="sm" fw={500}>
                    {p.fullName}
                  </AnchorLink>
                  <Text size="xs" c="dimmed" truncate>
                    {[p.company?.name, `changed ${fromNow(p.updatedAt)}`].filter(Boolean).join(' · ')}
                  </Text>
                </div>
              </Group>
              <StageBadge stage={p.lifecycleStage} size="xs" />
            </Group>
          ))}
        </Stack>
      )}
    </Paper>
  );
}

function MyCompanies({ userId }: { userId: string }) {
  const filter = [`ownerId:eq:${userId}`];
  const query = useQuery({
    queryKey: ['companies', 'list', 'home', userId],
    queryFn: () => fetchList<Company>('/companies', { filter, sort: '-updatedAt', limit: 8 }),
  });
  return (
    <Paper withBorder radius="md" p="md">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          Your companies
        </Title>
        {query.data && query.data.total > 0 ? (
          <AnchorLink to="/companies" search={{ filter, sort: '-updatedAt' }} size="sm">
            All {formatTotal(query.data.total, query.data.totalCapped)}
          </AnchorLink>
        ) : null}
      </Group>
      {query.isPending ? (
        <Stack gap="xs">
          <Skeleton height={28} />
          <Skeleton height={28} />
        </Stack>
      ) : query.isError ? (
        <ErrorAlert error={query.error} title="Your companies could not load" onRetry={() => query.refetch()} />
      ) : query.data.data.length === 0 ? (
        <Text size="sm" c="dimmed">
          No companies are assigned to you yet.
        </Text>
      ) : (
        <Stack gap="xs">
          {query.data.data.map((c) => (
            <Group key={c.id} gap="sm" wrap="nowrap">
              <Avatar color="gray" size={30} radius="md">
                <IconBuildingSkyscraper size={16} aria-hidden />
              </Avatar>
              <div style={{ minWidth: 0 }}>
                <AnchorLink to="/companies/$companyId" params={{ companyId: c.id }} size="sm" fw={500}>
                  {c.name}
                </AnchorLink>
                <Text size="xs" c="dimmed" truncate>
                  {[
                    c.industry,
                    c.peopleCount !== undefined ? `${c.peopleCount} people` : null,
                    `changed ${fromNow(c.updatedAt)}`,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </Text>
              </div>
            </Group>
          ))}
        </Stack>
      )}
    </Paper>
  );
}

/** "My day": what is yours, most recently changed first, and the quickest way to add more. */
export function HomePage() {
  const me = useMe();
  const firstName = me.user.name.split(' ')[0] ?? me.user.name;
  return (
    <>
      <PageHeader
        title={`${greeting()}, ${firstName}`}
        description={new Date().toLocaleDateString(undefined, { weekday: 'long', day: 'numeric', month: 'long' })}
        actions={
          <>
            {can(me, 'people', 'create') ? (
              <ButtonLink to="/people/new" variant="default" leftSection={<IconPlus size={16} aria-hidden />}>
                Person
              </ButtonLink>
            ) : null}
            {can(me, 'companies', 'create') ? (
              <ButtonLink to="/companies/new" variant="default" leftSection={<IconPlus size={16} aria-hidden />}>
                Company
              </ButtonLink>
            ) : null}
          </>
        }
      />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        {can(me, 'people', 'read') ? <MyPeople userId={me.user.id} /> : null}
        {can(me, 'companies', 'read') ? <MyCompanies userId={me.user.id} /> : null}
      </SimpleGrid>
    </>
  );
}
