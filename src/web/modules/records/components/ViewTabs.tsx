import {
  ActionIcon,
  Button,
  Group,
  Menu,
  Modal,
  ScrollArea,
  Stack,
  Switch,
  Tabs,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCopyPlus, IconDeviceFloppy, IconDots, IconPencil, IconTrash, IconUsersGroup } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '../../../api/client.ts';
import type { ObjectName, SavedView, SavedViewState } from '../../../api/types.ts';
import { createView, deleteView, fetchViews, updateView, viewsQueryKey } from '../api/records.ts';

function sameState(a: SavedViewState, b: SavedViewState): boolean {
  return (
    (a.q ?? '') === (b.q ?? '') &&
    (a.sort ?? '') === (b.sort ?? '') &&
    a.filters.join('\n') === b.filters.join('\n') &&
    a.columns.join(',') === b.columns.join(',')
  );
}

/**
 * Saved views as tabs: "All", then personal and shared views. Save the current state as a new view, or into the
 * open view when it is yours; rename, share or delete your views.
 */
export function ViewTabs({
  object,
  allLabel,
  activeId,
  current,
  columnsChanged = false,
  onSelect,
}: {
  object: ObjectName;
  allLabel: string;
  activeId: string | undefined;
  current: SavedViewState;
  /** The columns differ from the list's defaults (on "All", that alone is worth saving). */
  columnsChanged?: boolean;
  onSelect: (view: SavedView | null) => void;
}) {
  const queryClient = useQueryClient();
  const views = useQuery({ queryKey: viewsQueryKey(object), queryFn: () => fetchViews(object), staleTime: 60_000 });
  const [saveOpen, setSaveOpen] = useState(false);
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const [renaming, setRenaming] = useState<SavedView | null>(null);

  const list = views.data ?? [];
  const active = list.find((v) => v.id === activeId);
  const modified = active ? !sameState(active.state, current) : false;
  const hasState = current.filters.length > 0 || Boolean(current.q) || Boolean(current.sort) || columnsChanged;

  const save = useMutation({
    mutationFn: () => createView({ object, name: name.trim(), shared, state: current }),
    onSuccess: async (view) => {
      await queryClient.invalidateQueries({ queryKey: viewsQueryKey(object) });
      setSaveOpen(false);
      setName('');
      setShared(false);
      onSelect(view);
      notifications.show({ message: `View “${view.name}” saved.` });
    },
  });
  const update = useMutation({
    mutationFn: ({ view, ...input }: { view: SavedView; name?: string; shared?: boolean; state?: SavedViewState }) =>
      updateView(view.id, input),
    onSuccess: async (view, input) => {
      await queryClient.invalidateQueries({ queryKey: viewsQueryKey(object) });
      setRenaming(null);
      notifications.show({
        message: input.state ? `View “${view.name}” updated.` : `View “${view.name}” saved.`,
      });
    },
    onError: (error) =>
      notifications.show({ color: 'red', title: 'Could not save the view', message: errorMessage(error) }),
  });
  const remove = useMutation({
    mutationFn: (view: SavedView) => deleteView(view.id),
    onSuccess: async (_d, view) => {
      await queryClient.invalidateQueries({ queryKey: viewsQueryKey(object) });
      if (view.id === activeId) onSelect(null);
      notifications.show({ message: `View “${view.name}” deleted.` });
    },
    onError: (error) =>
      notifications.show({ color: 'red', title: 'Could not delete the view', message: errorMessage(error) }),
  });

  return (
    <Group gap="xs" wrap="nowrap" justify="space-between" align="flex-end">
      <ScrollArea type="never" style={{ flex: 1, minWidth: 0 }}>
        <Tabs
          value={active?.id ?? 'all'}
          onChange={(value) => onSelect(value === 'all' ? null : (list.find((v) => v.id === value) ?? null))}
          activateTabWithKeyboard={false}
        >
          <Tabs.List style={{ flexWrap: 'nowrap' }}>
            <Tabs.Tab value="all">{allLabel}</Tabs.Tab>
            {list.map((view) => (
              <Tabs.Tab
                key={view.id}
                value={view.id}
                leftSection={view.shared ? <IconUsersGroup size={14} aria-label="Shared view" /> : undefined}
              >
                {view.name}
                {view.id === activeId && modified ? ' •' : ''}
              </Tabs.Tab>
            ))}
          </Tabs.List>
        </Tabs>
      </ScrollArea>
      <Group gap={4} wrap="nowrap">
        {active?.mine && modified ? (
          <Button
            variant="subtle"
            size="compact-sm"
            leftSection={<IconDeviceFloppy size={16} aria-hidden />}
            loading={update.isPending}
            onClick={() => update.mutate({ view: active, state: current })}
          >
            Save changes
          </Button>
        ) : null}
        {(active && modified) || (!active && hasState) ? (
          <Button
            variant="subtle"
            size="compact-sm"
            leftSection={active ? <IconCopyPlus size={16} aria-hidden /> : <IconDeviceFloppy size={16} aria-hidden />}
            onClick={() => setSaveOpen(true)}
          >
            {active ? 'Save as new view' : 'Save view'}
          </Button>
        ) : null}
        {active?.mine ? (
          <Menu position="bottom-end">
            <Menu.Target>
              <ActionIcon variant="subtle" color="gray" aria-label={`Actions for view ${active.name}`}>
                <IconDots size={16} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item leftSection={<IconPencil size={16} aria-hidden />} onClick={() => setRenaming(active)}>
                Rename or share…
              </Menu.Item>
              <Menu.Item
                color="red"
                leftSection={<IconTrash size={16} aria-hidden />}
                onClick={() => remove.mutate(active)}
              >
                Delete view
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        ) : null}
      </Group>
      {renaming ? (
        <RenameViewModal
          view={renaming}
          saving={update.isPending}
          error={update.error}
          onClose={() => setRenaming(null)}
          onSave={(name, isShared) => update.mutate({ view: renaming, name, shared: isShared })}
        />
      ) : null}
      <Modal opened={saveOpen} onClose={() => setSaveOpen(false)} title="Save as a view" centered>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim()) save.mutate();
          }}
        >
          <Stack>
            <Text size="sm" c="dimmed">
              Keeps these filters, sort and columns as a tab you can come back to.
            </Text>
            <TextInput
              label="Name"
              required
              data-autofocus
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={save.error ? errorMessage(save.error) : undefined}
            />
            <Switch
              label="Share with the workspace"
              description="Everyone who can see this list gets the tab."
              checked={shared}
              onChange={(e) => setShared(e.currentTarget.checked)}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setSaveOpen(false)}>
                Cancel
              </Button>
              <Button type="submit" loading={save.isPending} disabled={!name.trim()}>
                Save view
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Group>
  );
}

function RenameViewModal({
  view,
  saving,
  error,
  onClose,
  onSave,
}: {
  view: SavedView;
  saving: boolean;
  error: unknown;
  onClose: () => void;
  onSave: (name: string, shared: boolean) => void;
}) {
  const [name, setName] = useState(view.name);
  const [shared, setShared] = useState(view.shared);
  return (
    <Modal opened onClose={onClose} title="Rename or share the view" centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) onSave(name.trim(), shared);
        }}
      >
        <Stack>
          <TextInput
            label="Name"
            required
            data-autofocus
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={error ? errorMessage(error) : undefined}
          />
          <Switch
            label="Share with the workspace"
            description="Everyone who can see this list gets the tab."
            checked={shared}
            onChange={(e) => setShared(e.currentTarget.checked)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={saving} disabled={!name.trim()}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
