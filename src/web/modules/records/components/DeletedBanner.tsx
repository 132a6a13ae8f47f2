import { Alert, Button, Group, Text } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { fromNow } from '../../../ui/format.ts';

export function DeletedBanner({
  deletedAt,
  what,
  canRestore,
  onRestore,
  restoring,
}: {
  deletedAt: string;
  what: string;
  canRestore: boolean;
  onRestore: () => void;
  restoring: boolean;
}) {
  return (
    <Alert color="red" variant="light" icon={<IconTrash size={18} aria-hidden />} mb="md" role="status">
      <Group justify="space-between" gap="sm">
        <Text size="sm">
          This {what} was deleted {fromNow(deletedAt)}. It is hidden from lists and search until it is restored.
        </Text>
        {canRestore ? (
          <Button size="xs" color="red" variant="filled" onClick={onRestore} loading={restoring}>
            Restore
          </Button>
        ) : null}
      </Group>
    </Alert>
  );
}
