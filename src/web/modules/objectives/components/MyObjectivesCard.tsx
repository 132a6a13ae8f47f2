import { Group, Skeleton, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { AnchorLink } from '../../../ui/links.tsx';
import { useMe } from '../../auth/hooks/useMe.ts';
import { objectivesQueryOptions } from '../api.ts';
import { StatusBadge } from './StatusBadge.tsx';

/** The home page's list of the objectives you own, each with its status. */
export function MyObjectivesCard() {
  const me = useMe();
  const objectives = useQuery(objectivesQueryOptions());
  if (objectives.isPending) return <Skeleton height={48} />;
  if (objectives.isError) return <ErrorAlert error={objectives.error} title="Your objectives could not load" />;
  const mine = objectives.data.filter((o) => o.ownerId === me.user.id);
  if (mine.length === 0)
    return (
      <Text size="sm" c="dimmed">
        You own no objectives.{' '}
        <AnchorLink to="/objectives" underline="always">
          See every objective
        </AnchorLink>
      </Text>
    );
  return (
    <Stack gap="xs">
      {mine.map((o) => (
        <Group key={o.id} justify="space-between" wrap="nowrap" gap="xs">
          <AnchorLink to="/objectives/$objectiveId" params={{ objectiveId: o.id }} underline="always" size="sm">
            {o.name}
          </AnchorLink>
          <StatusBadge status={o.status} size="sm" />
        </Group>
      ))}
    </Stack>
  );
}
