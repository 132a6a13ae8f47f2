import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowMerge } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../../../api/client.ts';
import { formatDateTime } from '../../../ui/format.ts';
import { can, useMe } from '../../auth/hooks/useMe.ts';
import { refreshRecordViews } from '../../records/refresh.ts';
import { fetchMerges, type MergeKind, mergesKey, undoMerge } from '../api/merges.ts';

/** On a record's page: "Merged from …" for each merge into it still in force, with Undo while it can be undone. */
export function MergedFromBanner({ kind, id }: { kind: MergeKind; id: string }) {
  const me = useMe();
  const queryClient = useQueryClient();
  const merges = useQuery({ queryKey: mergesKey(kind, id), queryFn: () => fetchMerges(kind, id) });
  const undo = useMutation({
    mutationFn: (mergeId: string) => undoMerge(mergeId),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['merges', kind] });
      void queryClient.invalidateQueries({ queryKey: ['duplicates', kind] });
      void refreshRecordViews(queryClient, kind);
      notifications.show({ message: 'Merge undone: both records are back.' });
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Could not undo', message: errorMessage(error) }),
  });
  const live = (merges.data?.data ?? []).filter((m) => m.status === 'merged');
  if (live.length === 0) return null;
  const mayUndo = can(me, kind, 'update') && can(me, kind, 'delete');
  return (
    <Alert variant="light" icon={<IconArrowMerge size={18} aria-hidden />} mb="md" role="status">
      <Stack gap={4}>
        {live.map((m) => (
          <Group key={m.id} justify="space-between" gap="sm">
            <Text size="sm">
              Merged from {m.merged.map((r) => r.name).join(', ')} on {formatDateTime(m.createdAt)}.
            </Text>
            {mayUndo && m.canUndo ? (
              <Button
                size="xs"
                variant="default"
                onClick={() => undo.mutate(m.id)}
                loading={undo.isPending && undo.variables === m.id}
              >
                Undo merge
              </Button>
            ) : null}
          </Group>
        ))}
      </Stack>
    </Alert>
  );
}
