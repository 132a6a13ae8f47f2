import { Avatar, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconBuildingSkyscraper, IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';
import type { Company, ListPage } from '../../../api/types.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { formatTotal } from '../../../ui/format.ts';
import { AnchorLink, ButtonLink } from '../../../ui/links.tsx';
import { StageBadge } from '../../../ui/StageBadge.tsx';
import { fetchCompanyPeople } from '../api/companies.ts';

function CompanyLine({ company }: { company: { id: string; name: string } }) {
  return (
    <Group gap="sm" wrap="nowrap">
      <Avatar color="gray" radius="md" size={28}>
        <IconBuildingSkyscraper size={14} aria-hidden />
      </Avatar>
      <AnchorLink to="/companies/$companyId" params={{ companyId: company.id }} size="sm" fw={500}>
        {company.name}
      </AnchorLink>
    </Group>
  );
}

/** The people of the company, its parent and its subsidiaries. */
export function CompanyRelated({ company, canAddPerson }: { company: Company; canAddPerson: boolean }) {
  const people = useQuery({
    queryKey: ['companies', 'people', company.id, 20],
    queryFn: () => fetchCompanyPeople(company.id, 20),
  });
  const children = useQuery({
    queryKey: ['companies', 'children', company.id],
    queryFn: () => api.get<ListPage<Company>>('/companies', { filter: [`parentId:eq:${company.id}`], limit: 10 }),
    retry: false,
  });

  return (
    <Stack gap="md">
      <Paper withBorder p="md" radius="md">
        <Group justify="space-between" mb="sm">
          <Title order={2} size="h4">
            People {people.data ? `(${formatTotal(people.data.total, people.data.totalCapped)})` : ''}
          </Title>
          {canAddPerson ? (
            <ButtonLink
              to="/people/new"
              search={{ companyId: company.id }}
              variant="subtle"
              size="compact-sm"
              leftSection={<IconPlus size={14} aria-hidden />}
            >
              Add person
            </ButtonLink>
          ) : null}
        </Group>
        {people.isError ? (
          <ErrorAlert error={people.error} title="People could not load" />
        ) : people.isPending ? (
          <Text size="sm" c="dimmed">
            Loading…
          </Text>
        ) : people.data.data.length === 0 ? (
          <Text size="sm" c="dimmed">
            Nobody from {company.name} yet. Add the people you talk to there.
          </Text>
        ) : (
          <Stack gap="xs">
            {people.data.data.map((p) => (
              <Group key={p.id} gap="sm" wrap="nowrap" justify="space-between">
                <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
                  <Avatar name={p.fullName} color="initials" size={28} radius="xl" />
                  <div style={{ minWidth: 0 }}>
                    <AnchorLink to="/people/$personId" params={{ personId: p.id }} size="sm" fw={500}>
                      {p.fullName}
                    </AnchorLink>
                    {p.jobTitle ? (
                      <Text size="xs" c="dimmed" truncate>
                        {p.jobTitle}
                      </Text>
                    ) : null}
                  </div>
                </Group>
                <StageBadge stage={p.lifecycleStage} size="xs" />
              </Group>
            ))}
            {people.data.total > people.data.data.length ? (
              <AnchorLink to="/people" search={{ filter: [`companyId:eq:${company.id}`] }} size="sm">
                See all {formatTotal(people.data.total, people.data.totalCapped)} people
              </AnchorLink>
            ) : null}
          </Stack>
        )}
      </Paper>
      {company.parent !== undefined || (children.data && children.data.data.length > 0) ? (
        <Paper withBorder p="md" radius="md">
          <Title order={2} size="h4" mb="sm">
            Group
          </Title>
          <Stack gap="xs">
            <Text size="xs" c="dimmed" fw={500}>
              Parent company
            </Text>
            {company.parent ? (
              <CompanyLine company={company.parent} />
            ) : (
              <Text size="sm" c="dimmed">
                None
              </Text>
            )}
            {children.data && children.data.data.length > 0 ? (
              <>
                <Text size="xs" c="dimmed" fw={500} mt="xs">
                  Subsidiaries
                </Text>
                {children.data.data.map((c) => (
                  <CompanyLine key={c.id} company={{ id: c.id, name: c.name ?? '' }} />
                ))}
              </>
            ) : null}
          </Stack>
        </Paper>
      ) : null}
    </Stack>
  );
}
