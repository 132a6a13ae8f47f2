import { Alert, Group, Text } from '@mantine/core';
import { IconListCheck } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { ButtonLink } from '../../../ui/links.tsx';
import { can, useMe } from '../../auth/hooks/useMe.ts';
import { setupQueryOptions } from '../api.ts';

/** On My day, for administrators of a workspace that has not been set up yet: the way into the five questions. */
export function SetupBanner() {
  const me = useMe();
  const admin = can(me, 'settings', 'update');
  const setup = useQuery({ ...setupQueryOptions(), enabled: admin });
  if (!admin || !setup.data || setup.data.completed) return null;
  return (
    <Alert
      color="teal"
      variant="light"
      icon={<IconListCheck size={20} aria-hidden />}
      title="Set Rapport up in five questions"
    >
      <Group justify="space-between" align="center" gap="sm">
        <Text size="sm">
          What kind of business this is, how good your data is, what the CRM must achieve, where customers meet you and
          which metrics tell you it works. Your answers configure the rest; everything stays editable.
        </Text>
        <ButtonLink to="/setup" size="sm">
          Start the set-up
        </ButtonLink>
      </Group>
    </Alert>
  );
}
