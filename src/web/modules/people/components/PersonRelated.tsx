import { Avatar, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconBuildingSkyscraper } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import type { Person } from '../../../api/types.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { AnchorLink } from '../../../ui/links.tsx';
import { fetchCompanyPeople } from '../../companies/api/companies.ts';
import { PortalAccessPanel } from '../../portal/PortalAccessPanel.tsx';

/** The person's company and the other people there. */
export function PersonRelated({ person }: { person: Person }) {
  const companyId = person.company?.id ?? person.companyId ?? null;
  const colleagues = useQuery({
    queryKey: ['companies', 'people', companyId, 6],
    queryFn: () => fetchCompanyPeople(companyId ?? '', 6),
    enabled: Boolean(companyId),
  });
  const others = (colleagues.data?.data ?? []).filter((p) => p.id !== person.id).slice(0, 5);

  return (
    <Stack gap="md">
      <PortalAccessPanel personId={person.id} hasEmail={(person.emails?.length ?? 0) > 0} />
      <Paper withBorder p="md" radius="md">
        <Title order={2} size="h4" mb="sm">
          Company
        </Title>
        {person.company ? (
          <Group gap="sm" wrap="nowrap">
            <Avatar color="gray" radius="md">
              <IconBuildingSkyscraper size={18} aria-hidden />
            </Avatar>
            <AnchorLink to="/companies/$companyId" params={{ companyId: person.company.id }} fw={600}>
              {person.company.name}
            </AnchorLink>
          </Group>
        ) : (
          <Text size="sm" c="dimmed">
            Not linked to a company. Edit the person to pick one.
          </Text>
        )}
      </Paper>
      {companyId ? (
        <Paper withBorder p="md" radius="md">
          <Title order={2} size="h4" mb="sm">
            Colleagues
          </Title>
          {colleagues.isError ? (
            <ErrorAlert error={colleagues.error} title="Colleagues could not load" />
          ) : others.length === 0 ? (
            <Text size="sm" c="dimmed">
              {colleagues.isPending ? 'Loading…' : 'Nobody else from this company yet.'}
            </Text>
          ) : (
            <Stack gap="xs">
              {others.map((p) => (
                <Group key={p.id} gap="sm" wrap="nowrap">
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
              ))}
              {(colleagues.data?.total ?? 0) > others.length + 1 ? (
                <AnchorLink to="/people" search={{ filter: [`companyId:eq:${companyId}`] }} size="sm">
                  See all {colleagues.data?.total} people
                </AnchorLink>
              ) : null}
            </Stack>
          )}
        </Paper>
      ) : null}
    </Stack>
  );
}
