import { Button, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../../../api/client.ts';
import type { AnchorKind } from '../../../api/types.ts';
import { refreshRecordViews } from '../refresh.ts';

/** Soft delete with "Undo" in the toast, and restore. Lists and the record refresh afterwards. */
export function useDeleteRestore({
  object,
  recordKey,
  remove,
  restore,
}: {
  object: AnchorKind;
  recordKey: readonly unknown[];
  remove: () => Promise<void>;
  restore: () => Promise<unknown>;
}) {
  const queryClient = useQueryClient();
  const refresh = async () => {
    await refreshRecordViews(queryClient, object, recordKey);
  };

  const restoreMutation = useMutation({
    mutationFn: restore,
    onSuccess: async () => {
      await refresh();
      notifications.show({ color: 'teal', message: 'Restored.' });
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Could not restore', message: errorMessage(error) }),
  });

  const deleteMutation = useMutation({
    mutationFn: (_name: string) => remove(),
    onSuccess: async (_data, name) => {
      await refresh();
      const id = notifications.show({
        autoClose: 8000,
        message: (
          <Group justify="space-between" gap="sm" wrap="nowrap">
            <Text size="sm">Deleted {name}.</Text>
            <Button
              size="compact-sm"
              variant="light"
              onClick={() => {
                notifications.hide(id);
                restoreMutation.mutate();
              }}
            >
              Undo
            </Button>
          </Group>
        ),
      });
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Could not delete', message: errorMessage(error) }),
  });

  return { deleteMutation, restoreMutation };
}
