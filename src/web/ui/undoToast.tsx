import { Button, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { errorMessage } from '../api/client.ts';

/**
 * A toast for a one-click change with Undo beside its message ("Promise kept. Undo"). Undo runs once; if it fails,
 * a red toast says why.
 */
export function showUndoToast({
  message,
  onUndo,
  undone,
  color = 'teal',
}: {
  message: string;
  onUndo: () => Promise<unknown>;
  /** Said after a successful undo. */
  undone: string;
  color?: string;
}): void {
  let used = false;
  const id = notifications.show({
    color,
    autoClose: 8000,
    message: (
      <Group justify="space-between" gap="sm" wrap="nowrap">
        <Text size="sm">{message}</Text>
        <Button
          size="compact-sm"
          variant="light"
          onClick={async () => {
            if (used) return;
            used = true;
            notifications.hide(id);
            try {
              await onUndo();
              notifications.show({ message: undone });
            } catch (error) {
              notifications.show({ color: 'red', title: 'Could not undo', message: errorMessage(error) });
            }
          }}
        >
          Undo
        </Button>
      </Group>
    ),
  });
}
