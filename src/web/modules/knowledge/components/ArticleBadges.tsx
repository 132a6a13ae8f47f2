import { Badge, Group } from '@mantine/core';
import { IconLock, IconWorld } from '@tabler/icons-react';
import { statusLabel, visibilityLabel } from '../api.ts';

/** Visibility and status, each with a word (never colour alone). */
export function ArticleBadges({ visibility, status }: { visibility?: string; status?: string }) {
  return (
    <Group gap={6} wrap="nowrap">
      <Badge
        variant="light"
        color={visibility === 'public' ? 'teal' : 'gray'}
        leftSection={visibility === 'public' ? <IconWorld size={12} /> : <IconLock size={12} />}
      >
        {visibilityLabel(visibility)}
      </Badge>
      <Badge variant="light" color={status === 'published' ? 'blue' : 'yellow'}>
        {statusLabel(status)}
      </Badge>
    </Group>
  );
}
