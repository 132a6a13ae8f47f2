import { ActionIcon, Badge, Button, Menu } from '@mantine/core';
import { IconDots, IconPencil, IconTrash } from '@tabler/icons-react';

/**
 * A record page's header actions: Edit, and Delete under "More actions". Nothing for a record in the bin or for a
 * reader who may do neither.
 */
export function RecordHeaderActions({
  deleted,
  canEdit,
  canDelete,
  onEdit,
  onDelete,
  deleteLabel,
}: {
  deleted: boolean;
  canEdit: boolean;
  canDelete: boolean;
  onEdit: () => void;
  onDelete: () => void;
  /** e.g. "Delete person" */
  deleteLabel: string;
}) {
  if (deleted || !(canEdit || canDelete)) return null;
  return (
    <>
      {canEdit ? (
        <Button leftSection={<IconPencil size={16} aria-hidden />} variant="default" onClick={onEdit}>
          Edit
        </Button>
      ) : null}
      {canDelete ? (
        <Menu position="bottom-end">
          <Menu.Target>
            <ActionIcon variant="default" size="lg" aria-label="More actions">
              <IconDots size={18} />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item color="red" leftSection={<IconTrash size={16} aria-hidden />} onClick={onDelete}>
              {deleteLabel}
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      ) : null}
    </>
  );
}

/** A record's tags as outlined badges (`#tag`), for the header's extra line. */
export function TagBadges({ tags }: { tags: string[] | undefined }) {
  return tags?.map((tag) => (
    <Badge key={tag} variant="outline" color="gray" size="sm" tt="none">
      #{tag}
    </Badge>
  ));
}
